"""Plain text of a letter (the reference wording; tests and the other renderers follow it)."""

from __future__ import annotations

from aqb.german.dates import format_date

from . import Items, Letter, Paragraph, Table


def table_lines(table: Table) -> list[str]:
    rows = [table.header, *table.rows, *([table.total] if table.total else [])]
    widths = [max(len(r[i]) for r in rows) for i in range(len(table.header))]

    def line(row):
        return "  ".join(c.rjust(w) if i in table.numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    return [line(r) for r in rows]


def render_text(letter: Letter) -> str:
    out = [*letter.sender.lines, "", *letter.recipient, "",
           f"Aktenzeichen: {letter.file_number}", f"Datum: {format_date(letter.date)}", "",
           letter.subject, letter.reference, "", letter.salutation, ""]
    for p in letter.opening:
        out += [p, ""]
    for s in letter.sections:
        out += [s.title, ""]
        for b in s.blocks:
            if isinstance(b, Paragraph):
                out += [b.text, ""]
            elif isinstance(b, Items):
                out += [f"{n}. {t}" if b.numbered else f"- {t}"
                        for n, t in enumerate(b.items, 1)] + [""]
            elif isinstance(b, Table):
                out += [*table_lines(b), ""]
    out += ["Rechtsbehelfsbelehrung", "", letter.legal_remedy, "", letter.closing, "",
            *letter.signature]
    if letter.is_demo:
        out += ["", "Demodaten – kein echter Bescheid"]
    return "\n".join(out) + "\n"
