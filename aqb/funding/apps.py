from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "aqb.funding"
    verbose_name = "Förderverfahren"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            notices,  # noqa: F401  (registers the floor of allocations: granted)
            proof_reminders,  # noqa: F401  (registers reminders of proofs due)
        )
