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
so the task framework records the failure too. ``run.output`` gives a local temporary file
and stores it (Django's default storage: file system or object storage, `jobs/<id>/…`) only
when the block finishes: a failed job leaves no file.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
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


JOBS = "jobs"


def job_folder(job_id) -> str:
    """The job's folder in the default storage (a storage name, not a local path)."""
    return f"{JOBS}/{job_id}"


def storage_put(name: str, content) -> str:
    """Store `content` (a File or bytes) as exactly `name`, replacing an earlier file of that
    name (job results and scratch files only: signed records are never replaced)."""
    from django.core.files.base import ContentFile

    if isinstance(content, bytes):
        content = ContentFile(content)
    default_storage.delete(name)
    stored = default_storage.save(name, content)
    if stored != name:  # a racing writer took the name: keep ours under the name asked for
        default_storage.delete(stored)
        raise OSError(f"{name} konnte nicht gespeichert werden")
    return stored


def storage_read(name: str) -> bytes | None:
    """The content of `name` in the default storage, or None if it is not there."""
    try:
        with default_storage.open(name, "rb") as f:
            return f.read()
    except (FileNotFoundError, OSError):
        return None


def storage_remove_tree(folder: str) -> None:
    """Delete every file under `folder` in the default storage (missing: nothing to do)."""
    try:
        dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, OSError):
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for sub in dirs:
        storage_remove_tree(f"{folder}/{sub}")


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
        """A local path to write the job's file to; it is stored (default storage) and becomes
        the job's download only when the block ends without error."""
        relative = f"{job_folder(self.job.pk)}/ergebnis"
        with tempfile.TemporaryDirectory(prefix="aqb-job-") as tmp:
            partial = Path(tmp) / "ergebnis.teil"
            yield partial
            with partial.open("rb") as fh:
                storage_put(relative, File(fh, name="ergebnis"))
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
        storage_remove_tree(job_folder(pk))
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


# --- jobs of a worker that died --------------------------------------------------------------

WORKER_LOST = ("Der Auftrag wurde {n}-mal abgebrochen, weil der Hintergrunddienst während der "
               "Arbeit beendet wurde. Es wurde nichts halb gespeichert. Bitte versuchen Sie es "
               "erneut; bleibt der Fehler, wenden Sie sich an den Betrieb.")
WORKER_LOST_CLASS = "aqb.jobs.services.WorkerLost"


def jobs_recover(*, lease_seconds: int | None = None, max_attempts: int | None = None,
                 own_worker_id: str = "", now=None) -> dict[str, int]:
    """Give back the tasks of workers that died while running them (SIGKILL, power cut, OOM).

    django-tasks-db marks a claimed task RUNNING and only its own worker ever finishes it: a
    killed worker leaves it RUNNING for ever. The rule (docs/reliability.md, "Faults"): a task
    is orphaned when it is RUNNING and the worker that claimed it last (``worker_ids[-1]``)
    has not beaten for ``lease_seconds`` (no heartbeat row at all counts as the task's start),
    or when that worker is ``own_worker_id`` (a worker that starts again under the same id
    runs nothing yet). An orphaned task with fewer than ``max_attempts`` claims is put back
    (READY; its job back to "wartet"), else it fails, and so does its job, with a German
    reason. Work of a task is one transaction, so the killed attempt left nothing behind.
    Each task is taken by one conditional update: two workers recovering at once are safe."""
    from django_tasks_db.models import DBTaskResult

    from .compat import TaskResultStatus

    now = now or timezone.now()
    lease = lease_seconds if lease_seconds is not None else settings.AQB_JOBS_LEASE_SECONDS
    attempts = max_attempts if max_attempts is not None else settings.AQB_JOBS_MAX_ATTEMPTS
    cutoff = now - timezone.timedelta(seconds=lease)
    beats = dict(Heartbeat.objects.values_list("worker_id", "beat_at"))
    counts = {"requeued": 0, "failed": 0}
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        last_sign = beats.get(worker[:64]) or result.started_at
        mine = bool(own_worker_id) and worker == own_worker_id
        if not mine and last_sign is not None and last_sign >= cutoff:
            continue  # its worker is alive (or died less than a lease ago)
        running = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING,
                                              started_at=result.started_at)
        with transaction.atomic():
            if len(result.worker_ids) < attempts:
                if not running.update(status=TaskResultStatus.READY, started_at=None):
                    continue
                Job.objects.filter(task_result_id=str(result.pk)).exclude(
                    status__in=[JobStatus.DONE, JobStatus.FAILED]).update(
                    status=JobStatus.QUEUED, done=0, total=0, step="", started_at=None)
                counts["requeued"] += 1
                logger.warning("Auftrag %s (%s): Hintergrunddienst %s verloren, neu eingereiht",
                               result.pk, result.task_path, worker)
            else:
                message = WORKER_LOST.format(n=len(result.worker_ids))
                if not running.update(status=TaskResultStatus.FAILED, finished_at=now,
                                      exception_class_path=WORKER_LOST_CLASS,
                                      traceback=message):
                    continue
                Job.objects.filter(task_result_id=str(result.pk)).exclude(
                    status__in=[JobStatus.DONE, JobStatus.FAILED]).update(
                    status=JobStatus.FAILED, message=message, finished_at=now)
                counts["failed"] += 1
                logger.error("Auftrag %s (%s): Hintergrunddienst %s verloren, %s Versuche, "
                             "fehlgeschlagen", result.pk, result.task_path, worker,
                             len(result.worker_ids))
    return counts


def heartbeats_prune(*, keep_seconds: int = 24 * 3600) -> int:
    cutoff = timezone.now() - timezone.timedelta(seconds=keep_seconds)
    return Heartbeat.objects.filter(beat_at__lt=cutoff).delete()[0]
