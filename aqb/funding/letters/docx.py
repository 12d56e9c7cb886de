"""An editable Word document (DOCX) of a letter, with python-docx: the agreement's typeface
and German language on every style (`aqb.agreements.render.docx`), A4, letterhead right,
address and information block side by side, tables for figures, "Seite N von M"."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from aqb.agreements.render.docx import APPLICATION, _field, _set_run_defaults
from aqb.german.dates import format_date

from . import Items, Letter, Paragraph, Table

_RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


def _setup(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_run_defaults(r_pr)
    for name in ("Normal", "List Number", "List Bullet", "Table Grid", "Header", "Footer"):
        style = document.styles[name]
        _set_run_defaults(style.element.get_or_add_rPr())
        style.font.color.rgb = RGBColor(0, 0, 0)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)


def _para(document, text: str = "", *, bold=False, size=None, align=None, keep=False):
    p = document.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def _table(document, t: Table) -> None:
    rows = [t.header, *t.rows, *([t.total] if t.total else [])]
    table = document.add_table(rows=len(rows), cols=len(t.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for r, row in enumerate(rows):
        bold = r == 0 or (t.total is not None and r == len(rows) - 1)
        for c, value in enumerate(row):
            cell = table.cell(r, c).paragraphs[0]
            cell.add_run(value).bold = bold
            if c in t.numeric:
                cell.alignment = _RIGHT
    document.add_paragraph()


def render_docx(letter: Letter) -> bytes:
    document = Document()
    _setup(document)
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Seite ")
    _field(footer, "PAGE", "1")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES", "1")
    if letter.is_demo:
        section.header.paragraphs[0].add_run("Demodaten – kein echter Bescheid")

    head = document.add_paragraph()
    head.alignment = _RIGHT
    head.add_run(letter.sender.lines[0]).bold = True
    for line in letter.sender.lines[1:]:
        head.add_run("\n" + line)
    grid = document.add_table(rows=1, cols=2)
    address, info = grid.cell(0, 0), grid.cell(0, 1)
    address.width, info.width = Cm(10.5), Cm(6)
    small = address.paragraphs[0].add_run(letter.sender.return_line)
    small.font.size = Pt(7.5)
    address.add_paragraph("\n".join(letter.recipient))
    info.paragraphs[0].add_run(f"Aktenzeichen: {letter.file_number}\n"
                               f"Datum: {format_date(letter.date)}")
    document.add_paragraph()
    _para(document, letter.subject, bold=True, keep=True)
    _para(document, letter.reference)
    _para(document, letter.salutation)
    for p in letter.opening:
        _para(document, p)
    for s in letter.sections:
        _para(document, s.title, bold=True, keep=True)
        for b in s.blocks:
            if isinstance(b, Paragraph):
                _para(document, b.text)
            elif isinstance(b, Items):
                style = "List Number" if b.numbered else "List Bullet"
                for item in b.items:
                    document.add_paragraph(item, style=style)
            elif isinstance(b, Table):
                _table(document, b)
    _para(document, "Rechtsbehelfsbelehrung", bold=True, keep=True)
    _para(document, letter.legal_remedy)
    _para(document, letter.closing, keep=True)
    _para(document, "\n".join(letter.signature))

    props = document.core_properties
    props.title = letter.title
    props.author = letter.sender.name
    props.subject = letter.subject
    props.keywords = ", ".join(letter.keywords)
    props.language = "de-DE"
    props.comments = APPLICATION
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
