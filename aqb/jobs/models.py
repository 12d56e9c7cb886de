"""A job a user started (its state and progress as the page shows it), the periodic
schedule's last runs and the worker's heartbeat."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "wartet"
    RUNNING = "running", "läuft"
    DONE = "done", "fertig"
    FAILED = "failed", "fehlgeschlagen"


class Job(models.Model):
    """One piece of long work a user started; the task (django-tasks) reports into it.

    The uuid is the key in URLs, so nobody can count or guess other users' jobs; the page of a
    job is found only for the user who started it (selectors take the user)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="jobs")
    title = models.CharField("Auftrag", max_length=200)
    task_path = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    file = models.CharField(max_length=300, blank=True)  # under MEDIA_ROOT, written whole
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    back_url = models.CharField(max_length=300, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class ScheduleRun(models.Model):
    """The last slot of a periodic task that was enqueued. A worker claims a slot with one
    conditional update, so two workers never enqueue the same slot twice."""

    task_path = models.CharField(max_length=200, unique=True)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.task_path} @ {self.slot:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """One row per worker, written once a minute; /healthz reports the age of the newest."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200, blank=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} {self.beat_at:%Y-%m-%d %H:%M:%S}"
