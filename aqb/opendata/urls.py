"""/opendata/: the open-data files, their Data Package descriptors and the DCAT catalogue."""

from django.urls import path

from . import views_catalog, views_files

urlpatterns: list = [
    path("", views_files.index, name="index"),
    path("daten/<slug:slug>/datapackage.json", views_files.data_package, name="datapackage"),
    path("daten/<slug:slug>/<str:file>", views_files.data_file, name="file"),
]

# The DCAT-AP.de catalogue (docs/opendata.md).
urlpatterns += [
    path("catalog.ttl", views_catalog.catalog_ttl, name="catalog_ttl"),
    path("catalog.jsonld", views_catalog.catalog_jsonld_view, name="catalog_jsonld"),
]
