from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "aqb.opendata"
    verbose_name = "Offene Daten"
    default_auto_field = "django.db.models.BigAutoField"
