"""The grant notice, an amendment notice and the refund notice as letters: text, HTML, PDF/A
(read back) and DOCX, in letter-perfect German."""

import io
import re
from datetime import date
from decimal import Decimal

from docx import Document
from pypdf import PdfReader

from aqb.funding import models as fm
from aqb.funding.letters import render
from aqb.funding.letters.notice import notice_letter
from aqb.funding.letters.refund import refund_letter
from aqb.funding.letters.text import render_text
from aqb.funding.notices import notice_amend, notice_input_from


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


KEY = ("Zuwendungsbescheid", "Regierungspräsidium Kassel", "Dezernat 57",
       "Kreisausschuss des Landkreises Waldeck-Frankenberg", "RPKS-57-AQB-2025-06635",
       "15. April 2025", "Dem Landkreis Waldeck-Frankenberg wird für den Zeitraum vom "
       "1. Januar 2025 bis 31. Dezember 2025 (Bewilligungszeitraum) eine Zuwendung in Höhe "
       "von 80.000,00 Euro bewilligt.", "Anteilfinanzierung in Höhe von 80,00 %",
       "I. Bewilligung", "II. Kassenmittel je Haushaltsjahr", "III. Nebenbestimmungen",
       "IV. Besondere Nebenbestimmungen", "V. Nachweise und Fristen", "VI. Weiterleitung",
       "30. Juni 2026", "Rechtsbehelfsbelehrung", "Mit freundlichen Grüßen", "Im Auftrag",
       "durch den Landkreis Waldeck-Frankenberg")


def test_notice_text_reads_as_an_official_letter(notice):
    text = render_text(notice_letter(notice.current))
    flat = " ".join(text.split())
    for sentence in KEY:
        assert sentence in flat, sentence
    assert "Landkreis Landkreis" not in flat and "dem Landkreis Landkreis" not in flat
    assert not re.search(r"\b(\w+) \1\b", flat), re.search(r"\b(\w+) \1\b", flat)
    assert "ANBest-GK" in flat


def test_notice_pdf_is_pdf_a_with_the_key_sentences(notice):
    pdf = render(notice_letter(notice.current), "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(?:>|=\")2", xmp)
    assert re.search(r"pdfaid:conformance(?:>|=\")B", xmp)
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.metadata.title == "Zuwendungsbescheid – RPKS-57-AQB-2025-06635"
    text = _pdf_text(pdf)
    for sentence in ("Zuwendungsbescheid", "80.000,00 Euro", "15. April 2025",
                     "Kreisausschuss des Landkreises Waldeck-Frankenberg",
                     "Rechtsbehelfsbelehrung", "Mit freundlichen Grüßen", "Im Auftrag",
                     "I. Bewilligung", "VI. Weiterleitung"):
        assert sentence in text, sentence


def test_notice_docx_and_html_carry_the_same_text(notice):
    letter = notice_letter(notice.current)
    docx = _docx_text(render(letter, "docx"))
    html = render(letter, "html").decode()
    for sentence in ("Zuwendungsbescheid", "80.000,00 Euro", "15. April 2025",
                     "Kreisausschuss des Landkreises Waldeck-Frankenberg",
                     "Rechtsbehelfsbelehrung", "Im Auftrag", "III. Nebenbestimmungen"):
        assert sentence in docx, sentence
        assert sentence in html, sentence
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    assert "<script" not in html and "<style" not in html


def test_amendment_letter_shows_old_and_new_figures(notice, authority_user):
    data = notice_input_from(notice.current, day=date(2025, 9, 1))
    data.amount, data.cash = Decimal("70000"), {}
    version = notice_amend(actor=authority_user, notice=notice, data=data,
                           reason="Minderausgaben")
    letter = notice_letter(version)
    assert letter.subject == "1. Änderungsbescheid"
    flat = " ".join(render_text(letter).split())
    assert "der Zuwendungsbescheid vom 15. April 2025 (Aktenzeichen RPKS-57-AQB-2025-06635)" \
        in flat
    assert "Grund der Änderung: Minderausgaben" in flat
    assert re.search(r"bewilligter Betrag\s+80\.000,00 Euro\s+70\.000,00 Euro", flat), flat
    pdf = _pdf_text(render(letter, "pdf"))
    assert "1. Änderungsbescheid" in pdf and "Minderausgaben" in pdf


def test_refund_letter_states_amounts_interest_and_remedy(notice, authority_user):
    proof = fm.Proof.objects.create(notice=notice, kind=fm.ProofKind.FINAL,
                                    date=date(2025, 10, 1), report="Bericht",
                                    costs=Decimal("90000"))
    settlement = fm.Settlement.objects.create(
        notice=notice, proof=proof, date=date(2025, 10, 20), effective=date(2025, 6, 1),
        recognised=Decimal("72000"), paid=Decimal("80000"), refund_amount=Decimal("8000"))
    refund = fm.Refund.objects.create(
        settlement=settlement, notice=notice, number="ERST-2025-06635", date=date(2025, 10, 20),
        amount=Decimal("8000"), interest_from=date(2025, 6, 1), due_on=date(2025, 11, 20))
    letter = refund_letter(refund)
    flat = " ".join(render_text(letter).split())
    for sentence in ("Erstattungs- und Zinsbescheid", "72.000,00 Euro", "80.000,00 Euro",
                     "8.000,00 Euro", "20. November 2025", "§ 49a Abs. 3",
                     "fünf Prozentpunkten über dem Basiszinssatz", "1. Juni 2025",
                     "Rechtsbehelfsbelehrung", "Im Auftrag",
                     "Der Landkreis Waldeck-Frankenberg hat den Erstattungsbetrag"):
        assert sentence in flat, sentence
    # 1-30 Jun 2025 at 2,27 + 5 %: 8000 * 7.27 % * 30/365 = 47.8027...;
    # 1 Jul-19 Nov 2025 at 1,27 + 5 %: 8000 * 6.27 % * 142/365 = 195.1430...; sum 242.95
    assert "betragen die Zinsen 242,95 Euro" in flat
    assert "7,27 %" in flat and "6,27 %" in flat and "30/365" in flat and "142/365" in flat
    raw = render(letter, "pdf")
    pdf = _pdf_text(raw)
    assert "Erstattungs- und Zinsbescheid" in pdf and "8.000,00 Euro" in pdf
    # the closing never stands alone on a page: it stays with the legal-remedy notice
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(raw)).pages]
    last = next(p for p in pages if "Mit freundlichen Grüßen" in p)
    assert "Rechtsbehelfsbelehrung" in last
    assert "Erstattungsbetrag" in _docx_text(render(letter, "docx"))
