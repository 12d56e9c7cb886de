from django.urls import path

from . import views

urlpatterns = [
    path("regionen/", views.region_list_view, name="region_list"),
    path("regionen/<str:ags>/", views.region_detail, name="region_detail"),
]
