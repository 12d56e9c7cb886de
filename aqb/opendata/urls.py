"""/opendata/: the open-data files, their Data Package descriptors and the DCAT catalogue."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
