from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    """Second factor at login (TOTP app and one-time backup codes), on django-otp."""

    name = "aqb.twofactor"
    verbose_name = "Zwei-Faktor-Anmeldung"
    default_auto_field = "django.db.models.BigAutoField"
