"""PDF (Typst, PDF/A-2b) and DOCX renderers of the agreement document, without the database.

Documents are built from unsaved regions with the default template; the reader of
``aqb.agreements.reading`` reads the files back into the same data.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from aqb.agreements import default_template, reading
from aqb.agreements.document import MeasureEntry, build_document
from aqb.agreements.render import render
from aqb.agreements.render.docx import render_docx
from aqb.agreements.render.pdf import render_pdf
from aqb.regions.models import Region, RegionKind

REGIONS_CSV = Path(__file__).resolve().parents[2] / "regions" / "data" / "regions.csv"
MINISTRY = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
SPECIAL = "#Projekt $1 *x* _y_ <z> @a [b] \\c"

WALDECK = Region(ags="06635", name="Landkreis Waldeck-Frankenberg",
                 official_name="Landkreis Waldeck-Frankenberg", kind=RegionKind.DISTRICT,
                 seat="Korbach", regierungsbezirk="Kassel")
KASSEL = Region(ags="06611", name="Stadt Kassel", official_name="Stadt Kassel",
                kind=RegionKind.CITY, seat="Kassel", regierungsbezirk="Kassel")

MEASURES = (
    MeasureEntry(1, "Ausbildungsvorbereitung",
                 ("AVIA (Aktivierung und Vermittlung von Migranten)",)),
    MeasureEntry(2, "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen", ()),
    MeasureEntry(3, "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
                 ("Checkpoint", "Restart", "FiB (Fit für die Berufswelt)",
                  "Berufs- und Sprachscout Projekt (BSP)")),
    MeasureEntry(4, "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte "
                    "in der fachlichen Verantwortung für Benachteiligte im Kontext der "
                    "Arbeitsmarktförderung", ()),
)


def make_document(region: Region, *, signed: bool = True, demo: bool = False,
                  measures=MEASURES, budget_lines=None):
    signatures = []
    if signed:
        signatures = [
            {"party": "ministry", "place": "Wiesbaden", "date": date(2025, 8, 2),
             "name": "Heike Hofmann", "title": "Staatsministerin"},
            {"party": "region", "place": region.seat, "date": date(2025, 8, 13),
             "name": "Karl-Friedrich Frese", "title": "Erster Kreisbeigeordneter"},
        ]
    return build_document(
        year=2025, region=region, ministry_name=MINISTRY, ministry_short="HMAIJS",
        authority_name="Regierungspräsidium Kassel", purpose=default_template.PURPOSE,
        clauses=default_template.CLAUSES,
        budget_lines=budget_lines or [("Ausbildungs- und Qualifizierungsbudget",
                                       Decimal("773920"))],
        measures=list(measures), signatures=signatures,
        status_label="unterzeichnet" if signed else "Entwurf",
        is_draft=not signed, is_demo=demo)


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="module")
def district_pdf() -> bytes:
    return render_pdf(make_document(WALDECK))


@pytest.fixture(scope="module")
def city_pdf() -> bytes:
    return render_pdf(make_document(KASSEL))


# ------------------------------------------------------------------------------ PDF


def test_pdf_is_pdf_a_with_metadata(district_pdf: bytes) -> None:
    assert district_pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(district_pdf))
    assert len(reader.pages) >= 2
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(?:>|=\")2", xmp)
    assert re.search(r"pdfaid:conformance(?:>|=\")B", xmp)
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.metadata.title == "Zielvereinbarung 2025 – Landkreis Waldeck-Frankenberg"
    assert reader.metadata.author == MINISTRY
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210, 297)


def _fonts(obj, seen: set[int]):
    """Every font dictionary reachable from a page's resources (also in form XObjects)."""
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        if obj.get("/Type") == "/Font":
            yield obj
        for key, value in obj.items():
            if key not in ("/Parent", "/P", "/StructParents"):
                yield from _fonts(value, seen)
    elif isinstance(obj, list):
        for value in obj:
            yield from _fonts(value, seen)


def test_pdf_embeds_all_fonts(district_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(district_pdf))
    fonts = []
    for page in reader.pages:
        fonts.extend(_fonts(page.get("/Resources"), set()))
    assert fonts
    for font in fonts:
        if font.get("/Subtype") == "/Type0":
            continue  # checked through its descendant CID font
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font


def test_pdf_text_layer_and_wording(district_pdf: bytes) -> None:
    pages = pdf_text(district_pdf)
    text = flat("\n".join(pages))
    assert f"Seite 1 von {len(pages)}" in pages[0]
    assert f"Seite {len(pages)} von {len(pages)}" in pages[-1]
    assert "und dem Landkreis Waldeck-Frankenberg" in text
    assert "dem Landkreis Waldeck-Frankenberg" in text
    assert "773.920 Euro" in text
    assert "Landkreis Landkreis" not in text
    assert "Entwurf" not in text
    for words in ("Zielvereinbarung", "Präambel", "§ 7",
                  "Kontinuierlicher Verbesserungsprozess", "1. Ausbildungsvorbereitung",
                  "- AVIA (Aktivierung und Vermittlung von Migranten)",
                  "Wiesbaden, den 2. August 2025", "Korbach, den 13. August 2025",
                  "Staatsministerin"):
        assert words in text, words


def test_pdf_city_wording(city_pdf: bytes) -> None:
    text = flat("\n".join(pdf_text(city_pdf)))
    assert "Die Stadt Kassel finanziert" in text
    assert "und der Stadt Kassel" in text
    assert "Stadt Stadt" not in text


def test_pdf_prints_typst_markup_characters_literally() -> None:
    measures = (MeasureEntry(1, f"Titel {SPECIAL}", (SPECIAL, "= keine Überschrift", "// kein")),)
    doc = make_document(WALDECK, measures=measures)
    text = "\n".join(pdf_text(render_pdf(doc)))
    assert SPECIAL in text
    assert f"1. Titel {SPECIAL}" in text
    assert "- = keine Überschrift" in text
    assert "- // kein" in text


def test_pdf_draft_header_on_every_page() -> None:
    pages = pdf_text(render_pdf(make_document(WALDECK, signed=False, demo=True)))
    assert len(pages) >= 2
    for page in pages:
        assert "Entwurf – nicht unterzeichnet – Demodaten" in page
    assert "Wiesbaden, den ________________" in pages[-1]


def test_pdf_several_budget_lines() -> None:
    doc = make_document(WALDECK, budget_lines=[
        ("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
        ("Arbeitsmarktbudget", Decimal("83100"))])
    text = flat("\n".join(pdf_text(render_pdf(doc))))
    assert "insgesamt 535.800 Euro zur Verfügung, und zwar:" in text
    assert "Ausbildungs- und Qualifizierungsbudget 2025: 452.700 Euro" in text
    assert "Arbeitsmarktbudget 2025: 83.100 Euro" in text
    assert "aus dem" not in text


def test_render_dispatch() -> None:
    doc = make_document(KASSEL)
    assert render(doc, "pdf").startswith(b"%PDF")
    assert zipfile.is_zipfile(io.BytesIO(render(doc, "docx")))


# ----------------------------------------------------------------------------- DOCX


@pytest.fixture(scope="module")
def district_docx() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(make_document(WALDECK, signed=False))))


def test_docx_wording_and_styles(district_docx) -> None:
    texts = [p.text for p in district_docx.paragraphs]
    styles = {p.text: p.style.name for p in district_docx.paragraphs}
    assert styles["Zielvereinbarung"] == "Title"
    assert styles["§ 1"] == "Heading 1"
    assert styles["Ziele des Landes"] == "Heading 2"
    assert styles["Ausbildungsvorbereitung"] == "List Number"
    assert styles["AVIA (Aktivierung und Vermittlung von Migranten)"] == "List Bullet 2"
    assert "und dem Landkreis Waldeck-Frankenberg" in texts
    assert "773.920 Euro" in texts
    assert ("Das HMAIJS stellt dem Landkreis Waldeck-Frankenberg im Jahr 2025 "
            "Haushaltsmittel in Höhe von insgesamt") in texts
    assert not any("Landkreis Landkreis" in t for t in texts)


def test_docx_signature_table_without_borders(district_docx) -> None:
    (table,) = district_docx.tables
    assert len(table.columns) == 2
    assert table.cell(0, 0).text == "Wiesbaden, den ________________"
    assert table.cell(0, 1).text == "Korbach, den ________________"
    assert "Hessisches Ministerium" in table.cell(2, 0).text
    assert "des Landkreises" in table.cell(2, 1).text
    borders = table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders"))
    assert {b.get(docx.oxml.ns.qn("w:val")) for b in borders} == {"nil"}


def test_docx_page_setup_footer_header_language(district_docx) -> None:
    section = district_docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert "Seite" in section.footer.paragraphs[0].text
    assert section.header.paragraphs[0].text == "Entwurf – nicht unterzeichnet"
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        assert 'w:val="de-DE"' in district_docx.styles[name].element.xml, name
    props = district_docx.core_properties
    assert props.author == MINISTRY
    assert props.title == "Zielvereinbarung 2025 – Landkreis Waldeck-Frankenberg"
    assert props.language == "de-DE"


def test_docx_signed_city_and_special_characters() -> None:
    measures = (MeasureEntry(1, "Ausbildungsvorbereitung", (SPECIAL,)),)
    document = docx.Document(io.BytesIO(render_docx(make_document(KASSEL, measures=measures))))
    texts = [p.text for p in document.paragraphs]
    assert SPECIAL in texts
    assert any(t.startswith("Die Stadt Kassel finanziert") for t in texts)
    assert document.sections[0].header.paragraphs[0].text == ""
    table = document.tables[0]
    assert table.cell(1, 0).text == "gez. Heike Hofmann"
    assert not any(run.italic for run in table.cell(1, 0).paragraphs[0].runs)
    assert table.cell(2, 1).text.split("\n")[:2] == ["Karl-Friedrich Frese",
                                                      "Erster Kreisbeigeordneter"]


def test_docx_numbers_written_out_when_not_consecutive() -> None:
    measures = (MeasureEntry(1, "Ausbildungsvorbereitung", ()),
                MeasureEntry(3, "Qualifizierungsprojekte", ("Checkpoint",)))
    document = docx.Document(io.BytesIO(render_docx(make_document(KASSEL, measures=measures))))
    texts = [p.text for p in document.paragraphs]
    assert "1.\tAusbildungsvorbereitung" in texts
    assert "3.\tQualifizierungsprojekte" in texts


# ------------------------------------------------------- round trip through the reader

@pytest.fixture(scope="module")
def region_refs():
    return reading.region_refs_from_csv(REGIONS_CSV)


def _expected(doc, region: Region) -> dict:
    measures = next(b for s in doc.sections for b in s.blocks if hasattr(b, "measures"))
    return {
        "year": doc.year,
        "ministry": MINISTRY,
        "region": region.ags,
        "budgets": [("Ausbildungs- und Qualifizierungsbudget", "773920.00")],
        "measures": [(m.number, m.title, list(m.projects)) for m in measures.measures],
        "signatures": [(s.party, s.place, s.date.isoformat() if s.date else None,
                        s.name or None, s.title or None)
                       for s in doc.signatures if s.signed],  # a draft's blocks are no signatures
    }


def _read(data: dict) -> dict:
    return {
        "year": data["year"],
        "ministry": data["ministry"],
        "region": data["region"]["ags"] if data["region"] else None,
        "budgets": [(b["name"], b["amount"]) for b in data["budgets"]],
        "measures": [(m["number"], m["title"], [p["label"] for p in m["projects"]])
                     for m in data["measures"]],
        "signatures": [(s["party"], s["place"], s["date"], s["name"], s["title"])
                       for s in data["signatures"]],
    }


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("region", [WALDECK, KASSEL], ids=["district", "city"])
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "draft"])
def test_round_trip_through_reader(tmp_path: Path, region_refs, fmt: str, region: Region,
                                   signed: bool) -> None:
    doc = make_document(region, signed=signed, demo=not signed)
    path = tmp_path / f"{doc.filename_stem}.{fmt}"
    path.write_bytes(render(doc, fmt))
    parsed = reading.read_agreement(path, regions=region_refs)
    assert _read(parsed.to_json_dict()) == _expected(doc, region)
    assert parsed.granting_authority == "Regierungspräsidium Kassel"
