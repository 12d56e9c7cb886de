"""Periodic housekeeping of the jobs app (in AQB_SCHEDULE by default)."""

from __future__ import annotations

from django.conf import settings

from .compat import task
from .services import heartbeats_prune, jobs_prune, task_results_prune


@task()
def housekeeping() -> dict:
    """Delete finished jobs and their files after AQB_JOBS_KEEP_DAYS, finished task rows of
    django-tasks after twice that, and heartbeats of workers gone for a day."""
    days = getattr(settings, "AQB_JOBS_KEEP_DAYS", 7)
    return {"jobs": jobs_prune(days=days), "task_results": task_results_prune(days=2 * days),
            "heartbeats": heartbeats_prune()}
