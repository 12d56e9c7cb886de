"""Every bad file of the corpus against every entry point that accepts its extension: the
upload forms (Django test client, logged in as the role that uploads), the API upload (a
personal token) and the command-line imports (call_command).

For each case: no 500, no traceback, a German message naming the file (and the row or column
where the corpus says so), nothing stored (the rows of every model and the files under
MEDIA_ROOT before and after; the job bookkeeping of the participant check is not counted: the
job, its task row and its result folder `jobs/<id>/` are how the user learns what was wrong).
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from .corpus import BY_NAME, ENTRY_POINTS, cases

NOT_COUNTED = {"jobs.job", "django_tasks_database.dbtaskresult", "django_tasks_db.dbtaskresult",
               "sessions.session", "api.apitoken"}
# English texts of libraries and Python that must never reach a user
ENGLISH = re.compile(r"Traceback|\b[A-Z][A-Za-z]+(?:Error|Exception)\b|field larger|"
                     r"line contains NUL|codec can't|File is not a zip|"
                     r"Expecting|not well-formed|unexpected end|No such file")
GERMAN = re.compile(r"\b(ist|keine?|nicht|Datei|Zeile|Spalte|bitte|Bitte|enthält|fehlt|"
                    r"fehlen|höchstens|mehr als|zu groß|zu lang|leer)\b")


@dataclass
class Outcome:
    status: int          # HTTP status, or the exit code of a command
    text: str            # what the user sees (page, JSON, job message, command output)
    refused: bool        # the entry point said no


def _snapshot() -> tuple[dict[str, int], set[str]]:
    rows = {m._meta.label_lower: m._base_manager.count() for m in apps.get_models()
            if m._meta.label_lower not in NOT_COUNTED and m._meta.managed}
    root = Path(settings.MEDIA_ROOT)
    files = set()
    for folder, _, names in os.walk(root):
        for n in names:
            relative = str(Path(folder, n).relative_to(root))
            if not relative.startswith("jobs/"):
                files.add(relative)
    return rows, files


def _post(client, url, data, name, path, field):
    upload = SimpleUploadedFile(name, path.read_bytes(), content_type="application/octet-stream")
    response = client.post(url, {**data, field: upload})
    assert response.status_code != 500
    text = response.content.decode("utf-8", "replace")
    return Outcome(response.status_code, text, response.status_code >= 400)


# --- the entry points -----------------------------------------------------------------------

def run_monitoring_form(request, client, name, path):
    from django.urls import reverse

    from aqb.jobs.models import Job, JobStatus
    from aqb.monitoring.import_tasks import participants_import_job, result_of

    project = request.getfixturevalue("project")
    client.force_login(request.getfixturevalue("provider_user"))
    url = reverse("monitoring_import:page", args=[project.pk, 2025])
    before = _snapshot()
    upload = SimpleUploadedFile(name, path.read_bytes())
    response = client.post(url, {"datei": upload})
    assert response.status_code != 500
    if response.status_code != 302:
        return before, Outcome(response.status_code, response.content.decode(), True)
    job = Job.objects.order_by("-created_at").first()
    # the worker's part, run here (the job reports its failure in German on its page)
    try:
        participants_import_job.call(job_id=str(job.pk), **job.params)
    except Exception:  # noqa: BLE001, S110 - a failed job re-raises after recording it
        pass
    job.refresh_from_db()
    page = client.get(job.back_url)
    assert page.status_code == 200
    detail = client.get(reverse("jobs:detail", args=[job.pk]))
    text = f"{job.message}\n{page.content.decode()}\n{detail.content.decode()}"
    result = result_of(job) or {}
    # the page lists row errors in a table with the column "Zeile"
    text += " ".join(f" Zeile {e['row']}" for e in result.get("errors", []))
    refused = job.status == JobStatus.FAILED or "Es wurde nichts gespeichert" in text
    return before, Outcome(200, text, refused)


def run_monitoring_api(request, client, name, path):
    project = request.getfixturevalue("project")
    token = request.getfixturevalue("provider_token")
    before = _snapshot()
    response = client.post(
        f"/api/v1/monitoring/projects/{project.pk}/participants?year=2025",
        {"datei": SimpleUploadedFile(name, path.read_bytes())},
        HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code != 500
    body = response.json()
    text = json.dumps(body, ensure_ascii=False)
    refused = response.status_code >= 400 or bool(body.get("errors"))
    if body.get("errors"):  # row errors of this upload: the place is the row, not the name
        text = f"{name}: {text}" + " ".join(f" Zeile {e['row']}" for e in body["errors"])
    return before, Outcome(response.status_code, text, refused)


def _command(*args, **options) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **options)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return Outcome(code, out.getvalue() + "\n" + err.getvalue(), code != 0)


def run_monitoring_cli(request, client, name, path):
    request.getfixturevalue("project")
    before = _snapshot()
    return before, _command("participants_import", str(path), region="06635", year=2025,
                            project="AP")


def run_indicators_form(request, client, name, path):
    request.getfixturevalue("programme_year")
    client.force_login(request.getfixturevalue("ministry_user"))
    before = _snapshot()
    return before, _post(client, "/programmjahre/2025/planung/indikatoren/neu/",
                         {"name": "Feindlich"}, name, path, "file")


def run_passon_form(request, client, name, path):
    report = request.getfixturevalue("expense_report")
    client.force_login(request.getfixturevalue("provider_user"))
    before = _snapshot()
    return before, _post(client, f"/foerderung/ausgabenberichte/{report.pk}/hochladen/", {},
                         name, path, "file")


SIGN = {"place": "Korbach", "day": "13.08.2025", "name": "Karl-Friedrich Frese",
        "title": "Erster Kreisbeigeordneter", "confirm": "on"}


def run_agreement_sign_form(request, client, name, path):
    agreement = request.getfixturevalue("signed_by_ministry")
    client.force_login(request.getfixturevalue("region_user"))
    before = _snapshot()
    return before, _post(client, f"/zielvereinbarungen/{agreement.pk}/unterschrift/region/",
                         SIGN, name, path, "scan")


def run_agreement_import_form(request, client, name, path):
    request.getfixturevalue("wf_agreement")
    client.force_login(request.getfixturevalue("ministry_user"))
    before = _snapshot()
    return before, _post(client, "/zielvereinbarungen/einlesen/", {"save": "ja"}, name, path,
                         "file")


def run_agreement_cli(request, client, name, path):
    request.getfixturevalue("wf_agreement")
    user = request.getfixturevalue("ministry_user")
    before = _snapshot()
    return before, _command("agreement_import", str(path), save=True, user=user.username)


def run_funding_attachment_form(request, client, name, path):
    application = request.getfixturevalue("draft_application")
    client.force_login(request.getfixturevalue("region_user"))
    before = _snapshot()
    return before, _post(client, f"/foerderung/antraege/{application.pk}/anlagen/neu/",
                         {"title": "Anlage"}, name, path, "file")


def run_conference_document_form(request, client, name, path):
    conference = request.getfixturevalue("conference")
    client.force_login(request.getfixturevalue("ministry_user"))
    before = _snapshot()
    return before, _post(client, f"/tagungen/{conference.pk}/dokumente/neu/",
                         {"kind": "slides", "title": "Folien"}, name, path, "file")


RUNNERS = {name: globals()[f"run_{name}"] for name in ENTRY_POINTS}


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "name"), cases(), ids=[f"{e}-{n}" for e, n in cases()])
def test_a_bad_file_is_refused_in_german_and_nothing_is_stored(request, client, corpus_file,
                                                               entry, name):
    bad = BY_NAME[name]
    path = corpus_file(name, ENTRY_POINTS[entry][1])
    before, outcome = RUNNERS[entry](request, client, name, path)
    _dump(entry, name, outcome)
    assert outcome.status != 500 and outcome.status < 500
    assert outcome.refused, f"{entry} took {name}: {outcome.text[-2000:]}"
    assert not ENGLISH.search(outcome.text), ENGLISH.search(outcome.text).group(0) + \
        f" in {outcome.text[-3000:]}"
    assert GERMAN.search(outcome.text)
    assert name in outcome.text, f"file name missing: {outcome.text[-3000:]}"
    if bad.where:
        assert bad.where in outcome.text, f"place {bad.where!r} missing: {outcome.text[-3000:]}"
    after = _snapshot()
    changed = {k: (before[0][k], v) for k, v in after[0].items() if before[0].get(k) != v}
    assert not changed, f"rows stored: {changed}"
    assert after[1] == before[1], f"files stored: {after[1] - before[1]}"


def _dump(entry, name, outcome):  # debugging aid: HOSTILE_DUMP=folder writes what was seen
    folder = os.environ.get("HOSTILE_DUMP")
    if folder:
        Path(folder).mkdir(exist_ok=True)
        text = re.sub(r"<(script|style|nav|header|footer)[\s\S]*?</\1>", "", outcome.text)
        text = re.sub(r"<[^>]+>", " ", text)
        text = re.sub(r"\s+", " ", text)
        Path(folder, f"{entry}-{name}.txt").write_text(
            f"{outcome.status} {outcome.refused}\n{text}")
