"""Round trips: the seed through import and text rendering; every region through every
importable format (txt, pdf, docx) and the reader."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from aqb.agreements import services as ag
from aqb.agreements.document import agreement_document
from aqb.agreements.importing import agreement_import_save, agreement_read
from aqb.agreements.render import render
from aqb.budgets.models import Allocation
from aqb.regions.models import Region

SEED = Path(__file__).parent / "fixtures" / "zielvereinbarung_2025_waldeck_frankenberg.txt"

# The corrections of docs/agreements.md, applied to the seed.
CORRECTIONS = [
    ("des Landkreises\nLandkreis Waldeck-\nFrankenberg", "des Landkreises\nWaldeck-Frankenberg"),
    ("Landkreis Landkreis", "Landkreis"),
    ("Landkreises Landkreis", "Landkreises"),
    ("HMSI", "HMAIJS"),
    ("Qualifizierungsprojekte zur\n\nArbeitsmarktintegration",
     "Qualifizierungsprojekte zur Arbeitsmarktintegration"),
    ("den 2. 8. 2025", "den 2. August 2025"),
    ("den 13. Aug. 2025", "den 13. August 2025"),
    # a copy shows "gez. Name" on the signature line, not the name as if handwritten
    ("Heike Hofmann\n\nHeike Hofmann", "gez. Heike Hofmann\n\nHeike Hofmann"),
    ("Karl-Friedrich Frese\n\nKarl-Friedrich Frese",
     "gez. Karl-Friedrich Frese\n\nKarl-Friedrich Frese"),
]


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def test_the_seed_renders_back_to_its_own_wording(year_2025, ministry_user):
    parsed = agreement_read(SEED)
    agreement = agreement_import_save(actor=ministry_user, parsed=parsed,
                                      content=SEED.read_bytes(), filename=SEED.name)
    rendered = render(agreement_document(agreement), "txt").decode()
    expected = SEED.read_text(encoding="utf-8")
    for old, new in CORRECTIONS:
        expected = expected.replace(old, new)
    assert paragraphs(rendered) == paragraphs(expected)


def _signed_agreement(region, py, ministry):
    Allocation.objects.get_or_create(programme_year=py, region=region,
                                     defaults={"amount": Decimal("452700")})
    a = ag.agreement_create_draft(actor=ministry, region=region, programme_year=py)
    ag.agreement_set_budgets(actor=ministry, agreement=a, lines=[
        ("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
        ("Arbeitsmarktbudget", Decimal("83100.50"))] if region.ags == "06437" else [
        ("Ausbildungs- und Qualifizierungsbudget", Decimal(int(region.ags) * 10))])
    ag.agreement_add_project(actor=ministry, agreement=a, measure_number=1,
                             name="Aktivierung und Vermittlung von Migranten", short_name="AVIA")
    ag.agreement_add_project(actor=ministry, agreement=a, measure_number=3, name="Checkpoint")
    ag.agreement_add_project(actor=ministry, agreement=a, measure_number=3,
                             name="Berufs- und Sprachscout Projekt", short_name="BSP",
                             label="Berufs- und Sprachscout Projekt (BSP)")
    ag.agreement_agree(actor=ministry, agreement=a)
    ag.agreement_sign(actor=ministry, agreement=a, party="ministry", place="Wiesbaden",
                      day=date(2025, 8, 2), name="Heike Hofmann", title="Staatsministerin")
    title = "Oberbürgermeisterin" if region.is_city else "Landrat"
    return ag.agreement_sign(actor=ministry, agreement=a, party="region",
                             place=region.seat.split(" (")[0], day=date(2025, 8, 13),
                             name="Erika Mustermann", title=title)


def expected_data(agreement) -> dict:
    return {
        "year": agreement.programme_year.year,
        "region": {"ags": agreement.region.ags},
        "budgets": [{"name": b.name, "amount": f"{b.amount:.2f}"}
                    for b in agreement.budget_lines.all()],
        "measures": [{"number": m.number, "title": m.title,
                      "projects": [p.label for p in m.projects.all()]}
                     for m in agreement.measures.all()],
        "signatures": [{"party": s.party, "place": s.place, "date": s.date.isoformat(),
                        "name": s.name, "title": s.title}
                       for s in agreement.signatures.order_by("party")],
    }


def read_data(parsed) -> dict:
    d = parsed.to_json_dict()
    return {
        "year": d["year"], "region": {"ags": d["region"]["ags"]}, "budgets": d["budgets"],
        "measures": [{"number": m["number"], "title": m["title"],
                      "projects": [p["label"] for p in m["projects"]]} for m in d["measures"]],
        "signatures": sorted(d["signatures"], key=lambda s: s["party"]),
    }


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_every_region_survives_render_and_read(fmt, year_2025, ministry_user, tmp_path):
    failures = []
    for region in Region.objects.order_by("ags"):
        agreement = _signed_agreement(region, year_2025, ministry_user)
        path = tmp_path / f"{region.ags}.{fmt}"
        path.write_bytes(render(agreement_document(agreement), fmt))
        parsed = agreement_read(path)
        if parsed.missing:
            failures.append(f"{region.ags} {fmt}: fehlt {parsed.missing}")
        elif read_data(parsed) != expected_data(agreement):
            failures.append(f"{region.ags} {fmt}: {read_data(parsed)} != "
                            f"{expected_data(agreement)}")
    assert not failures, "\n".join(failures)


def test_city_wording_is_feminine(year_2025, ministry_user):
    kassel = _signed_agreement(Region.objects.get(ags="06611"), year_2025, ministry_user)
    text = render(agreement_document(kassel), "txt").decode()
    assert "Die Stadt Kassel finanziert" in text
    assert "und der Stadt Kassel" in text
    assert "Antragstellung durch die Stadt Kassel" in text
    mkk = _signed_agreement(Region.objects.get(ags="06435"), year_2025, ministry_user)
    text = render(agreement_document(mkk), "txt").decode()
    assert "des Main-Kinzig-Kreises" in text and "Landkreis Landkreis" not in text
