from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "aqb.monitoring"
    verbose_name = "Teilnehmendenmonitoring"
    default_auto_field = "django.db.models.BigAutoField"
