"""/opendata/: the open-data files, their Data Package descriptors and the DCAT catalogue."""

from django.urls import path  # noqa: F401

from . import views_catalog

urlpatterns: list = []

# The DCAT-AP.de catalogue (docs/opendata-catalog.md).
urlpatterns += [
    path("catalog.ttl", views_catalog.catalog_ttl, name="catalog_ttl"),
    path("catalog.jsonld", views_catalog.catalog_jsonld_view, name="catalog_jsonld"),
]
