from django.apps import AppConfig


class UiConfig(AppConfig):
    """The shared UI kit: base and error templates, form helpers, KERN and htmx assets."""

    name = "aqb.ui"
    default_auto_field = "django.db.models.BigAutoField"
