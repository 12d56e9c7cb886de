"""Record pages under /teilnehmende/ (namespace "records")."""

from django.urls import path

from . import views_records as v
from . import views_settings as s

urlpatterns = [
    path("", v.record_index, name="index"),
    path("projekt/<int:pk>/<int:year>/", v.record_list, name="list"),
    path("projekt/<int:pk>/<int:year>/neu/", v.record_create, name="create"),
    path("projekt/<int:pk>/<int:year>/export.csv", v.record_export, name="export"),
    path("datensatz/<int:pk>/", v.record_detail, name="detail"),
    path("datensatz/<int:pk>/korrigieren/", v.record_edit, name="edit"),
    path("datensatz/<int:pk>/loeschen/", v.record_delete, name="delete"),
    path("zugriffe/", v.record_access_log, name="access_log"),
    path("einstellungen/", s.monitoring_settings, name="settings"),
    path("verzeichnis/", s.processing_record_page, name="processing_record"),
]
