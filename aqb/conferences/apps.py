from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "aqb.conferences"
    verbose_name = "Tagungen"
    default_auto_field = "django.db.models.BigAutoField"
