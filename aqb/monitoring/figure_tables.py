"""The tables (and their charts) of the figures pages, built from aggregated counts
(`figures.figure_counts`), suppressed where the page leaves the restricted area.

Each table is suppressed with its own totals (`suppression`): an organisational table
(entries, exits, stock; entries = exits + stock in each row), a table by quarter (stock at the
end of each quarter = stock before + entries - exits), a cross table organisation x attribute
and an outcome table (exits per outcome and their share of all exits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from aqb.budgets import charts
from aqb.budgets.exports import Table
from aqb.german.money import format_number

from .breakdown import KEY_LABELS, NOT_GIVEN, quarter_label, value_label, value_order
from .suppression import EXPLANATION, MARK, suppress, suppress_cube

TOTAL = "Insgesamt"


@dataclass
class Cell:
    value: int | Decimal | None
    hidden: bool = False
    percent: bool = False

    @property
    def text(self) -> str:
        if self.hidden:
            return MARK
        if self.value is None:
            return "–"
        if self.percent:
            return f"{format_number(self.value, 1)} %"
        return format_number(self.value)

    def export(self):
        return MARK if self.hidden else self.value

    @property
    def html(self) -> str:
        if self.hidden:
            return (f'<td class="kern-table__cell aqb-num"><abbr title="geheim gehalten">{MARK}'
                    '</abbr><span class="kern-sr-only"> (geheim gehalten)</span></td>')
        return f'<td class="kern-table__cell aqb-num">{self.text}</td>'


@dataclass
class Row:
    label: str
    cells: list[Cell]
    link: str | None = None

    @property
    def html(self) -> SafeString:
        """The row as HTML: rendered here, not in the template, as tables can be long."""
        label = escape(self.label)
        if self.link:
            label = f'<a class="kern-link" href="{escape(self.link)}">{label}</a>'
        return mark_safe(f'<tr class="kern-table__row"><th scope="row" class="kern-table__header">'
                         f'{label}</th>{"".join(c.html for c in self.cells)}</tr>')


@dataclass
class FigureTable:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    footer: Row | None = None
    explanation: str = ""
    chart: SafeString | None = field(default=None, repr=False)

    @property
    def suppressed(self) -> bool:
        return any(c.hidden for r in self.all_rows for c in r.cells)

    @property
    def all_rows(self) -> list[Row]:
        return [*self.rows, *([self.footer] if self.footer else [])]

    def export(self, filename: str) -> Table:
        """The table for the XLSX/CSV export: hidden cells as "." and the rule as last row."""
        rows = [[r.label, *(c.export() for c in r.cells)] for r in self.all_rows]
        if self.suppressed:
            rows.append([f"Geheimhaltung: {EXPLANATION}"])
        return Table(title=self.title, columns=self.columns, rows=rows,
                     filename=f"{filename}-{self.key}")


def _chart(table: FigureTable, column: int, title: str) -> SafeString:
    items = [charts.Item(ags=str(n), label=r.label[:30] + ("…" if len(r.label) > 30 else ""),
                         value=None if c.hidden or c.value is None else Decimal(c.value),
                         text="geheim" if c.hidden else c.text)
             for n, r in enumerate(table.rows) for c in [r.cells[column]]]
    return charts.bar_chart(items, title=title, uid=f"grafik-{table.key}")


def _finish(table: FigureTable, hidden: set, cells: dict, chart_title: str | None,
            chart_column: int = 0) -> FigureTable:
    for row_cells in cells.values():
        for key, cell in row_cells:
            cell.hidden = key in hidden
    if table.suppressed:
        table.explanation = EXPLANATION
    if chart_title and table.rows:
        table.chart = _chart(table, chart_column, chart_title)
    return table


def org_table(*, key: str, title: str, counts: dict, labels: dict, order: list,
              suppressed: bool, links: dict | None = None, chart: str | None = None
              ) -> FigureTable:
    """Entries, exits and stock per value of one organisational key, with the total.
    `counts`: value -> [entries, exits]; `labels`: value -> German label; `order`: the
    values to show (those without counts show 0)."""
    values, lines, cells = {}, [], {}
    rows = []
    for v in [*order, TOTAL]:
        if v == TOTAL:
            e = sum(c[0] for c in counts.values())
            x = sum(c[1] for c in counts.values())
        else:
            e, x = counts.get(v, [0, 0])
        row_cells = [((v, "e"), Cell(e)), ((v, "x"), Cell(x)), ((v, "s"), Cell(e - x))]
        for k, c in row_cells:
            values[k] = c.value
        cells[v] = row_cells
        lines.append([(v, "x"), (v, "s"), (v, "e")])
        row = Row(TOTAL if v == TOTAL else labels.get(v, str(v)), [c for _, c in row_cells],
                  (links or {}).get(v))
        rows.append(row)
    for col in "exs":
        lines.append([(v, col) for v in order] + [(TOTAL, col)])
    hidden = suppress(values, lines) if suppressed else set()
    table = FigureTable(key=key, title=title,
                        columns=[KEY_LABELS.get(key.split("-")[0], key), "Eintritte",
                                 "Austritte", "Bestand (Eintritte − Austritte)"],
                        rows=rows[:-1], footer=rows[-1])
    return _finish(table, hidden, cells, chart)


def quarter_table(*, key: str, title: str, counts: dict, suppressed: bool,
                  chart: str | None = None) -> FigureTable:
    """Entries and exits per calendar quarter and the stock at the end of each quarter
    (cumulative entries - exits). `counts`: (year, quarter) -> [entries, exits]."""
    quarters = sorted(counts)
    values, lines, cells, rows = {}, [], {}, []
    stock, before = 0, None
    for q in quarters:
        e, x = counts[q]
        stock += e - x
        row_cells = [((q, "e"), Cell(e)), ((q, "x"), Cell(x)), ((q, "s"), Cell(stock))]
        for k, c in row_cells:
            values[k] = c.value
        cells[q] = row_cells
        lines.append(([before] if before else []) + [(q, "e"), (q, "x"), (q, "s")])
        before = (q, "s")
        rows.append(Row(quarter_label(q), [c for _, c in row_cells]))
    te, tx = sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())
    total_cells = [(("T", "e"), Cell(te)), (("T", "x"), Cell(tx))]
    for k, c in total_cells:
        values[k] = c.value
    cells["T"] = total_cells
    lines.append([(q, "e") for q in quarters] + [("T", "e")])
    lines.append([(q, "x") for q in quarters] + [("T", "x")])
    if quarters:
        lines.append([("T", "x"), before, ("T", "e")])
    end = Cell(stock)
    if quarters:
        cells["T"].append((before, end))
    hidden = suppress(values, lines) if suppressed else set()
    table = FigureTable(key=key, title=title,
                        columns=["Quartal", "Eintritte", "Austritte", "Bestand am Quartalsende"],
                        rows=rows, footer=Row(TOTAL, [c for _, c in total_cells] + [end]))
    return _finish(table, hidden, cells, chart)


def cross_table(*, key: str, title: str, attribute: str, counts: dict, row_key: str,
                labels: dict, order: list, metric: int, suppressed: bool,
                residences: dict | None = None, chart: str | None = None) -> FigureTable:
    """Rows of an organisational key x the values of one attribute, with totals.
    `counts`: (row value, attribute value) -> [entries, exits]; `metric` 0 entries, 1 exits."""
    present = {v for _, v in counts}
    # every value of the vocabulary (0 included); "not given" and residences where counted
    columns = [v for v in value_order(attribute, present)
               if v in present or (v != "" and attribute != "residence")]
    base = {(r, v): counts.get((r, v), [0, 0])[metric] for r in order for v in columns}
    cube, hidden = suppress_cube(base, 2) if suppressed else (_sums(base), set())
    cells, rows = {}, []
    for r in [*order, None]:
        row_cells = [((r, v), Cell(cube.get((r, v), 0))) for v in [*columns, None]]
        cells[r] = row_cells
        rows.append(Row(TOTAL if r is None else labels.get(r, str(r)),
                        [c for _, c in row_cells]))
    table = FigureTable(
        key=key, title=title,
        columns=[KEY_LABELS.get(row_key, row_key),
                 *(value_label(attribute, v, residences) for v in columns), TOTAL],
        rows=rows[:-1], footer=rows[-1])
    return _finish(table, hidden, cells, None) if not chart else \
        _with_total_chart(_finish(table, hidden, cells, None), chart)


def _sums(base: dict) -> dict:
    from .suppression import cube_totals

    return cube_totals(base, 2)


def _with_total_chart(table: FigureTable, title: str) -> FigureTable:
    """A bar per attribute value: the totals row of the table."""
    footer = table.footer
    items = [charts.Item(ags=str(n), label=label,
                         value=None if c.hidden else Decimal(c.value),
                         text="geheim" if c.hidden else c.text)
             for n, (label, c) in enumerate(zip(table.columns[1:-1], footer.cells[:-1],
                                                strict=True))]
    table.chart = charts.bar_chart(items, title=title, uid=f"grafik-{table.key}")
    return table


def outcome_table(*, key: str, title: str, attribute: str, counts: dict, suppressed: bool,
                  chart: str | None = None) -> FigureTable:
    """Exits per outcome and their share of all exits (the rate). `counts`: value ->
    [entries, exits]."""
    order = value_order(attribute, set(counts))
    base = {(v,): counts.get(v, [0, 0])[1] for v in order}
    cube, hidden = suppress_cube(base, 1) if suppressed else (
        {**base, (None,): sum(base.values())}, set())
    total = cube[(None,)]
    cells, rows = {}, []
    for v in [*order, None]:
        n = cube.get((v,), 0)
        share = (Decimal(n * 100) / total).quantize(Decimal("0.1"), ROUND_HALF_UP) \
            if total else None
        count, rate = Cell(n), Cell(share, percent=True)
        cells[v] = [((v,), count), ((v,), rate)]
        rows.append(Row(TOTAL if v is None else
                        (value_label(attribute, v) if v else NOT_GIVEN), [count, rate]))
    table = FigureTable(key=key, title=title,
                        columns=[KEY_LABELS[attribute], "Austritte", "Anteil an allen Austritten"],
                        rows=rows[:-1], footer=rows[-1])
    table = _finish(table, hidden, cells, chart)
    if (None,) in hidden:
        for r in table.rows:
            r.cells[1].hidden = True
    return table
