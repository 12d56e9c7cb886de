"""The minutes of an autumn review as a document: the frozen figures as tables (also used by the
page) and the PDF, typeset with Typst like the letters (`aqb.funding.letters.pdf`): one fixed
Typst source, the data travels as JSON through ``sys.inputs`` and is placed as strings only."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils import timezone

from aqb.agreements.render.pdf import FONT, PDF_STANDARD, _font_paths
from aqb.funding.ledger import LABELS as MONEY_LABELS
from aqb.german.dates import format_date
from aqb.german.money import format_eur, format_number

from .models import Review


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[int]


def _n(value) -> str:
    return "–" if value is None else format_number(value)


def _pct(ratio) -> str:
    if ratio is None:
        return "–"
    return f"{format_number((Decimal(ratio) * 100).quantize(Decimal('0.1')), 1)} %"


def _eur(value) -> str:
    return "–" if value is None else format_eur(Decimal(value))


def snapshot_tables(snapshot: dict) -> list[Table]:
    """The frozen figures as tables: targets and entries per project, measure type and
    region; money; dated changes of the budget."""
    header = ["Zeile", "geplant", "angepasst", "erwartet", "Eintritte", "Austritte",
              "Quote", "Bewertung"]

    def row(line, label=None):
        return [label or line["label"], _n(line["planned_participants"]),
                _n(line["adjusted_participants"]), _n(line["expected_participants"]),
                "·" if line["entries"] is None else _n(line["entries"]),
                "·" if line["exits"] is None else _n(line["exits"]),
                _pct(line["ratio"]), line["rating_label"]]

    rows = [row(p) for p in snapshot["projects"]]
    rows += [row(m) for m in snapshot["measures"]]
    rows.append(row(snapshot["total"], "Gebietskörperschaft insgesamt"))
    m = snapshot["money"]
    money = [["aktuelle Zuweisung", _eur(m["allocated"])],
             *[[label, _eur(m.get(key))] for key, label in MONEY_LABELS.items()],
             ["erwartet ausgezahlt", _eur(m["expected_paid"])],
             ["Mittelabfluss", f"{_pct(m['ratio'])} ({m['rating_label']})"]]
    changes = [[format_date(date.fromisoformat(c["on"])), c["kind"], c["text"],
                _eur(c["delta"])] for c in snapshot["changes"]]
    out = [Table("ziele", "Eintritte gegenüber den Zielen", header, rows, [1, 2, 3, 4, 5, 6]),
           Table("geld", "Mittel", ["Kennzahl", "Betrag"], money, [1])]
    if changes:
        out.append(Table("aenderungen", "Änderungen des Budgets im Jahr",
                         ["Datum", "Art", "Anlass", "Betrag"], changes, [3]))
    return out


def snapshot_facts(snapshot: dict) -> list[tuple[str, str]]:
    return [("Stand der Zahlen", format_date(date.fromisoformat(snapshot["on"]))),
            ("Zielvereinbarung", snapshot["agreement"] or "keine"),
            ("vereinbarter Betrag", _eur(snapshot["agreed_amount"])),
            ("aktuelle Zuweisung", _eur(snapshot["current_allocation"])),
            ("Anpassung der Ziele", f"{format_number(Decimal(snapshot['factor_percent']), 1)} %"),
            ("unterjährige Erwartung", snapshot["course"])]


_TEMPLATE = r"""
#let d = json(bytes(sys.inputs.doc))
#set document(title: d.title, author: "AQB Hessen", date: auto)
#set page(paper: "a4", margin: (left: 2.2cm, right: 2cm, top: 2cm, bottom: 2.3cm),
  header: if d.header != none { align(center, text(size: 9pt, fill: luma(70), d.header)) },
  footer: context align(center, text(size: 9pt, fill: luma(40))[
    Seite #counter(page).display() von #counter(page).final().first()
  ]))
#set text(font: d.font, size: 10.5pt, lang: "de", region: "DE")
#set par(justify: false, leading: 0.6em, spacing: 0.9em)
#block(below: 1em, text(size: 15pt, weight: "bold", d.title))
#grid(columns: (auto, 1fr), column-gutter: 0.8em, row-gutter: 0.45em,
  ..d.facts.map(f => ([#f.at(0):], [#f.at(1)])).flatten())
#let table_block(t) = block(above: 0.6em, below: 1em, {
  let al(i) = if t.numeric.contains(i) { right } else { left }
  table(columns: t.header.len(), stroke: 0.4pt + luma(120), inset: (x: 4pt, y: 3pt),
    align: (x, y) => al(x),
    table.header(..t.header.map(h => text(weight: "bold", h))),
    ..t.rows.flatten().map(c => text(size: 9pt, c)))
})
#for s in d.sections {
  block(above: 1.3em, below: 0.7em, sticky: true, text(size: 12pt, weight: "bold", s.title))
  for b in s.blocks {
    if b.kind == "p" { par(b.text) } else if b.kind == "items" {
      enum(..b.items.map(i => [#i]))
    } else {
      block(above: 0.8em, below: 0.3em, sticky: true, text(weight: "bold", b.title))
      table_block(b)
    }
  }
}
"""


def document_data(review: Review, *, is_demo: bool = False) -> dict:
    at = timezone.localtime(review.starts_at)
    facts = [("Gebietskörperschaft", review.region.name),
             ("Programmjahr", str(review.programme_year.year)),
             ("Termin", f"{format_date(at.date())}, {at:%H:%M} Uhr"),
             ("Ort", review.place or "Videokonferenz"),
             ("Status", review.get_status_display())]
    people = [u.get_full_name() or u.get_username() for u in review.participants.all()]
    people += [line.strip() for line in review.external_participants.splitlines()
               if line.strip()]
    sections = [{"title": "Teilnehmende", "blocks": [
        {"kind": "p", "text": ", ".join(people) or "keine angegeben"}]}]
    sections.append({"title": "Tagesordnung", "blocks": [{"kind": "items", "items": [
        f"{i.title}: {i.text}" if i.text else i.title for i in review.agenda.all()]}]
        if review.agenda.exists() else [{"kind": "p", "text": "keine"}]})
    if review.snapshot:
        facts += snapshot_facts(review.snapshot)
        sections.append({"title": "Zahlen zum Zeitpunkt der Besprechung", "blocks": [
            {"kind": "table", "title": t.title, "header": t.header, "rows": t.rows,
             "numeric": t.numeric} for t in snapshot_tables(review.snapshot)]})
    decisions = [p.strip() for p in review.decisions.split("\n\n") if p.strip()]
    sections.append({"title": "Beschlüsse", "blocks": [{"kind": "items", "items": decisions}]
                     if decisions else [{"kind": "p", "text": "keine"}]})
    actions = [[a.what, a.responsible_label, format_date(a.due_on),
                a.get_status_display() + (f" am {format_date(a.done_on)}" if a.done_on else "")]
               for a in review.actions.select_related("owner")]
    sections.append({"title": "Maßnahmen", "blocks": [
        {"kind": "table", "title": "", "header": ["Was", "Wer", "Bis", "Status"],
         "rows": actions, "numeric": []}] if actions else [{"kind": "p", "text": "keine"}]})
    feedback = [f"{c.get_kind_display()} von {c.author.get_full_name() or c.author.username} "
                f"am {format_date(timezone.localtime(c.created_at).date())}"
                + (f": {c.text}" if c.text else "")
                for c in review.comments.select_related("author")]
    if review.confirmed_at:
        who = review.confirmed_by.get_full_name() or review.confirmed_by.username
        confirm = (f"Bestätigt von {who} am "
                   f"{format_date(timezone.localtime(review.confirmed_at).date())}.")
    elif review.shared_at:
        confirm = "Mit der Gebietskörperschaft geteilt; noch nicht bestätigt."
    else:
        confirm = "Noch nicht mit der Gebietskörperschaft geteilt."
    sections.append({"title": "Rückmeldungen und Bestätigung", "blocks": [
        *({"kind": "p", "text": f} for f in feedback), {"kind": "p", "text": confirm}]})
    title = (f"Protokoll der Umsetzungsbesprechung {review.region.name} "
             f"{review.programme_year.year}")
    return {"font": FONT, "title": title, "facts": [list(f) for f in facts],
            "sections": sections,
            "header": "Demodaten – kein echtes Protokoll" if is_demo else None}


class _Compilers(threading.local):
    compiler = None


_local = _Compilers()


def render_pdf(review: Review, *, is_demo: bool = False,
               timestamp: datetime | None = None) -> bytes:
    """The minutes as PDF/A-2b."""
    if _local.compiler is None:
        import typst

        _local.compiler = typst.Compiler(font_paths=_font_paths(), ignore_system_fonts=True)
    data = json.dumps(document_data(review, is_demo=is_demo), ensure_ascii=False)
    return _local.compiler.compile(
        input=_TEMPLATE.encode("utf-8"), format="pdf", sys_inputs={"doc": data},
        pdf_standards=[PDF_STANDARD],
        timestamp=timestamp or datetime.now(UTC).replace(microsecond=0))
