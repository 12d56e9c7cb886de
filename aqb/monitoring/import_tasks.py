"""Background jobs of the participant import: check an uploaded file, or check and store it.

The job's parameters name the project, the year and the uploaded file as the server stored
it (`uploads/<random>.csv|.xlsx` under MEDIA_ROOT/monitoring); never names or values. The
outcome is written beside the job's files as `ergebnis.json` (rows, stored, the errors
listed, their total), the errors also as the job's download (`Fehlerliste.csv`).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.conf import settings

from aqb.budgets.exports import safe_text
from aqb.jobs.compat import task
from aqb.jobs.models import Job
from aqb.jobs.services import JobError, job_run, jobs_root
from aqb.projects.models import Project

from .importing import FileUnreadable, ImportResult, participants_import

UPLOADS = "monitoring/uploads"


def uploads_root() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOADS


def result_path(job_id) -> Path:
    return jobs_root() / str(job_id) / "ergebnis.json"


def result_of(job: Job) -> dict | None:
    try:
        return json.loads(result_path(job.pk).read_text())
    except (OSError, ValueError):
        return None


def errors_csv(result: ImportResult, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Zeile", "Spalte", "Fehler"])
        for e in result.errors:
            writer.writerow([e["row"], safe_text(e["column"]), safe_text(e["message"])])


def uploads_prune(days: int | None = None) -> int:
    """Delete uploaded lists older than AQB_JOBS_KEEP_DAYS (checks never taken over)."""
    import time

    days = days if days is not None else getattr(settings, "AQB_JOBS_KEEP_DAYS", 7)
    cutoff = time.time() - days * 86400
    removed = 0
    for file in uploads_root().glob("*"):
        try:
            if file.stat().st_mtime < cutoff:
                file.unlink()
                removed += 1
        except OSError:
            continue
    return removed


@task()
def participants_import_job(job_id: str, project_id: int, year: int, upload: str, name: str,
                            store: bool = False) -> dict:
    with job_run(job_id) as run:
        job = run.job
        project = Project.objects.get(pk=project_id)
        uploads_prune()
        path = uploads_root() / Path(upload).name
        if not path.is_file():
            raise JobError("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte erneut "
                           "hochladen.")
        run.progress(0, 0, "Prüfen")
        try:
            result = participants_import(
                actor=job.user, project=project, year=year, path=path, name=name,
                check_only=not store,
                progress=lambda done, total, step: run.progress(done, total, step))
        except FileUnreadable as exc:
            raise JobError(str(exc)) from None
        done = result.stored if store else result.rows
        run.progress(done, done, "Übernommen" if result.stored else "Geprüft")
        folder = result_path(job.pk).parent
        folder.mkdir(parents=True, exist_ok=True)
        summary = {**result.as_json(), "errors_total": result.error_count,
                   "created": result.created, "corrected": result.corrected,
                   "reentries": result.reentries, "store": store}
        result_path(job.pk).write_text(json.dumps(summary, ensure_ascii=False))
        if not result.ok:
            with run.output("Fehlerliste.csv", "text/csv; charset=utf-8") as out:
                errors_csv(result, out)
        if result.stored:
            path.unlink(missing_ok=True)
    return {"rows": result.rows, "stored": result.stored, "errors": result.error_count}
