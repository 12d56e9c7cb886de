"""Starting, running, retrying jobs; the periodic schedule's tick; the worker's heartbeat.

A task that reports into a job takes ``job_id`` and runs its work inside ``job_run``::

    @task()
    def agreements_zip(job_id: str, year: int) -> None:
        with job_run(job_id) as run:
            run.progress(0, 26, "…")
            with run.output("Zielvereinbarungen-2025.zip", "application/zip") as path:
                ...write the file at path...

``job_run`` marks the job running, records a failure with a German message (a ``JobError``
says what went wrong; anything else gets a general message and a log entry) and re-raises,
so the task framework records the failure too. ``run.output`` writes to a temporary file
beside the target and renames it only when the block finishes: a failed job leaves no file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import schedule
from .models import Heartbeat, Job, JobStatus, ScheduleRun

logger = logging.getLogger("aqb.jobs")

GENERAL_FAILURE = ("Der Auftrag ist wegen eines unerwarteten Fehlers abgebrochen. Bitte "
                   "versuchen Sie es erneut; bleibt der Fehler, wenden Sie sich an den Betrieb.")


class JobError(Exception):
    """A failure the user can understand: its message (German) is shown on the job's page."""


def jobs_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs"


def job_start(*, user, task, title: str, back_url: str = "", **params) -> Job:
    """Create the job of ``user`` and enqueue ``task(job_id=…, **params)``."""
    job = Job.objects.create(user=user, title=title, task_path=task.module_path,
                             params=params, back_url=back_url)
    _enqueue(job, task)
    return job


def job_retry(*, user, job: Job) -> Job:
    """Start a failed job of ``user`` again, with the same parameters."""
    if job.user_id != user.pk:
        raise PermissionError("Nur wer den Auftrag gestartet hat, kann ihn wiederholen.")
    if job.status != JobStatus.FAILED:
        raise JobError("Nur ein fehlgeschlagener Auftrag kann wiederholt werden.")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, done=0, total=0, step="",
                                         message="", started_at=None, finished_at=None)
    job.refresh_from_db()
    _enqueue(job, import_string(job.task_path))
    return job


def _enqueue(job: Job, task) -> None:
    result = task.enqueue(job_id=str(job.pk), **job.params)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.task_result_id = str(result.id)


class JobRun:
    def __init__(self, job: Job):
        self.job = job

    def progress(self, done: int, total: int, step: str = "") -> None:
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, step=step[:200])
        self.job.done, self.job.total, self.job.step = done, total, step[:200]

    @contextlib.contextmanager
    def output(self, file_name: str, file_type: str):
        """A path to write the job's file to; it becomes the job's download only when the
        block ends without error (temporary file, then an atomic rename)."""
        folder = jobs_root() / str(self.job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "ergebnis"
        partial = folder / "ergebnis.teil"
        try:
            yield partial
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        relative = target.relative_to(Path(settings.MEDIA_ROOT)).as_posix()
        Job.objects.filter(pk=self.job.pk).update(file=relative, file_name=file_name,
                                                  file_type=file_type)
        self.job.file, self.job.file_name, self.job.file_type = relative, file_name, file_type


@contextlib.contextmanager
def job_run(job_id: str):
    """Run the body as the job ``job_id``: running → done, or failed with a German message."""
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now(),
                                         attempts=job.attempts + 1, message="")
    run = JobRun(job)
    try:
        yield run
    except Exception as exc:
        message = str(exc) if isinstance(exc, JobError) else GENERAL_FAILURE
        if not isinstance(exc, JobError):
            logger.exception("Auftrag %s (%s) fehlgeschlagen", job.pk, job.task_path)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message=message,
                                             finished_at=timezone.now())
        raise
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, finished_at=timezone.now())


def jobs_prune(*, days: int = 7) -> int:
    """Delete finished jobs (and their files) older than ``days``; the number deleted."""
    cutoff = timezone.now() - timezone.timedelta(days=days)
    old = list(Job.objects.filter(finished_at__lt=cutoff).values_list("pk", flat=True))
    for pk in old:
        shutil.rmtree(jobs_root() / str(pk), ignore_errors=True)
    Job.objects.filter(pk__in=old).delete()
    return len(old)


def task_results_prune(*, days: int = 14) -> int:
    """Delete django-tasks' rows of tasks finished more than ``days`` ago (their jobs, with
    progress and message, are kept by `jobs_prune`'s own rule)."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timezone.timedelta(days=days)
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()[0]


# --- the periodic schedule ----------------------------------------------------------------

def schedule_tick(*, now=None) -> list[str]:
    """Enqueue every periodic task whose newest slot was not enqueued yet; the paths
    enqueued. Safe to run from several workers at once: a slot is claimed by one conditional
    update (or one insert) in the same transaction as the enqueue."""
    now = now or timezone.now()
    enqueued = []
    for entry in schedule.entries():
        slot = entry.last_slot(now)
        try:
            with transaction.atomic():
                claimed = ScheduleRun.objects.filter(
                    task_path=entry.task_path, slot__lt=slot).update(slot=slot, enqueued_at=now)
                if not claimed:
                    if ScheduleRun.objects.filter(task_path=entry.task_path).exists():
                        continue  # this slot is enqueued already
                    ScheduleRun.objects.create(task_path=entry.task_path, slot=slot,
                                               enqueued_at=now)
                entry.task().enqueue()
        except IntegrityError:
            continue  # another worker inserted the first run at the same moment
        enqueued.append(entry.task_path)
        logger.info("Geplante Aufgabe %s eingereiht (Termin %s)", entry.task_path, slot)
    return enqueued


def heartbeat_beat(*, worker_id: str, now=None) -> None:
    """The worker ``worker_id`` is alive (/healthz reports the newest beat's age)."""
    Heartbeat.objects.update_or_create(
        worker_id=worker_id[:64],
        defaults={"beat_at": now or timezone.now(), "host": socket.gethostname()[:200]})


def heartbeats_prune(*, keep_seconds: int = 24 * 3600) -> int:
    cutoff = timezone.now() - timezone.timedelta(seconds=keep_seconds)
    return Heartbeat.objects.filter(beat_at__lt=cutoff).delete()[0]
