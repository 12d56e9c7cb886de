"""The printable steering report of a region (PDF/A-2b, A4 landscape), typeset with Typst like
the letters (`aqb.funding.letters.pdf`): one fixed Typst source, the data travels as JSON
through ``sys.inputs`` and is only placed as Typst strings (nothing in the data is markup).

It holds the same tables as the region's page (suppressed for the state), the targets with
their adjustment and the dated changes, and the ministry's recorded adjustments with reasons.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

from django.utils import timezone

from aqb.agreements.render.pdf import FONT, PDF_STANDARD, _font_paths
from aqb.german.dates import format_date
from aqb.german.money import format_eur, format_number

_TEMPLATE = r"""
#let d = json(bytes(sys.inputs.doc))
#set document(title: d.title, author: "AQB", keywords: ("Steuerung", "Zielerreichung"),
              description: d.title, date: auto)
#set page(
  paper: "a4", flipped: true,
  margin: (left: 1.8cm, right: 1.8cm, top: 1.6cm, bottom: 1.8cm),
  header: align(right, text(size: 8pt, fill: luma(70), d.header)),
  footer: context align(center, text(size: 8pt, fill: luma(40))[
    Seite #counter(page).display() von #counter(page).final().first()
  ]),
)
#set text(font: d.font, size: 10pt, lang: "de", region: "DE")
#set par(justify: false, leading: 0.55em, spacing: 0.9em)

#block(below: 0.4em, text(size: 16pt, weight: "bold", d.title))
#block(below: 1em, d.subtitle)
#grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.45em,
  ..d.facts.map(f => (text(weight: "bold", f.at(0)), [#f.at(1)])).flatten())

#let table_block(t) = block(above: 0.6em, below: 1em, {
  let n = t.header.len()
  let al(i) = if t.numeric.contains(i) { right } else { left }
  set text(size: 8pt)
  table(columns: n, stroke: 0.4pt + luma(120), inset: (x: 4pt, y: 3pt),
    align: (x, y) => al(x),
    table.header(..t.header.map(h => text(weight: "bold", h))),
    ..t.rows.flatten().map(c => [#c]),
    ..if t.total != none { t.total.map(c => text(weight: "bold", c)) } else { () },
  )
})

#for s in d.sections {
  block(above: 1.2em, below: 0.5em, sticky: true, text(size: 11pt, weight: "bold", s.title))
  if s.text != none { par(s.text) }
  if s.table != none { table_block(s.table) }
}
#if d.note != none { block(above: 1.2em, text(size: 8pt, d.note)) }
"""

_SOURCE = _TEMPLATE.encode("utf-8")


class _Compilers(threading.local):
    compiler = None


_local = _Compilers()


def _compiler():
    if _local.compiler is None:
        import typst

        _local.compiler = typst.Compiler(font_paths=_font_paths(), ignore_system_fonts=True)
    return _local.compiler


def _table(t) -> dict | None:
    if not t.rows and not t.footer:
        return None
    footer = None
    if t.footer:
        footer = [t.footer.label, *("." if c.hidden else c.text for c in t.footer.cells)]
    return {"header": list(t.columns), "rows": t.texts(), "numeric": t.numeric_columns,
            "total": footer}


def report_data(*, result, ra, tables, adjustments) -> dict:
    year = result.programme_year.year
    th = result.thresholds
    t = ra.total
    facts = [
        ("Stichtag", format_date(result.on)),
        ("Vereinbarter Betrag (§ 4)", format_eur(ra.agreed_amount)),
        ("Aktuelle Zuweisung", format_eur(ra.current_allocation)),
        ("Anpassungsfaktor", f"{format_number(ra.factor_percent, 1)} %"
         + (" (vom Ministerium festgelegt)" if ra.factor_by_ministry else " (anteilig)")),
        ("Eintritte: Ziel laut Vereinbarung / angepasst",
         f"{_n(t.planned_participants)} / {_n(t.adjusted_participants)}"),
        ("Eintritte: erwartet / erreicht",
         f"{_n(t.expected_participants)} / {'.' if t.entries is None else _n(t.entries)}"),
        ("Bewertung Eintritte", t.rating_label),
        ("Bewertung Auszahlungen", ra.money.rating_label),
        ("Bewertung nach", f"im Plan ab {format_number(th.on_track_from.normalize())} %, "
                           f"beobachten ab {format_number(th.watch_from.normalize())} %; "
                           f"Erwartung {result.course.label}"),
    ]
    if ra.agreement is None:
        facts.append(("Vereinbarung", "keine Zielvereinbarung für das Jahr"))
    sections = []
    if adjustments:
        sections.append({"title": "Anpassungen der Ziele durch das Ministerium", "text": None,
                         "table": {"header": ["Erfasst am", "Anpassung", "Begründung"],
                                   "rows": [[format_date(timezone.localtime(a.created_at).date()),
                                             "anteilig" if a.factor is None else
                                             f"{format_number(a.factor * 100, 2)} %", a.reason]
                                            for a in adjustments],
                                   "numeric": [], "total": None}})
    for table in tables:
        sections.append({"title": table.title, "text": None if table.rows else
                         "Keine Angaben.", "table": _table(table)})
    note = None
    if any(table.suppressed for table in tables):
        from aqb.monitoring.suppression import EXPLANATION

        note = f"Geheimhaltung: {EXPLANATION}"
    return {
        "font": FONT, "header": f"AQB Steuerungsbericht {ra.region.name} {year}",
        "title": f"Steuerungsbericht {year}: {ra.region.name}",
        "subtitle": "Zielerreichung nach § 6 der Zielvereinbarung: Ziele gegen Ist-Werte, "
                    "angepasst um unterjährige Änderungen der Haushaltsmittel.",
        "facts": [list(f) for f in facts], "sections": sections, "note": note,
    }


def _n(value) -> str:
    return "–" if value is None else format_number(value)


def report_pdf(*, result, ra, tables, adjustments, timestamp: datetime | None = None) -> bytes:
    data = json.dumps(report_data(result=result, ra=ra, tables=tables,
                                  adjustments=adjustments), ensure_ascii=False, default=str)
    return _compiler().compile(
        input=_SOURCE, format="pdf", sys_inputs={"doc": data}, pdf_standards=[PDF_STANDARD],
        timestamp=timestamp or datetime.now(UTC).replace(microsecond=0))
