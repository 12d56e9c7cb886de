from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aqb.accounts"
    default_auto_field = "django.db.models.BigAutoField"
