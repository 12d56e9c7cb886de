"""/api/v1/monitoring/projects/{project_id}/participants: a participant list (CSV or XLSX)
checked, and stored all or nothing, as `aqb participants_import` does (docs/monitoring.md,
"Import"). Access (the project's provider or region, PROJECT_RECORDS) is checked before the
body is read; the body is the file itself (any content type) or a multipart form with one
file, written to a temporary file in blocks up to the size limit."""

# no `from __future__ import annotations`: the access wrapper hands ninja the signature
import tempfile
from pathlib import Path

from ninja import Query, Router, Schema, Status

from aqb.accounts import policy
from aqb.monitoring.importing import FileUnreadable, participants_import
from aqb.monitoring.reading import MAX_FILE_BYTES
from aqb.projects.selectors import PROJECT
from aqb.ui.uploads import display_name

from .endpoints import ERRORS
from .errors import problem
from .schemas import Problem

router = Router(tags=["Monitoring"])
_BLOCK = 1 << 20


class RowError(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    rows: int
    stored: int
    errors: list[RowError]
    errors_total: int | None = None


def _body_to(request, target) -> tuple[str, int]:
    """Copy the uploaded file to `target`; its name and size (size > limit: stopped)."""
    if request.content_type == "multipart/form-data":
        files = list(request.FILES.values())
        if not files:
            return "", 0
        upload = files[0]
        size = 0
        for chunk in upload.chunks():
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                break
            target.write(chunk)
        return display_name(upload.name), size
    size = 0
    while block := request.read(_BLOCK):
        size += len(block)
        if size > MAX_FILE_BYTES:
            break
        target.write(block)
    return "Datei", size


@router.post("/monitoring/projects/{project_id}/participants",
             response={200: ImportOut, 400: Problem, **ERRORS}, exclude_none=True,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "text/csv": {"schema": {"type": "string", "format": "binary"}},
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                     "schema": {"type": "string", "format": "binary"}}}}},
             summary="Teilnehmendenliste prüfen und übernehmen (Träger und Gebietskörperschaft "
                     "des Projekts; ganz oder gar nicht)")
@policy.access(policy.PROJECT_RECORDS, PROJECT.under(project_id="pk"), api=True)
def monitoring_participants_import(
        request, project,
        year: int | None = Query(None, ge=2000, le=2100,
                                 description="Programmjahr, z. B. 2025 (Pflicht)"),
        check: bool = Query(False, description="nur prüfen, nichts speichern")):
    # `year` is declared optional so that a stranger is refused (404/403) before anything
    # about the request is judged
    if year is None:
        return problem(422, "Bitte das Programmjahr angeben (?year=2025).")
    if not project.runs_in(year):
        return problem(422, f"Das Projekt läuft im Programmjahr {year} nicht.")
    with tempfile.TemporaryDirectory(prefix="aqb-import-") as folder:
        path = Path(folder) / "upload"
        with open(path, "wb") as target:
            name, size = _body_to(request, target)
        if size == 0 and name:
            return problem(400, f"„{name}“ ist leer.")
        if size == 0:
            return problem(400, "Keine Datei übermittelt: bitte die Liste als Inhalt der "
                                "Anfrage senden (CSV oder XLSX).")
        if size > MAX_FILE_BYTES:
            return problem(400, f"Die Datei ist größer als {MAX_FILE_BYTES // 2**20} MB.")
        try:
            result = participants_import(actor=request.user, project=project, year=year,
                                         path=path, name=name, check_only=check)
        except FileUnreadable as exc:
            return problem(400, str(exc))
    return Status(200, result.as_json())
