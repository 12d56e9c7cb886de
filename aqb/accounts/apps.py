from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aqb.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import middleware  # noqa: F401  (connects the login signal: session end)
