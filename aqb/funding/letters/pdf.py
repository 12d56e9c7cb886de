"""PDF/A-2b of a letter, typeset with Typst like the agreement (`aqb.agreements.render.pdf`):
one fixed Typst source, the letter's text travels as JSON through ``sys.inputs`` and is only
placed as Typst strings (no escaping, nothing in the data is markup), the fonts Typst ships
plus ``agreements/render/fonts`` (system fonts ignored, every glyph embedded).

Layout after DIN 5008: letterhead top right, return line and address field on the left,
information block (file number, date) on the right, subject in bold, then salutation, text
with numbered sections, legal-remedy notice and closing; "Seite N von M" in the footer."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

from aqb.agreements.render.pdf import FONT, PDF_STANDARD, _font_paths
from aqb.german.dates import format_date

from . import Items, Letter, Paragraph, Table

_TEMPLATE = r"""
#let d = json(bytes(sys.inputs.doc))
#let lines(s) = s.map(l => [#l]).join(linebreak())

#set document(title: d.meta.title, author: d.meta.author, keywords: d.meta.keywords,
              description: d.meta.description, date: auto)
#set page(
  paper: "a4",
  margin: (left: 2.5cm, right: 2cm, top: 2cm, bottom: 2.3cm),
  header: if d.header != none { align(center, text(size: 9pt, fill: luma(70), d.header)) },
  footer: context align(center, text(size: 9pt, fill: luma(40))[
    Seite #counter(page).display() von #counter(page).final().first()
  ]),
)
#set text(font: d.font, size: 11pt, lang: "de", region: "DE")
#set par(justify: false, leading: 0.6em, spacing: 1em)
#set list(marker: [–], indent: 0.4em, body-indent: 0.5em, spacing: 0.5em)
#set enum(indent: 0.2em, body-indent: 0.5em, spacing: 0.5em)

#align(right, block(text(size: 10pt, {
  text(size: 13pt, weight: "bold", d.sender.at(0))
  if d.sender.len() > 1 { linebreak(); lines(d.sender.slice(1)) }
})))
#v(1.2em)
#grid(columns: (1fr, 7cm), column-gutter: 0.6cm,
  {
    text(size: 7.5pt, fill: luma(60), d.return_line)
    v(0.4em)
    lines(d.recipient)
  },
  text(size: 10pt, grid(columns: (auto, 1fr), column-gutter: 0.6em, row-gutter: 0.45em,
    [Aktenzeichen:], [#d.file_number],
    [Datum:], [#d.date],
  )),
)
#v(2.2em)
#block(below: 0.3em, text(weight: "bold", d.subject))
#block(below: 1.6em, d.reference)
#par(d.salutation)
#for p in d.opening { par(p) }

#let table_block(t) = block(above: 0.6em, below: 1em, breakable: false, {
  let n = t.header.len()
  let al(i) = if t.numeric.contains(i) { right } else { left }
  table(columns: n, stroke: 0.4pt + luma(120), inset: (x: 5pt, y: 4pt),
    align: (x, y) => al(x),
    table.header(..t.header.map(h => text(weight: "bold", h))),
    ..t.rows.flatten().map(c => [#c]),
    ..if t.total != none { t.total.map(c => text(weight: "bold", c)) } else { () },
  )
})

#for s in d.sections {
  block(above: 1.4em, below: 0.8em, sticky: true, text(weight: "bold", s.title))
  for b in s.blocks {
    if b.kind == "p" { par(b.text) } else if b.kind == "items" {
      if b.numbered { enum(..b.items.map(i => [#i])) } else { list(..b.items.map(i => [#i])) }
    } else { table_block(b) }
  }
}

// The legal-remedy notice and the closing stay together: a closing never stands alone.
#block(breakable: false, above: 1.6em, width: 100%, {
  block(below: 0.8em, text(weight: "bold", "Rechtsbehelfsbelehrung"))
  par(d.legal_remedy)
  v(0.8em)
  par(d.closing)
  v(0.6em)
  lines(d.signature)
})
"""

_SOURCE = _TEMPLATE.encode("utf-8")


def letter_data(letter: Letter) -> dict:
    sections = []
    for s in letter.sections:
        blocks = []
        for b in s.blocks:
            if isinstance(b, Paragraph):
                blocks.append({"kind": "p", "text": b.text.replace("§ ", "§\u00a0")})
            elif isinstance(b, Items):
                blocks.append({"kind": "items", "numbered": b.numbered,
                               "items": [i.replace("§ ", "§\u00a0") for i in b.items]})
            elif isinstance(b, Table):
                blocks.append({"kind": "table", "header": list(b.header),
                               "rows": [list(r) for r in b.rows], "numeric": list(b.numeric),
                               "total": list(b.total) if b.total else None})
        sections.append({"title": s.title, "blocks": blocks})
    header = "Demodaten – kein echter Bescheid" if letter.is_demo else None
    return {
        "font": FONT, "header": header,
        "sender": list(letter.sender.lines), "return_line": letter.sender.return_line,
        "recipient": list(letter.recipient), "file_number": letter.file_number,
        "date": format_date(letter.date), "subject": letter.subject,
        "reference": letter.reference, "salutation": letter.salutation,
        "opening": list(letter.opening), "sections": sections,
        "legal_remedy": letter.legal_remedy.replace("§ ", "§\u00a0"),
        "closing": letter.closing, "signature": list(letter.signature),
        "meta": {"title": letter.title, "author": letter.sender.name,
                 "description": f"{letter.subject} vom {format_date(letter.date)}, "
                                f"{letter.reference}",
                 "keywords": list(letter.keywords) or [letter.subject]},
    }


class _Compilers(threading.local):
    compiler = None


_local = _Compilers()


def _compiler():
    if _local.compiler is None:
        import typst

        _local.compiler = typst.Compiler(font_paths=_font_paths(), ignore_system_fonts=True)
    return _local.compiler


def render_pdf(letter: Letter, *, timestamp: datetime | None = None) -> bytes:
    """The letter as PDF/A-2b (A4, embedded fonts, text layer)."""
    data = json.dumps(letter_data(letter), ensure_ascii=False)
    return _compiler().compile(
        input=_SOURCE, format="pdf", sys_inputs={"doc": data}, pdf_standards=[PDF_STANDARD],
        timestamp=timestamp or datetime.now(UTC).replace(microsecond=0))
