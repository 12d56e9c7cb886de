from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "aqb.notifications"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Benachrichtigungen"
