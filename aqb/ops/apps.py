from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore of the database and the stored files."""

    name = "aqb.ops"
    default_auto_field = "django.db.models.BigAutoField"
