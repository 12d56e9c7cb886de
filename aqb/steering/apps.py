from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "aqb.steering"
    verbose_name = "Steuerung"
    default_auto_field = "django.db.models.BigAutoField"
