"""Agreement documents the ministry can send out (issue 7, item 7): signature blocks with names
and titles from the master data, § 4 with several budget lines, the signatures on the page of
the end of § 7, "gez." on copies, flowing paragraphs, headings that read as text, one typeface
in PDF and DOCX and DOCX properties of our own."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import docx
import lxml.html
import pdfplumber
import pytest
from pypdf import PdfReader

from aqb.agreements import default_template
from aqb.agreements import services as ag
from aqb.agreements.document import (
    BudgetBlock,
    agreement_document,
    budget_block,
    budget_source,
    build_document,
)
from aqb.agreements.render import render
from aqb.agreements.render.pdf import FONT
from aqb.agreements.tests.conftest import sign_both
from aqb.agreements.tests.test_render_pdf_docx import KASSEL, MEASURES, WALDECK, make_document
from aqb.budgets.models import Allocation
from aqb.regions import services as region_services
from aqb.regions.models import Region


def pdf_pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def base_fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return {str(font.get_object()["/BaseFont"]) for page in reader.pages
            for font in page["/Resources"]["/Font"].values()}


def txt(doc) -> str:
    return render(doc, "txt").decode()


def draft_of(region: Region, year, ministry_user):
    Allocation.objects.get_or_create(programme_year=year, region=region,
                                     defaults={"amount": Decimal("500000")})
    return ag.agreement_create_draft(actor=ministry_user, region=region, programme_year=year)


# ------------------------------------------------------------------- signature blocks


@pytest.mark.django_db
def test_draft_signature_blocks_name_minister_and_region_signatory(year_2025, ministry_user):
    region = Region.objects.get(ags="06635")
    region_services.signatory_save(actor=ministry_user, region=region,
                                   name="Karl-Friedrich Frese",
                                   title="Erster Kreisbeigeordneter", place="Korbach")
    doc = agreement_document(draft_of(region, year_2025, ministry_user))
    ministry, partner = doc.signatures
    assert (ministry.name, ministry.title) == ("Heike Hofmann", "Staatsministerin")
    assert ministry.place == "Wiesbaden" and not ministry.signed
    assert (partner.name, partner.title, partner.place) == (
        "Karl-Friedrich Frese", "Erster Kreisbeigeordneter", "Korbach")
    assert partner.institution == ("des Landkreises", "Waldeck-Frankenberg")

    text = txt(doc)
    assert ("Karl-Friedrich Frese\nErster Kreisbeigeordneter\ndes Landkreises\n"
            "Waldeck-Frankenberg") in text
    assert "Heike Hofmann\nStaatsministerin\nHessisches Ministerium\n" in text
    assert "gez." not in text  # nobody has signed a draft

    table = docx.Document(io.BytesIO(render(doc, "docx"))).tables[0]
    assert table.cell(1, 0).text == ""  # the line stays empty for the handwritten signature
    assert table.cell(2, 1).text.split("\n")[:2] == ["Karl-Friedrich Frese",
                                                      "Erster Kreisbeigeordneter"]
    last_page = pdf_pages(render(doc, "pdf"))[-1]  # two columns, read line by line
    for line in ("Heike Hofmann Karl-Friedrich Frese",
                 "Staatsministerin Erster Kreisbeigeordneter"):
        assert line in last_page


@pytest.mark.django_db
def test_minister_is_the_one_in_office_on_the_date(year_2025, ministry_user):
    agreement = draft_of(Region.objects.get(ags="06611"), year_2025, ministry_user)
    ag.agreement_agree(actor=ministry_user, agreement=agreement)
    ag.agreement_sign(actor=ministry_user, agreement=agreement, party="ministry",
                      place="Wiesbaden", day=date(2023, 12, 1), name="Kai Klose",
                      title="Staatsminister")
    doc = agreement_document(agreement)
    assert doc.ministry_name == "Hessisches Ministerium für Soziales und Integration"
    assert doc.signatures[0].institution == ("Hessisches Ministerium",
                                             "für Soziales und Integration")
    props = docx.Document(io.BytesIO(render(doc, "docx"))).core_properties
    assert props.author == "Hessisches Ministerium für Soziales und Integration"


@pytest.mark.django_db
def test_without_signatory_the_representing_body_not_a_lone_genitive(year_2025, ministry_user):
    for ags, first in (("06635", "Kreisausschuss"), ("06413", "Magistrat")):
        doc = agreement_document(draft_of(Region.objects.get(ags=ags), year_2025, ministry_user))
        partner = doc.signatures[1]
        assert partner.name == "" and partner.title == ""
        assert partner.lines[0] == first
    offenbach = doc.signatures[1]
    assert offenbach.lines == ("Magistrat", "der Stadt", "Offenbach am Main")


@pytest.mark.django_db
def test_place_keeps_its_distinguishing_part(year_2025, ministry_user):
    doc = agreement_document(draft_of(Region.objects.get(ags="06634"), year_2025,
                                      ministry_user))
    assert doc.signatures[1].place_line == "Homberg (Efze), den ________________"
    assert "Homberg (Efze), den" in pdf_pages(render(doc, "pdf"))[-1]


def test_region_names_are_never_broken_inside() -> None:
    offenbach = Region(ags="06413", name="Stadt Offenbach am Main",
                       official_name="Stadt Offenbach am Main", kind="kreisfreie_stadt",
                       seat="Offenbach am Main", regierungsbezirk="Darmstadt")
    signatures_text = pdf_pages(render(make_document(offenbach), "pdf"))[-1]
    assert "Offenbach am Main" in signatures_text.split("\n")[-3:-1] or any(
        line.strip().endswith("Offenbach am Main") for line in signatures_text.split("\n"))
    assert not any(line.rstrip().endswith("Offenbach am") for line in signatures_text.split("\n"))


def test_signed_copies_say_gez_and_use_no_italics() -> None:
    doc = make_document(KASSEL)
    assert "gez. Heike Hofmann" in txt(doc)
    html = render(doc, "html").decode()
    assert 'aqb-agreement__sigline">gez. Heike Hofmann</p>' in html
    pdf = render(doc, "pdf")
    last = pdf_pages(pdf)[-1]
    assert "gez. Heike Hofmann" in last and "gez. Karl-Friedrich Frese" in last
    fonts = base_fonts(pdf)
    assert fonts and not any("Italic" in name for name in fonts)


# ----------------------------------------------------------------------- § 4 budgets


def test_one_budget_keeps_the_signed_wording() -> None:
    block = budget_block([("Ausbildungs- und Qualifizierungsbudget", Decimal("773920"))], 2025)
    assert block == BudgetBlock(
        "773.920 Euro", "aus dem Ausbildungs- und Qualifizierungsbudget 2025 zur Verfügung.")


def test_several_budgets_give_a_total_and_name_each_line() -> None:
    block = budget_block([("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
                          ("Landesmittel Teilzeitausbildung", Decimal("83100.50")),
                          ("Sonderprogramm 2025", None)], 2025)
    assert block.total == "(Betrag nicht festgelegt)"  # one line has no amount yet
    assert block.source == "zur Verfügung, und zwar:"
    assert [i.text for i in block.items] == [
        "Ausbildungs- und Qualifizierungsbudget 2025: 452.700 Euro",
        "Landesmittel Teilzeitausbildung 2025: 83.100,50 Euro",
        "Sonderprogramm 2025: Betrag nicht festgelegt"]
    block = budget_block([("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
                          ("Arbeitsmarktbudget", Decimal("83100.50"))], 2025)
    assert block.total == "535.800,50 Euro"


@pytest.mark.parametrize("name, expected", [
    ("Ausbildungs- und Qualifizierungsbudget", "aus dem Ausbildungs- und "
                                               "Qualifizierungsbudget 2025"),
    ("Arbeitsmarktbudget", "aus dem Arbeitsmarktbudget 2025"),
    ("Landesprogramm 2025", "aus dem Landesprogramm 2025"),
    ("Landesmittel", None),               # plural: "aus den Landesmitteln" – no rule, listed
    ("Förderung Teilzeitausbildung", None),
    ("Mittel aus dem Landesprogramm", None),
])
def test_budget_article_only_by_rule(name, expected) -> None:
    assert budget_source(name, 2025) == expected


def test_a_single_free_budget_name_is_listed_not_given_a_wrong_article() -> None:
    doc = make_document(WALDECK, budget_lines=[("Landesmittel Teilzeitausbildung",
                                                Decimal("50000"))])
    text = txt(doc)
    assert "aus dem Landesmittel" not in text
    assert "50.000 Euro\n\nzur Verfügung, und zwar:\n\n - Landesmittel Teilzeitausbildung " \
           "2025: 50.000 Euro" in text


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_several_budget_lines_in_every_format(fmt) -> None:
    doc = make_document(WALDECK, budget_lines=[
        ("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
        ("Landesmittel Teilzeitausbildung", Decimal("83100"))])
    data = render(doc, fmt)
    if fmt == "pdf":
        text = " ".join(" ".join(pdf_pages(data)).split())
    elif fmt == "docx":
        text = " ".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    else:
        text = " ".join(lxml.html.fromstring(data.decode()).text_content().split())
    assert "insgesamt 535.800 Euro zur Verfügung, und zwar:" in text
    assert "Ausbildungs- und Qualifizierungsbudget 2025: 452.700 Euro" in text
    assert "Landesmittel Teilzeitausbildung 2025: 83.100 Euro" in text
    assert "aus dem" not in text


# ------------------------------------------------------------------ layout and text


def test_signatures_never_stand_alone_on_a_page() -> None:
    """Whatever the length of § 5, the last page holds the end of § 7 with the signatures."""
    end_of_p7 = "„Arbeitswelt Hessen“ veröffentlicht."
    for extra in range(0, 44, 3):
        projects = tuple(f"Projekt Nummer {n}" for n in range(extra))
        measures = (*MEASURES[:2], MEASURES[2].__class__(3, MEASURES[2].title, projects),
                    MEASURES[3])
        pages = [" ".join(p.split())
                 for p in pdf_pages(render(make_document(WALDECK, measures=measures), "pdf"))]
        assert end_of_p7 in pages[-1], (extra, pages[-1][:200])
        assert "Wiesbaden, den" in pages[-1]


def test_budget_sentence_total_and_lines_stay_on_one_page() -> None:
    """Wherever § 4 falls, its sentence, the total and every line stand on one page."""
    filler = "Dieser Absatz verschiebt den folgenden Text um ungefähr eine Zeile nach unten."
    for extra in range(0, 40, 3):
        clauses = [dict(c) for c in default_template.CLAUSES]
        p3 = next(c for c in clauses if c["key"] == "p3")
        p3["body"] = p3["body"] + ("\n\n" + filler) * extra
        doc = build_document(
            year=2025, region=WALDECK, ministry_name="Hessisches Ministerium für Arbeit, "
            "Integration, Jugend und Soziales", ministry_short="HMAIJS",
            authority_name="Regierungspräsidium Kassel", purpose=default_template.PURPOSE,
            clauses=clauses, measures=list(MEASURES), signatures=[],
            budget_lines=[("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
                          ("Landesmittel Teilzeitausbildung", Decimal("83100")),
                          ("Arbeitsmarktbudget", Decimal("10000"))],
            status_label="Entwurf", is_draft=True, is_demo=False)
        pages = [" ".join(p.split()) for p in pdf_pages(render(doc, "pdf"))]
        page = next(p for p in pages if "545.800 Euro" in p)
        for part in ("Haushaltsmittel in Höhe von insgesamt", "zur Verfügung, und zwar:",
                     "Landesmittel Teilzeitausbildung 2025: 83.100 Euro",
                     "Arbeitsmarktbudget 2025: 10.000 Euro"):
            assert part in page, (extra, part)


def test_docx_keeps_the_end_of_p7_with_the_signatures() -> None:
    document = docx.Document(io.BytesIO(render(make_document(WALDECK), "docx")))
    body = document.element.body
    paragraphs = [p for p in body.iterchildren() if p.tag.endswith("}p")]
    last_text = next(p for p in reversed(paragraphs)
                     if "veröffentlicht" in "".join(p.itertext()))
    para = docx.text.paragraph.Paragraph(last_text, document)
    assert para.paragraph_format.keep_with_next
    for row in document.tables[0].rows:
        assert row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None


@pytest.mark.django_db
def test_paragraphs_flow_without_mail_merge_line_breaks(year_2025, ministry_user):
    # a stored template with the old hard line breaks still gives flowing paragraphs
    clauses = [dict(c) for c in default_template.CLAUSES]
    p4 = next(c for c in clauses if c["key"] == "p4")
    p4["body"] = p4["body"].replace("im Jahr {jahr} ", "im Jahr {jahr}\n")
    doc = build_document(
        year=2025, region=Region.objects.get(ags="06635"), ministry_name="Hessisches "
        "Ministerium für Arbeit, Integration, Jugend und Soziales", ministry_short="HMAIJS",
        authority_name="Regierungspräsidium Kassel", purpose=default_template.PURPOSE,
        clauses=clauses, budget_lines=[("Ausbildungs- und Qualifizierungsbudget", None)],
        measures=list(MEASURES), signatures=[], status_label="Entwurf", is_draft=True,
        is_demo=False)
    text = txt(doc)
    assert "im Jahr 2025 Haushaltsmittel in Höhe von insgesamt" in text
    assert "mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets 2025 in den" in text
    document_xml = zipfile.ZipFile(io.BytesIO(render(doc, "docx"))).read(
        "word/document.xml").decode()
    assert "<w:br/>" not in document_xml
    html = render(doc, "html").decode()
    sections = html.split('aria-label="Unterschriften"')[0]
    assert "<br>" not in sections


def test_html_headings_read_as_text_keep_their_spaces() -> None:
    root = lxml.html.fromstring(render(make_document(WALDECK), "html").decode())
    headings = [h.text_content() for h in root.iter("h2")]
    assert "§ 1 Ausbildungs- und Qualifizierungsbudget Ziele des Landes" in headings
    assert "§ 4 Haushaltsmittel und Eckdaten" in headings
    assert not any(re.search(r"§ \d+[A-ZÄÖÜ]", h) for h in headings)


# -------------------------------------------------------------------- typeface, package


def test_pdf_and_docx_use_the_same_typeface() -> None:
    doc = make_document(WALDECK)
    fonts = base_fonts(render(doc, "pdf"))
    assert fonts and all(FONT.replace(" ", "") in name for name in fonts)
    package = zipfile.ZipFile(io.BytesIO(render(doc, "docx")))
    styles = package.read("word/styles.xml").decode()
    assert "Arial" not in styles
    document = docx.Document(io.BytesIO(package.fp.getvalue()))
    defaults = document.styles.element.find(docx.oxml.ns.qn("w:docDefaults"))
    used = {p.style.name for p in document.paragraphs} | {"Normal"}
    for element in [defaults] + [document.styles[name].element for name in used]:
        fonts = element.find(".//" + docx.oxml.ns.qn("w:rFonts"))
        assert fonts is not None and fonts.get(docx.oxml.ns.qn("w:ascii")) == FONT
    assert f'<a:latin typeface="{FONT}"' in package.read("word/theme/theme1.xml").decode()
    assert f'w:name="{FONT}"' in package.read("word/fontTable.xml").decode()


def test_docx_package_carries_nothing_of_the_default_template() -> None:
    package = zipfile.ZipFile(io.BytesIO(render(make_document(WALDECK), "docx")))
    names = package.namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert not any(n.startswith("customXml/") for n in names)
    everything = b" ".join(package.read(n) for n in names
                           if n.endswith((".xml", ".rels")))
    for stale in (b"Microsoft Macintosh Word", b"python-docx", b"thumbnail", b"customXml",
                  b"Normal.dotm"):
        assert stale not in everything, stale
    app = package.read("docProps/app.xml").decode()
    assert "<Application>AQB" in app
    core = docx.Document(io.BytesIO(package.fp.getvalue())).core_properties
    ministry = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
    assert core.author == ministry and core.last_modified_by == ministry
    assert core.title == "Zielvereinbarung 2025 – Landkreis Waldeck-Frankenberg"


@pytest.mark.django_db
def test_signed_agreement_round_trip_with_gez(year_2025, ministry_user, wf_draft, tmp_path):
    from aqb.agreements.importing import agreement_read

    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    signed = sign_both(wf_draft, ministry_user)
    for fmt in ("txt", "pdf", "docx"):
        path = tmp_path / f"zv.{fmt}"
        path.write_bytes(render(agreement_document(signed), fmt))
        parsed = agreement_read(path).to_json_dict()
        assert [(s["party"], s["name"]) for s in parsed["signatures"]] == [
            ("ministry", "Heike Hofmann"), ("region", "Karl-Friedrich Frese")], fmt


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_every_budget_line_is_read_back(fmt, tmp_path, db) -> None:
    from aqb.agreements.importing import agreement_read

    doc = make_document(WALDECK, budget_lines=[
        ("Ausbildungs- und Qualifizierungsbudget", Decimal("452700")),
        ("Landesmittel Teilzeitausbildung", Decimal("83100.50")),
        ("Arbeitsmarktbudget", None)])
    path = tmp_path / f"zv.{fmt}"
    path.write_bytes(render(doc, fmt))
    budgets = agreement_read(path).to_json_dict()["budgets"]
    assert [(b["name"], b["amount"]) for b in budgets] == [
        ("Ausbildungs- und Qualifizierungsbudget", "452700.00"),
        ("Landesmittel Teilzeitausbildung", "83100.50"),
        ("Arbeitsmarktbudget", None)]


def test_draft_page_says_when_no_signatory_is_entered(client, wf_draft, ministry_user):
    client.force_login(ministry_user)
    url = f"/zielvereinbarungen/{wf_draft.pk}/"
    page = client.get(url).content.decode()
    assert "keine unterzeichnende Person hinterlegt" in page
    assert f"/stammdaten/regionen/{wf_draft.region.ags}/unterzeichnende/neu/" in page
    assert "Kreisausschuss" in page  # the draft names the representing body meanwhile
    region_services.signatory_save(actor=ministry_user, region=wf_draft.region,
                                   name="Karl-Friedrich Frese",
                                   title="Erster Kreisbeigeordneter", place="Korbach")
    page = client.get(url).content.decode()
    assert "keine unterzeichnende Person hinterlegt" not in page
    assert "Karl-Friedrich Frese<br>Erster Kreisbeigeordneter<br>des Landkreises" in page
