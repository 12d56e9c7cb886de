from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "aqb.funding"
    verbose_name = "Förderverfahren"
    default_auto_field = "django.db.models.BigAutoField"
