from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "aqb.agreements"
    default_auto_field = "django.db.models.BigAutoField"
