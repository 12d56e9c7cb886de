from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs (django-tasks, database backend): job status per user, the periodic
    schedule, the worker's heartbeat and `aqb worker`."""

    name = "aqb.jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401
