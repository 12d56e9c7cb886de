"""aqb participants_import: exit codes 0 / 3 / 2 / 1 and the JSON answer."""

import io
import json

import pytest
from django.core.management import call_command

from aqb.monitoring.models import Participant

from .test_importing import GOOD, HEADER, write


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("participants_import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def where(project):
    return ["--region", "06635", "--year", "2025", "--project", "ap"]


@pytest.mark.django_db
def test_a_valid_file_is_stored_and_exits_0(tmp_path, where):
    path = write(tmp_path, HEADER + "\n" + GOOD)
    code, out, _ = run(str(path), *where, "--check", "--format", "json")
    assert code == 0 and json.loads(out) == {"rows": 1, "stored": 0, "errors": []}
    assert not Participant.objects.exists()
    code, out, err = run(str(path), *where, "--format", "json")
    assert code == 0 and json.loads(out) == {"rows": 1, "stored": 1, "errors": []}
    assert Participant.objects.count() == 1
    code, _, err = run(str(path), *where)
    assert code == 0 and "1 Zeilen übernommen" in err


@pytest.mark.django_db
def test_errors_exit_3_with_every_error_as_json(tmp_path, where):
    path = write(tmp_path, "\n".join([HEADER, GOOD, "A-2;13.02.2025;;q;2004;SGB II;;06999;;"]))
    code, out, _ = run(str(path), *where, "--format", "json")
    assert code == 3
    assert json.loads(out) == {"rows": 2, "stored": 0, "errors": [
        {"row": 3, "column": "geschlecht",
         "message": "„q“ ist nicht zulässig. Zulässig: w, m, d, keine Angabe."},
        {"row": 3, "column": "wohnort_ags", "message": "„06999“ ist kein Kreis in Hessen. "
         "Bitte den fünfstelligen Kreisschlüssel angeben, z. B. 06635."}]}
    assert not Participant.objects.exists()
    code, out, err = run(str(path), *where)
    assert code == 3 and out.startswith("Zeile 3, Spalte geschlecht:")
    assert "Nichts gespeichert" in err


@pytest.mark.django_db
def test_not_a_participant_file_exits_2(tmp_path, where):
    code, _, err = run(str(write(tmp_path, "Datum;Betrag\n01.01.2025;3")), *where)
    assert code == 2 and "keine Teilnehmendenliste" in err
    code, _, err = run(str(tmp_path / "fehlt.csv"), *where)
    assert code == 2 and "„fehlt.csv“ kann nicht geöffnet werden" in err


@pytest.mark.django_db
def test_an_unknown_project_is_named(tmp_path, project, foreign_project):
    path = str(write(tmp_path, HEADER + "\n" + GOOD))
    code, _, err = run(path, "--region", "06635", "--year", "2025", "--project", "FP")
    assert code == 1 and "Kein Projekt mit dem Kurznamen „FP“ in der Gebietskörperschaft 06635" \
        in err
    code, _, err = run(path, "--region", "06635", "--year", "2019", "--project", "AP")
    assert code == 1 and "nicht im Programmjahr 2019" in err
