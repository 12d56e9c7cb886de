"""Background jobs of the participant import: check an uploaded file, or check and store it.

The job's parameters name the project, the year and the uploaded file as the server stored
it (`monitoring/uploads/<random>.csv|.xlsx` in Django's default storage: the file system
or object storage, so the web server that took the upload and the worker that reads it may be
different machines); never names or values. The outcome is stored beside the job's files as
`ergebnis.json` (rows, stored, the errors listed, their total), the errors also as the job's
download (`Fehlerliste.csv`).
"""

from __future__ import annotations

import csv
import json
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from aqb.budgets.exports import safe_text
from aqb.jobs.compat import task
from aqb.jobs.models import Job
from aqb.jobs.services import JobError, job_folder, job_run, storage_put, storage_read
from aqb.projects.models import Project

from .importing import FileUnreadable, ImportResult, participants_import

UPLOADS = "monitoring/uploads"


def upload_name(stored: str) -> str:
    """The storage name of an uploaded list (only its own file name is taken from `stored`)."""
    return f"{UPLOADS}/{PurePosixPath(stored).name}"


def upload_save(upload, suffix: str) -> str:
    """Store an uploaded list under a random name; the name the job is given."""
    stored = f"{uuid.uuid4().hex}{suffix}"
    storage_put(upload_name(stored), upload)
    return stored


def result_name(job_id) -> str:
    return f"{job_folder(job_id)}/ergebnis.json"


def result_of(job: Job) -> dict | None:
    raw = storage_read(result_name(job.pk))
    try:
        return json.loads(raw) if raw is not None else None
    except ValueError:
        return None


def errors_csv(result: ImportResult, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Zeile", "Spalte", "Fehler"])
        for e in result.errors:
            writer.writerow([e["row"], safe_text(e["column"]), safe_text(e["message"])])


def uploads_prune(days: int | None = None) -> int:
    """Delete uploaded lists older than AQB_JOBS_KEEP_DAYS (checks never taken over)."""
    days = days if days is not None else getattr(settings, "AQB_JOBS_KEEP_DAYS", 7)
    cutoff = timezone.now() - timedelta(days=days)
    removed = 0
    try:
        files = default_storage.listdir(UPLOADS)[1]
    except (FileNotFoundError, OSError):
        return 0
    for file in files:
        name = f"{UPLOADS}/{file}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                removed += 1
        except (FileNotFoundError, OSError):
            continue
    return removed


@task()
def participants_import_job(job_id: str, project_id: int, year: int, upload: str, name: str,
                            store: bool = False) -> dict:
    with job_run(job_id) as run:
        job = run.job
        project = Project.objects.get(pk=project_id)
        uploads_prune()
        stored = upload_name(upload)
        content = storage_read(stored)
        if content is None:
            raise JobError("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte erneut "
                           "hochladen.")
        run.progress(0, 0, "Prüfen")
        # The reader streams from a local file: a private copy for this job only.
        with tempfile.TemporaryDirectory(prefix="aqb-import-") as tmp:
            path = Path(tmp) / PurePosixPath(stored).name
            path.write_bytes(content)
            try:
                result = participants_import(
                    actor=job.user, project=project, year=year, path=path, name=name,
                    check_only=not store,
                    progress=lambda done, total, step: run.progress(done, total, step))
            except FileUnreadable as exc:
                default_storage.delete(stored)  # refused: nothing of it is kept
                raise JobError(str(exc)) from None
        done = result.stored if store else result.rows
        run.progress(done, done, "Übernommen" if result.stored else "Geprüft")
        summary = {**result.as_json(), "errors_total": result.error_count,
                   "created": result.created, "corrected": result.corrected,
                   "reentries": result.reentries, "store": store}
        storage_put(result_name(job.pk), json.dumps(summary, ensure_ascii=False).encode())
        if not result.ok:
            with run.output("Fehlerliste.csv", "text/csv; charset=utf-8") as out:
                errors_csv(result, out)
        if result.stored or not result.ok:  # taken over, or never to be: not kept
            default_storage.delete(stored)
    return {"rows": result.rows, "stored": result.stored, "errors": result.error_count}
