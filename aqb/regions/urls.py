from django.urls import path

from . import views

urlpatterns = [
    path("", views.master_data, name="master_data"),
    path("ministerium/neu/", views.ministry_name_edit, name="ministry_name_new"),
    path("ministerium/<int:pk>/", views.ministry_name_edit, name="ministry_name_edit"),
    path("bewilligungsbehoerde/", views.authority_edit, name="authority_edit"),
    path("regionen/<str:ags>/", views.region_edit, name="region_edit"),
    path("regionen/<str:ags>/unterzeichnende/neu/", views.signatory_edit, name="signatory_new"),
    path("regionen/<str:ags>/unterzeichnende/<int:pk>/", views.signatory_edit,
         name="signatory_edit"),
]
