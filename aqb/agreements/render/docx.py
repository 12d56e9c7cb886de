"""An editable Word document (DOCX) of the agreement, built with python-docx.

Real Word styles (Title, Subtitle, Heading 1/2, Normal, List Number, List Bullet 2), German
language on the styles (hyphenation and spell checking in Word and LibreOffice), A4, "Seite N
von M" in the footer (PAGE / NUMPAGES fields), a running header on drafts and the signatures
in a two-column table without borders, kept on one page with the end of the text. The wording
and line structure follow ``render/text.py``, so ``aqb.agreements.reading`` reads the file
back into the same data.

Typeface: the one the PDF embeds (``render.pdf.FONT``, Libertinus Serif), on every style and
in the theme; the font table names a serif fallback for machines without it. The package
carries nothing of python-docx's default template: no thumbnail, no bibliography part, an
``app.xml`` of its own and core properties naming the ministry.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..document import AgreementDocument, BudgetBlock, MeasureBlock, Paragraph
from .pdf import FONT, draft_label

__all__ = ["APPLICATION", "FONT", "LANGUAGE", "render_docx"]

APPLICATION = "AQB – Ausbildungs- und Qualifizierungsbudget Hessen"
LANGUAGE = "de-DE"
BLACK = RGBColor(0, 0, 0)
_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


# ----------------------------------------------------------------------------- styles


def _set_run_defaults(r_pr, *, font: str | None = FONT) -> None:
    """Font (without theme fonts, which would override it) and German language on an rPr."""
    if font:
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        for attr in list(fonts.attrib):
            if attr.endswith("Theme") or attr.endswith("theme"):
                del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), font)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def _style(document, name: str, *, size: float | None = None, bold: bool | None = None,
           align=None, before: float | None = None, after: float | None = None):
    style = document.styles[name]
    _set_run_defaults(style.element.get_or_add_rPr())
    font = style.font
    font.color.rgb = BLACK
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    return style


def _setup(document) -> None:
    """Page, language defaults and the styles used by the agreement."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    _set_run_defaults(r_pr)

    normal = _style(document, "Normal", size=11, after=8)
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.widow_control = True
    title = _style(document, "Title", size=24, bold=True, align=_CENTER, after=18)
    p_pr = title.element.get_or_add_pPr()
    for border in p_pr.findall(qn("w:pBdr")):  # the template underlines the title in blue
        p_pr.remove(border)
    _style(document, "Subtitle", size=14, bold=True, align=_CENTER, after=10).font.italic = False
    _style(document, "Heading 1", size=12, bold=True, align=_CENTER, before=20, after=0)
    _style(document, "Heading 2", size=12, bold=True, align=_CENTER, before=0, after=10)
    for name in ("List Number", "List Bullet", "List Bullet 2", "List"):
        _style(document, name, after=2)
    for name in ("Header", "Footer"):
        _style(document, name)

    settings = document.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        # Word expects the settings in schema order: right after w:defaultTabStop.
        hyphenation = OxmlElement("w:autoHyphenation")
        tab_stop = settings.find(qn("w:defaultTabStop"))
        if tab_stop is not None:
            tab_stop.addnext(hyphenation)
        else:
            settings.append(hyphenation)
    compat = settings.find(qn("w:compat"))
    if compat is not None and compat.find(qn("w:doNotExpandShiftReturn")) is None:
        # lines ending in a manual line break are not stretched in justified paragraphs
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)


# ---------------------------------------------------------------------------- content


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a cached result, as Word writes it."""
    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _header_footer(document, doc: AgreementDocument) -> None:
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    footer.alignment = _CENTER
    footer.add_run("Seite ")
    _field(footer, "PAGE", "1")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES", "1")
    label = draft_label(doc)
    if label:
        header = section.header.paragraphs[0]
        header.alignment = _CENTER
        header.add_run(label).font.size = Pt(9)


def _paragraph(document, text: str, *, style: str | None = None, align=None,
               bold: bool = False, size: float | None = None, keep_with_next: bool = False):
    """A paragraph; single line breaks in ``text`` become line breaks (w:br)."""
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)  # python-docx turns "\n" into <w:br/>
    if bold:
        run.bold = True
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _measures(document, block: MeasureBlock) -> None:
    """Measure types as a numbered list with their projects as bullets below.

    Word numbers the list itself when the numbers are 1, 2, 3, ... (always so in practice);
    otherwise the numbers are written out in "List" paragraphs.
    """
    automatic = [m.number for m in block.measures] == list(range(1, len(block.measures) + 1))
    for measure in block.measures:
        if automatic:
            paragraph = _paragraph(document, measure.title, style="List Number")
        else:
            paragraph = _paragraph(document, f"{measure.number}.\t{measure.title}", style="List")
        paragraph.paragraph_format.keep_with_next = bool(measure.projects)
        for project in measure.projects:
            _paragraph(document, project, style="List Bullet 2")
    # a little air before the next paragraph (list styles use contextual spacing)
    document.paragraphs[-1].paragraph_format.space_after = Pt(10)


# Elements that follow w:pBdr in w:pPr and w:tblBorders in w:tblPr (ECMA-376 sequences):
# Word rejects a document whose properties are out of schema order.
_AFTER_P_BDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_AFTER_TBL_BORDERS = (
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *_AFTER_TBL_BORDERS)


def _cell_lines(cell, lines: list[str], *, keep: bool = True) -> None:
    first = True
    for line in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.add_run(line)
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(0)
        fmt.keep_with_next = keep
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _signatures(document, doc: AgreementDocument) -> None:
    """Signature blocks side by side: place and date, signature line, name, title, institution."""
    signatures = list(doc.signatures)
    if not signatures:
        return
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(18)
    spacer.paragraph_format.keep_with_next = True
    columns = 2
    rows = (len(signatures) + columns - 1) // columns
    table = document.add_table(rows=3 * rows, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    width = Cm(8)
    for row in table.rows:
        row.cells[0].width = row.cells[1].width = width
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
    for index, sig in enumerate(signatures):
        base, column = 3 * (index // columns), index % columns
        _cell_lines(table.cell(base, column), [sig.place_line])
        line_cell = table.cell(base + 1, column)
        paragraph = line_cell.paragraphs[0]
        if sig.signature_line:  # a copy: "gez. Heike Hofmann"
            paragraph.add_run(sig.signature_line)
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(30)
        fmt.space_after = Pt(2)
        fmt.keep_with_next = True
        fmt.right_indent = Cm(0.6)
        p_bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "000000")):
            bottom.set(qn(f"w:{key}"), value)
        p_bdr.append(bottom)
        paragraph._p.get_or_add_pPr().insert_element_before(p_bdr, *_AFTER_P_BDR)
        last = index // columns == rows - 1
        _cell_lines(table.cell(base + 2, column), list(sig.lines), keep=not last)


def _core_properties(document, doc: AgreementDocument) -> None:
    title = "Zielvereinbarung" if doc.title == "Zielvereinbarung" else doc.title
    props = document.core_properties
    props.title = f"{title} {doc.year} – {doc.region_name}"
    props.subject = f"{title} {doc.year} {doc.purpose}"
    props.author = doc.ministry_name
    props.last_modified_by = doc.ministry_name
    props.language = LANGUAGE
    props.keywords = f"Zielvereinbarung; {doc.year}; {doc.region_name}; {doc.region_ags}"
    props.category = doc.status_label
    props.comments = draft_label(doc) or ""
    props.revision = max(1, doc.version)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now


def render_docx(doc: AgreementDocument) -> bytes:
    """The agreement as DOCX bytes."""
    document = Document()
    _setup(document)
    _header_footer(document, doc)
    _core_properties(document, doc)

    title = "Zielvereinbarung" if doc.title == "Zielvereinbarung" else doc.title
    _paragraph(document, title, style="Title")
    _paragraph(document, str(doc.year), style="Subtitle")
    _paragraph(document, "zwischen", align=_CENTER)
    _paragraph(document, doc.ministry_dative, align=_CENTER, size=12)
    _paragraph(document, f"und {doc.region_dative}", align=_CENTER, size=12)
    _paragraph(document, doc.purpose, align=_CENTER).paragraph_format.space_after = Pt(18)

    for section in doc.sections:
        _paragraph(document, section.heading, style="Heading 1")
        for title_line in section.titles:
            _paragraph(document, title_line, style="Heading 2")
        if not section.titles:  # "Präambel": the space below the heading
            document.paragraphs[-1].paragraph_format.space_after = Pt(10)
        following = [*section.blocks[1:], None]
        for block, after in zip(section.blocks, following, strict=True):
            if isinstance(block, Paragraph):
                # the sentence before the § 4 total stays on its page
                _paragraph(document, block.text, align=_JUSTIFY,
                           keep_with_next=isinstance(after, BudgetBlock))
            elif isinstance(block, BudgetBlock):
                amount = _paragraph(document, block.total, align=_CENTER, bold=True,
                                    size=12, keep_with_next=True)
                amount.paragraph_format.space_before = Pt(6)
                _paragraph(document, block.source, align=_JUSTIFY,
                           keep_with_next=bool(block.items))
                for index, item in enumerate(block.items, 1):
                    _paragraph(document, item.text, style="List Bullet",
                               keep_with_next=index < len(block.items))
                if block.items:
                    document.paragraphs[-1].paragraph_format.space_after = Pt(10)
            elif isinstance(block, MeasureBlock):
                _measures(document, block)
    if document.paragraphs:  # the end of § 7 stays on the page of the signatures
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    _signatures(document, doc)

    out = io.BytesIO()
    document.save(out)
    return _clean_package(out.getvalue(), doc)


# ---------------------------------------------------------------------------- package

#: Parts of python-docx's default template that have no place in an agreement.
_DROP_PARTS = ("docProps/thumbnail.jpeg", "customXml/")

_FONT_TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
<w:font w:name="{FONT}"><w:altName w:val="Times New Roman"/><w:charset w:val="00"/>\
<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>\
<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/>\
<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>\
<w:font w:name="Symbol"><w:charset w:val="02"/><w:family w:val="roman"/>\
<w:pitch w:val="variable"/></w:font>\
</w:fonts>"""


def _app_xml(doc: AgreementDocument) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes">'
        f"<Application>{escape(APPLICATION)}</Application>"
        "<DocSecurity>0</DocSecurity>"
        f"<Company>{escape(doc.ministry_name)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    )


def _clean_package(data: bytes, doc: AgreementDocument) -> bytes:
    """The saved package without the default template's leftovers: thumbnail and bibliography
    parts (and their relationships and content types) removed, app.xml and the font table
    written anew, the theme's fonts set to the document's typeface."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    drop_targets = ("thumbnail.jpeg", "customXml/")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = info.filename
            if name.startswith(_DROP_PARTS):
                continue
            content = source.read(name)
            if name.endswith(".rels"):
                text = content.decode("utf-8")
                text = re.sub(r"<Relationship [^>]*Target=\"[^\"]*(?:"
                              + "|".join(re.escape(t) for t in drop_targets)
                              + r")[^\"]*\"[^>]*/>", "", text)
                content = text.encode("utf-8")
            elif name == "[Content_Types].xml":
                text = content.decode("utf-8")
                text = re.sub(r'<Override PartName="/customXml/[^"]*"[^>]*/>', "", text)
                text = re.sub(r'<Default Extension="jpeg"[^>]*/>', "", text)
                content = text.encode("utf-8")
            elif name == "docProps/app.xml":
                content = _app_xml(doc).encode("utf-8")
            elif name == "word/fontTable.xml":
                content = _FONT_TABLE.encode("utf-8")
            elif name == "word/theme/theme1.xml":
                content = re.sub(rb'<a:latin typeface="[^"]*"',
                                 f'<a:latin typeface="{FONT}"'.encode(), content)
            target.writestr(info, content)
    return out.getvalue()
