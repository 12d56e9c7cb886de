from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API under /api/v1/ (django-ninja), with personal API tokens."""

    name = "aqb.api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"
