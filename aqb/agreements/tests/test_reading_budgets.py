"""Every budget line of § 4 is read back, or the agreement is reported incomplete.

Issue 7: a second budget line with a free name was dropped on re-import with exit 0.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from aqb.agreements import services as ag
from aqb.agreements.document import agreement_document
from aqb.agreements.importing import agreement_read
from aqb.agreements.models import Agreement
from aqb.agreements.reading import parse_agreement
from aqb.agreements.render import render
from aqb.budgets.models import Allocation
from aqb.regions.models import Region

from .test_reading import REGIONS, SEED, SEED_SECTION_4, parse

FIXTURES = Path(__file__).parent / "fixtures"
MAIN_KINZIG_2018 = FIXTURES / "zielvereinbarung_2018_main_kinzig_fragment.txt"


def with_section_4(text: str) -> dict:
    return parse(SEED.replace(SEED_SECTION_4, text))


def lines(result: dict) -> list[tuple[str, str | None]]:
    return [(b["name"], b["amount"]) for b in result["budgets"]]


# ------------------------------------------------------------------ wordings


def test_two_lines_in_the_current_wording_with_a_free_name() -> None:
    result = with_section_4(
        "Das HMAIJS stellt dem Landkreis Waldeck-Frankenberg im Jahr 2025\n"
        "Haushaltsmittel in Höhe von insgesamt\n\n452.700 Euro\n\n"
        "aus dem Ausbildungs- und Qualifizierungsbudget 2025 und\n\n83.100,50 Euro\n\n"
        "aus dem Sonderprogramm Fachkräftesicherung 2025 zur Verfügung.")
    assert lines(result) == [("Ausbildungs- und Qualifizierungsbudget", "452700.00"),
                             ("Sonderprogramm Fachkräftesicherung", "83100.50")]
    assert result["missing"] == [] and result["unread"] == []


@pytest.mark.parametrize("section_4", [
    "Das HMAIJS stellt dem Landkreis Waldeck-Frankenberg im Jahr 2025 Haushaltsmittel zur "
    "Verfügung. Das Budget von insgesamt 535.800,50 Euro setzt sich zusammen aus:\n"
    "452.700 Euro aus dem Ausbildungs- und Qualifizierungsbudget 2025;\n"
    "83.100,50 Euro aus der Zweckbindung Jugendberufshilfe 2025.",
    "Das HMAIJS stellt dem Landkreis Waldeck-Frankenberg im Jahr 2025 Haushaltsmittel in Höhe "
    "von insgesamt 535.800,50 Euro zur Verfügung: 452.700 Euro aus dem Ausbildungs- und "
    "Qualifizierungsbudget 2025 und 83.100,50 Euro aus der Zweckbindung Jugendberufshilfe 2025.",
    "Das HMAIJS stellt dem Landkreis Waldeck-Frankenberg im Jahr 2025 folgende Haushaltsmittel "
    "zur Verfügung\n- Ausbildungs- und Qualifizierungsbudget 2025: 452.700,00 €\n"
    "- Zweckbindung Jugendberufshilfe 2025: 83.100,50 €\n- Summe: 535.800,50 €",
    "Das HMAIJS stellt dem Landkreis Waldeck-Frankenberg im Jahr 2025 Haushaltsmittel in Höhe "
    "von insgesamt 535.800,50 Euro, und zwar\n- 452.700 Euro aus Mitteln des Ausbildungs- und "
    "Qualifizierungsbudgets 2025\n- 83.100,50 Euro aus Mitteln der Zweckbindung "
    "Jugendberufshilfe 2025\nzur Verfügung.",
], ids=["total-first", "total-then-lines", "list", "bullets-from-funds"])
def test_a_total_and_its_named_lines(section_4: str) -> None:
    result = with_section_4(section_4)
    assert lines(result) == [("Ausbildungs- und Qualifizierungsbudget", "452700.00"),
                             ("Zweckbindung Jugendberufshilfe", "83100.50")]
    assert result["missing"] == [] and result["unread"] == []


def test_a_line_without_amount_in_a_draft_is_null() -> None:
    result = with_section_4(
        "Das HMAIJS stellt dem Landkreis Waldeck-Frankenberg im Jahr 2025\n"
        "Haushaltsmittel in Höhe von insgesamt\n\n452.700 Euro\n\n"
        "aus dem Ausbildungs- und Qualifizierungsbudget 2025 und\n\n(Betrag nicht festgelegt)\n\n"
        "aus der Zweckbindung Jugendberufshilfe 2025 zur Verfügung.")
    assert lines(result) == [("Ausbildungs- und Qualifizierungsbudget", "452700.00"),
                             ("Zweckbindung Jugendberufshilfe", None)]


def test_an_amount_that_belongs_to_no_line_is_reported() -> None:
    result = with_section_4(
        "Das HMAIJS stellt dem Landkreis Waldeck-Frankenberg im Jahr 2025 Haushaltsmittel in "
        "Höhe von 773.920 Euro aus dem Ausbildungs- und Qualifizierungsbudget 2025 und "
        "10.000 Euro zusätzlich zur Verfügung.")
    assert lines(result) == [("Ausbildungs- und Qualifizierungsbudget", "773920.00")]
    assert result["missing"] == ["budget_lines"]
    assert result["unread"] == [
        "Der Betrag in „…und Qualifizierungsbudget 2025 und 10.000 Euro zusätzlich zur "
        "Verfügung.“ ist keiner Zeile der Haushaltsmittel zuzuordnen."]


def test_a_total_that_differs_from_its_lines_is_reported() -> None:
    result = with_section_4(
        "Das Budget von insgesamt 600.000 Euro setzt sich zusammen aus: 452.700 Euro aus dem "
        "Ausbildungs- und Qualifizierungsbudget 2025; 83.100,50 Euro aus der Zweckbindung B.")
    assert result["missing"] == ["budget_lines"]
    assert result["unread"] == ["Der Gesamtbetrag der Haushaltsmittel 600.000 Euro weicht von "
                                "der Summe der gelesenen Zeilen (535.800,50 Euro) ab."]


def test_a_name_that_runs_on_like_a_sentence_is_reported() -> None:
    endless = " ".join(["sehr"] * 60)
    result = with_section_4(f"Haushaltsmittel: 452.700 Euro aus dem Budget {endless}")
    assert result["missing"] == ["budgets", "budget_lines"]
    assert "keine lesbare Bezeichnung" in result["unread"][0]


def test_the_2018_main_kinzig_fragment_names_two_budgets_without_amounts() -> None:
    agreement = parse_agreement(MAIN_KINZIG_2018.read_text(encoding="utf-8"), regions=REGIONS)
    result = agreement.to_json_dict()
    assert result["year"] == 2018
    assert result["region"] == {"ags": "06435", "name": "Main-Kinzig-Kreis"}
    assert result["ministry"] == "Hessisches Ministerium für Soziales und Integration"
    assert result["budgets"] == [
        {"name": "Ausbildungs- und Qualifizierungsbudget", "amount": None},
        {"name": "Arbeitsmarktbudget", "amount": None}]
    assert "budgets" in result["missing"]


# ------------------------------------------------- rendered and read back


def _agreement_with_two_lines(ministry_user, year_2025) -> Agreement:
    region = Region.objects.get(ags="06435")
    Allocation.objects.create(programme_year=year_2025, region=region,
                              amount=Decimal("535800.50"))
    a = ag.agreement_create_draft(actor=ministry_user, region=region, programme_year=year_2025)
    ag.agreement_set_budgets(actor=ministry_user, agreement=a, lines=[
        ("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
        ("Sonderprogramm Fachkräftesicherung für junge Geflüchtete", Decimal("83100.50"))])
    ag.agreement_agree(actor=ministry_user, agreement=a)
    ag.agreement_sign(actor=ministry_user, agreement=a, party="ministry", place="Wiesbaden",
                      day=date(2025, 8, 2), name="Heike Hofmann", title="Staatsministerin")
    return ag.agreement_sign(actor=ministry_user, agreement=a, party="region",
                             place="Gelnhausen", day=date(2025, 8, 13), name="Thorsten Stolz",
                             title="Landrat")


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_two_lines_survive_render_and_read(fmt, year_2025, ministry_user, tmp_path) -> None:
    agreement = _agreement_with_two_lines(ministry_user, year_2025)
    path = tmp_path / f"zv.{fmt}"
    path.write_bytes(render(agreement_document(agreement), fmt))
    parsed = agreement_read(path)
    assert [(b.name, b.amount) for b in parsed.budgets] == [
        ("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
        ("Sonderprogramm Fachkräftesicherung für junge Geflüchtete", Decimal("83100.50"))]
    assert parsed.missing == () and parsed.unread == ()


def test_the_cli_exits_3_when_a_budget_line_cannot_be_read(capsys, year_2025, tmp_path):
    path = tmp_path / "zv.txt"
    path.write_text(SEED.replace(
        "773.920 Euro\n\naus dem Ausbildungs- und Qualifizierungsbudget 2025 zur Verfügung.",
        "773.920 Euro\n\naus dem Ausbildungs- und Qualifizierungsbudget 2025 und 10.000 Euro "
        "zusätzlich zur Verfügung."), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("agreement_import", str(path), "--save")
    out = capsys.readouterr()
    assert exit_.value.code == 3
    assert json.loads(out.out)["missing"] == ["budget_lines"]
    assert "10.000 Euro zusätzlich" in out.err and "Nicht gespeichert" in out.err
    assert not Agreement.objects.exists()


def test_the_import_page_names_the_unreadable_amount_and_does_not_save(client, ministry_user,
                                                                       year_2025):
    text = SEED.replace("aus dem Ausbildungs- und Qualifizierungsbudget 2025 zur Verfügung.",
                        "aus dem Ausbildungs- und Qualifizierungsbudget 2025 und 10.000 Euro "
                        "zusätzlich zur Verfügung.")
    client.force_login(ministry_user)
    response = client.post("/zielvereinbarungen/einlesen/", {
        "file": SimpleUploadedFile("zv.txt", text.encode()), "save": "ja"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "lesbare Haushaltsmittel-Zeilen (§ 4) – Der Betrag in" in page
    assert "10.000 Euro zusätzlich" in page
    assert not Agreement.objects.exists()
