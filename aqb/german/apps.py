from django.apps import AppConfig


class GermanConfig(AppConfig):
    name = "aqb.german"
    default_auto_field = "django.db.models.BigAutoField"
