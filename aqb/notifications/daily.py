"""The daily entry points, plain functions without arguments that a scheduler can wrap as
tasks (see docs/notifications.md): add to the schedule
`aqb.notifications.daily.send_reminders` (once a day, early morning) and
`aqb.notifications.daily.send_digests` (once a day, after the reminders)."""

from . import services


def send_reminders() -> dict[str, int]:
    """Today's reminders (idempotent), then the immediate e-mails still due."""
    return services.reminders_send()


def send_digests() -> int:
    """The daily summaries; also retries immediate e-mails that failed earlier."""
    services.email_send_due()
    return services.digest_send()
