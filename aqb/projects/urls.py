from django.urls import path

from . import views, views_edit

urlpatterns = [
    path("", views.project_index, name="index"),
    path("neu/<str:ags>/", views_edit.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views_edit.project_edit, name="edit"),
    path("<int:pk>/traeger/", views_edit.project_provider, name="provider"),
]
