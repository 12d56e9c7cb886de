"""Scheduled work of monitoring (AQB_SCHEDULE): the daily retention run."""

from __future__ import annotations

from aqb.jobs.compat import task


@task()
def retention() -> dict:
    """Delete records whose retention period has ended (figures unchanged) and tell the
    ministry what was deleted."""
    from .reports import retention_report_send
    from .retention import retention_run

    report = retention_run()
    retention_report_send(report)
    return report.as_dict()
