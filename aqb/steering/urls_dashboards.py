"""/steuerung/: the goal-assessment dashboards, report, exports and settings."""

from django.urls import path

from . import views_dashboards as views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.overview, name="overview"),
    path("<int:year>/gebiet/<str:ags>/", views.region_page, name="region"),
    path("<int:year>/gebiet/<str:ags>/bericht.pdf", views.region_report, name="region_report"),
    path("<int:year>/projekt/<int:pk>/", views.project_page, name="project"),
    path("<int:year>/einstellungen/", views.year_settings, name="settings"),
]
