"""Reads of jobs: always those of one user (a job belongs to whoever started it)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .models import Heartbeat, Job


def job_list(*, user) -> QuerySet[Job]:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(user=user)


def job_get(*, user, pk) -> Job:
    """The job ``pk`` of ``user``; 404 for every other job (nobody learns it exists)."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError as exc:
        raise Http404("Auftrag nicht gefunden.") from exc
    job = job_list(user=user).filter(pk=key).first()
    if job is None:
        raise Http404("Auftrag nicht gefunden.")
    return job


def heartbeat_age_unscoped(*, now=None) -> float | None:
    """Seconds since the newest worker heartbeat; None if no worker ever beat."""
    newest = Heartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if newest is None:
        return None
    return max(0.0, ((now or timezone.now()) - newest).total_seconds())
