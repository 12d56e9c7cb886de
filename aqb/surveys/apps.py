from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "aqb.surveys"
    verbose_name = "Umfragen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import reminders  # noqa: F401  (registers kinds, reminders and calendar deadlines)
