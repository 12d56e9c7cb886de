"""/oeffentlich/: the public pages (namespace "oeffentlich")."""

from django.urls import path

from . import views_pages

urlpatterns = [
    path("", views_pages.index, name="index"),
    path("suche/", views_pages.search, name="search"),
    path("regionen/<str:ags>/", views_pages.region_detail, name="region"),
    path("<int:year>/", views_pages.year_detail, name="year"),
    path("<int:year>/regionen/<str:ags>/", views_pages.region_detail, name="year_region"),
]
