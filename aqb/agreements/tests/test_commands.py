import json
from pathlib import Path

import pytest
from django.core.management import call_command

from aqb.agreements.models import Agreement, Status

SEED = Path(__file__).parent / "fixtures" / "zielvereinbarung_2025_waldeck_frankenberg.txt"


def run(capsys, *args):
    code = 0
    try:
        call_command("agreement_import", *args)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_prints_the_agreement_as_json(capsys, year_2025):
    code, out, _ = run(capsys, str(SEED))
    data = json.loads(out)
    assert code == 0
    assert data["region"] == {"ags": "06635", "name": "Landkreis Waldeck-Frankenberg"}
    assert data["budgets"] == [{"name": "Ausbildungs- und Qualifizierungsbudget",
                                "amount": "773920.00"}]
    assert data["missing"] == []
    assert not Agreement.objects.exists()


def test_save_stores_data_and_original_file(capsys, year_2025, ministry_user):
    code, _, err = run(capsys, str(SEED), "--save")
    assert code == 0, err
    a = Agreement.objects.get()
    assert a.status == Status.SIGNED and a.source == "imported"
    assert a.signed_file.read() == SEED.read_bytes()
    assert a.ministry_name == "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
    # a second import becomes the new current version
    code, _, _ = run(capsys, str(SEED), "--save")
    assert code == 0
    assert list(Agreement.objects.values_list("version", "is_current")) == [(2, True),
                                                                            (1, False)]


def test_an_incomplete_agreement_exits_3_and_is_not_saved(capsys, year_2025, ministry_user,
                                                          tmp_path):
    text = SEED.read_text(encoding="utf-8")
    cut = tmp_path / "ohne_region_unterschrift.txt"
    cut.write_text(text[: text.index("Korbach, den")], encoding="utf-8")
    code, out, err = run(capsys, str(cut), "--save")
    assert code == 3
    assert json.loads(out)["missing"] == ["signature:region"]
    assert "Unterschrift der Gebietskörperschaft" in err
    assert not Agreement.objects.exists()


def test_an_unsigned_draft_is_saved_as_draft(capsys, year_2025, ministry_user, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    draft = tmp_path / "entwurf.txt"
    draft.write_text(text[: text.index("Wiesbaden, den")], encoding="utf-8")
    code, out, _ = run(capsys, str(draft), "--save")
    assert code == 0
    assert json.loads(out)["missing"] == ["signature:ministry", "signature:region"]
    a = Agreement.objects.get()
    assert a.status == Status.DRAFT and not a.signed_file and a.source_file


def test_a_file_that_is_no_agreement_exits_2_in_german(capsys, tmp_path, db):
    other = tmp_path / "einkaufsliste.txt"
    other.write_text("Milch\nBrot\n", encoding="utf-8")
    code, out, err = run(capsys, str(other))
    assert code == 2 and out == ""
    assert "keine erkennbare Zielvereinbarung" in err
    code, _, err = run(capsys, str(tmp_path / "fehlt.pdf"))
    assert code == 2 and "fehlt.pdf" in err


def test_save_needs_the_programme_year(capsys, ministry_user):
    code, _, err = run(capsys, str(SEED), "--save")
    assert code == 1
    assert "Programmjahr 2025 ist nicht angelegt" in err


def test_render_writes_each_format(year_2025, ministry_user, tmp_path, capsys):
    run(capsys, str(SEED), "--save")
    for fmt, magic in (("txt", b"\n\nZielvereinbarung"), ("html", b"<!DOCTYPE html>"),
                       ("pdf", b"%PDF"), ("docx", b"PK")):
        out = tmp_path / f"zv.{fmt}"
        call_command("agreement_render", "--region", "06635", "--year", "2025", "--format",
                     fmt, "--output", str(out))
        assert out.read_bytes().startswith(magic)


def test_render_all_writes_every_agreement(year_2025, ministry_user, tmp_path, capsys):
    from aqb.agreements import services as ag
    from aqb.regions.models import Region

    for r in Region.objects.filter(ags__in=["06411", "06611"]):
        ag.agreement_create_draft(actor=ministry_user, region=r, programme_year=year_2025)
    call_command("agreement_render_all", "--year", "2025", "--format", "pdf", "--output",
                 str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "Zielvereinbarung_2025_06411.pdf", "Zielvereinbarung_2025_06611.pdf"]
    assert "2 Dokumente" in capsys.readouterr().out


def test_render_without_agreement_fails_in_german(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Keine Zielvereinbarung"):
        call_command("agreement_render", "--region", "06635", "--year", "2031")
