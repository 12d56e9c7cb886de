from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "aqb.budgets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import reminders  # noqa: F401  (registers reminders and calendar deadlines)
