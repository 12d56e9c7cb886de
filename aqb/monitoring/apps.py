from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "aqb.monitoring"
    verbose_name = "Teilnehmendenmonitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from aqb.funding import participants

        from . import reports  # noqa: F401  (registers the kind of the retention report)
        from .figures_link import entries_count

        participants.register(entries_count)
