"""The daily notification work as periodic tasks (in AQB_SCHEDULE; docs/jobs.md)."""

from aqb.jobs.compat import task

from . import daily


@task()
def reminders_send() -> dict:
    """Today's reminders (idempotent) and the immediate e-mails still due."""
    return daily.send_reminders()


@task()
def digests_send() -> int:
    """The daily summaries; retries immediate e-mails that failed earlier."""
    return daily.send_digests()


@task()
def emails_retry() -> dict:
    """E-mails a failed run left queued (mail server down): every 10 minutes."""
    return daily.send_retries()
