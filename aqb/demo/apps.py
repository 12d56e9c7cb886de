from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "aqb.demo"
    default_auto_field = "django.db.models.BigAutoField"
