"""PDF/A-2b of the agreement, typeset with Typst.

The layout lives in one fixed Typst source (``_TEMPLATE``); the document's text travels as
JSON through ``sys.inputs`` and is only ever placed as Typst *strings*, so characters that
are markup in Typst (``# $ * _ ` < > @ [ ] \\``) print literally and no escaping is needed.
Because the source never changes, a reused :class:`typst.Compiler` keeps the parsed template,
the fonts and its layout caches across documents (one compiler per thread).

Fonts: the fonts Typst ships (Libertinus Serif), plus any ``.ttf``/``.otf`` placed in
``render/fonts/``; system fonts are ignored, so the output is the same on every machine and
every glyph is embedded (PDF/A). The wording and line structure follow ``render/text.py``, so
that ``aqb.agreements.reading`` reads the PDF back into the same data.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

from ..document import AgreementDocument, BudgetBlock, MeasureBlock, Paragraph

__all__ = ["FONT", "PDF_STANDARD", "document_data", "draft_label", "render_pdf", "typst_source"]

PDF_STANDARD = "a-2b"
FONT = "Libertinus Serif"
FONT_DIR = Path(__file__).with_name("fonts")

# The layout. Every text comes from `d` (JSON) and is used as a string, never as markup.
_TEMPLATE = r"""
#let d = json(bytes(sys.inputs.doc))
#let lines(s) = s.split("\n").map(l => [#l]).join(linebreak())

#set document(title: d.meta.title, author: d.meta.author, keywords: d.meta.keywords,
              description: d.meta.description, date: auto)
#set page(
  paper: "a4",
  margin: (left: 2.5cm, right: 2.5cm, top: 2.7cm, bottom: 2.5cm),
  header: if d.header != none {
    align(center, text(size: 9pt, fill: luma(70), hyphenate: false, d.header))
  },
  footer: context align(center, text(size: 9pt, fill: luma(40))[
    Seite #counter(page).display() von #counter(page).final().first()
  ]),
)
#set text(font: d.font, size: 11.5pt, lang: "de", region: "DE")
#set par(justify: false, leading: 0.62em, spacing: 1.15em)
#set list(marker: [-], indent: 0.6em, body-indent: 0.5em, tight: true, spacing: 0.45em)
#set enum(indent: 0em, body-indent: 0.6em, tight: true, spacing: 0.55em)
#show heading: it => block(above: 1.9em, below: 1.1em, sticky: true, width: 100%, {
  set par(justify: false)
  set text(size: 12pt, weight: "bold", hyphenate: false)
  align(center, it.body)
})

// Title block, centred like the paper agreement.
#align(center, {
  set par(justify: false, spacing: 1.25em)
  set text(hyphenate: false)
  block(below: 1.5em, text(size: 22pt, weight: "bold", d.title))
  par(text(size: 14pt, weight: "bold", d.year))
  par(d.between)
  par(text(size: 12.5pt, d.ministry))
  par(text(size: 12.5pt, d.region))
  par(d.purpose)
})
#v(0.6em)

// The total, the end of the sentence and the budget lines stay together on one page.
#let budget(b) = {
  block(above: 1.3em, below: 1.3em, width: 100%, sticky: true,
        align(center, text(size: 12.5pt, weight: "bold", b.total)))
  block(breakable: false, width: 100%, {
    par(b.source)
    if b.items.len() > 0 {
      block(above: 0.8em, below: 1.2em, list(..b.items.map(i => [#i])))
    }
  })
}
#let measures(b) = block(above: 1.2em, below: 1.3em, {
  set par(justify: false)
  set text(hyphenate: false)
  enum(..b.measures.map(m => enum.item(m.number, {
    [#m.title]
    if m.projects.len() > 0 { list(..m.projects.map(p => [#p])) }
  })))
})
#let content(b) = if b.kind == "p" { par(b.text) } else if b.kind == "budget" {
  budget(b)
} else { measures(b) }

#for s in d.sections {
  heading(level: 1, lines(s.heading_lines.join("\n")))
  for b in s.blocks {
    if b.sticky {
      // stays on the page of what follows: the sentence before the § 4 total, and the end
      // of the last section with the signatures
      block(sticky: true, width: 100%, content(b))
    } else {
      content(b)
    }
  }
}

// Signatures side by side; kept together on one page, and with the end of the text.
#block(breakable: false, above: 3.2em, width: 100%, {
  set par(justify: false, leading: 0.55em)
  set text(hyphenate: false)
  let sigs = d.signatures
  grid(
    columns: (1fr, 1fr), column-gutter: 3.5em, row-gutter: 0.5em,
    ..sigs.map(s => [#s.place_line]),
    ..sigs.map(s => block(width: 100%, {
      block(height: 3.2em, width: 100%, above: 0em, below: 0.3em, align(bottom, s.sig_line))
      line(length: 92%, stroke: 0.5pt)
    })),
    ..sigs.map(s => lines(s.lines.join("\n"))),
  )
})
"""


_SOURCE = _TEMPLATE.encode("utf-8")


def draft_label(doc: AgreementDocument) -> str | None:
    """The running header of an unsigned document, else ``None``."""
    if not doc.is_draft:
        return None
    return "Entwurf – nicht unterzeichnet" + (" – Demodaten" if doc.is_demo else "")


def _keep_name(line: str) -> str:
    """A line under the signature that is a short name keeps its words together (no-break
    spaces); longer lines (the ministry's scope) wrap at spaces as usual."""
    return line.replace(" ", "\u00a0") if len(line) <= 32 else line


def document_data(doc: AgreementDocument) -> dict:
    """Everything the template prints, as plain JSON data (wording as in ``render_text``)."""
    sections = []
    for section in doc.sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                # "§ 5" is never split over two lines (the reader reads a no-break space as space)
                blocks.append({"kind": "p", "text": block.text.replace("§ ", "§\u00a0")})
            elif isinstance(block, BudgetBlock):
                blocks.append({"kind": "budget", "total": block.total, "source": block.source,
                               "items": [item.text for item in block.items]})
            elif isinstance(block, MeasureBlock):
                blocks.append({"kind": "measures", "measures": [
                    {"number": m.number, "title": m.title, "projects": list(m.projects)}
                    for m in block.measures]})
        for b, following in zip(blocks, [*blocks[1:], None], strict=True):
            b["sticky"] = following is not None and following["kind"] == "budget"
        sections.append({"heading_lines": [section.heading, *section.titles],
                         "blocks": blocks})
    if sections and sections[-1]["blocks"]:
        sections[-1]["blocks"][-1]["sticky"] = True
    signatures = [{
        "place_line": s.place_line,
        "sig_line": s.signature_line,
        # a name is never broken inside ("Offenbach am Main", "Homberg (Efze)")
        "lines": [_keep_name(line) for line in s.lines] or [" "],
    } for s in doc.signatures]
    if len(signatures) % 2:
        signatures.append({"place_line": "", "sig_line": "", "lines": [" "]})
    title = "Zielvereinbarung" if doc.title == "Zielvereinbarung" else doc.title
    header = draft_label(doc)
    return {
        "font": FONT,
        "title": title,
        "year": str(doc.year),
        "between": "zwischen",
        "ministry": doc.ministry_dative,
        "region": f"und {doc.region_dative}",
        "purpose": doc.purpose,
        "sections": sections,
        "signatures": signatures,
        "header": header,
        "meta": {
            "title": f"{title} {doc.year} – {doc.region_name}",
            "author": doc.ministry_name,
            "description": (f"{title} {doc.year} zwischen {doc.ministry_dative} und "
                            f"{doc.region_dative} {doc.purpose}"
                            + (f" ({header})" if header else "")),
            "keywords": ["Zielvereinbarung", "Ausbildungs- und Qualifizierungsbudget",
                         str(doc.year), doc.region_name, doc.region_ags],
        },
    }


def typst_source() -> str:
    """The Typst source of the layout (for debugging: ``typst compile`` with ``--input doc=``)."""
    return _TEMPLATE


class _Compilers(threading.local):
    """One compiler per thread: a compiler is not safe to share between threads."""

    compiler = None


_local = _Compilers()


def _font_paths() -> list[str]:
    if FONT_DIR.is_dir() and any(p.suffix.lower() in (".ttf", ".otf") for p in FONT_DIR.iterdir()):
        return [str(FONT_DIR)]
    return []


def _compiler():
    if _local.compiler is None:
        import typst

        _local.compiler = typst.Compiler(font_paths=_font_paths(), ignore_system_fonts=True)
    return _local.compiler


def render_pdf(doc: AgreementDocument, *, timestamp: datetime | None = None) -> bytes:
    """The agreement as PDF/A-2b (A4, embedded fonts, text layer, "Seite N von M").

    ``timestamp`` is the creation date written into the metadata (default: now); pass a fixed
    one for byte-identical output.
    """
    data = json.dumps(document_data(doc), ensure_ascii=False)
    # The source is passed on every call: typst-py 0.15 forgets an in-memory source given to
    # the constructor after the first compile. Equal sources still hit the compiler's caches.
    return _compiler().compile(
        input=_SOURCE,
        format="pdf",
        sys_inputs={"doc": data},
        pdf_standards=[PDF_STANDARD],
        timestamp=timestamp or datetime.now(UTC).replace(microsecond=0),
    )
