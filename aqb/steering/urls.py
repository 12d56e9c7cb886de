"""URLs of the steering app (namespace "steering"): the dashboards and settings
(`urls_dashboards`) and the autumn review meetings (`urls_reviews`, under besprechungen/)."""

from django.urls import include, path

from . import urls_dashboards, urls_reviews

urlpatterns = [
    *urls_dashboards.urlpatterns,
    path("besprechungen/", include(urls_reviews.urlpatterns)),
]
