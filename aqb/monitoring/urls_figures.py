"""/kennzahlen/: the figures of participant monitoring (namespace "kennzahlen")."""

from django.urls import path

from . import views_figures as views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.overview, name="overview"),
    path("<int:year>/gebiet/<str:ags>/", views.region_figures, name="region"),
    path("<int:year>/projekt/<int:pk>/", views.project_figures, name="project"),
]
