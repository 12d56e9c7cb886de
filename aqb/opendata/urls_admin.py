"""/veroeffentlichung/: the ministry publishes programme years for the public."""

from django.urls import path

from . import views_admin

urlpatterns = [
    path("", views_admin.year_list, name="years"),
    path("<int:year>/", views_admin.year_toggle, name="toggle"),
]
