from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "aqb.agreements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import reminders  # noqa: F401  (registers reminders and calendar deadlines)
