"""The daily entry points, plain functions without arguments. `aqb.notifications.tasks` wraps
them as tasks, which AQB_SCHEDULE runs at 06:00 and 06:30 (see docs/notifications.md)."""

from . import services


def send_reminders() -> dict[str, int]:
    """Today's reminders (idempotent), then the immediate e-mails still due."""
    return services.reminders_send()


def send_digests() -> int:
    """The daily summaries; also retries immediate e-mails that failed earlier."""
    services.email_send_due()
    return services.digest_send()


def send_retries() -> dict[str, int]:
    """What failed runs left queued (immediate e-mails, summaries of a passed day)."""
    return services.emails_retry()
