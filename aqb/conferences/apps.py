from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "aqb.conferences"
    verbose_name = "Tagungen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import reminders  # noqa: F401  (registers the kind and the calendar entries)
