"""Periodic housekeeping of the jobs app (in AQB_SCHEDULE by default)."""

from __future__ import annotations

from django.conf import settings

from .compat import task
from .services import heartbeats_prune, jobs_prune


@task()
def housekeeping() -> dict:
    """Delete finished jobs and their files after AQB_JOBS_KEEP_DAYS, and old heartbeats."""
    days = getattr(settings, "AQB_JOBS_KEEP_DAYS", 7)
    return {"jobs": jobs_prune(days=days), "heartbeats": heartbeats_prune()}
