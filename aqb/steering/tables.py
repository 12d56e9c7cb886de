"""The tables (and their charts) of the steering pages, built from the goal assessment
(`assessment.assessment`). A table is shown on the page, exported as XLSX/CSV with the same
values (hidden counts as "."), and typeset in the region's report (PDF).

Participant counts are already suppressed by the assessment for state users; the tables by
quarter are suppressed here with monitoring's rule (a quarter's value, the year's total and the
cumulative values depend on each other: a cumulative value is shown only while every quarter
up to it is shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from aqb.budgets import charts
from aqb.budgets.exports import Table
from aqb.funding.ledger import FIGURES, LABELS
from aqb.german.money import format_eur, format_number
from aqb.monitoring.suppression import EXPLANATION, MARK, suppress

from .assessment import BEHIND, ON_TRACK, RATING_LABELS, WATCH, Line, outcome_rate_shown

TOTAL = "Insgesamt"
# the order of ratings from good to bad, with "no target" last
RATINGS = [ON_TRACK, WATCH, BEHIND]


@dataclass
class Cell:
    """One value: `value` goes into the export, `text` onto the page."""

    value: object = None
    text: str = "–"
    hidden: bool = False
    numeric: bool = True

    @property
    def html(self) -> str:
        cls = "kern-table__cell aqb-num" if self.numeric else "kern-table__cell"
        if self.hidden:
            return (f'<td class="{cls}"><abbr title="geheim gehalten">{MARK}</abbr>'
                    '<span class="kern-sr-only"> (geheim gehalten)</span></td>')
        return f'<td class="{cls}">{escape(self.text)}</td>'

    def export(self):
        if self.hidden:
            return MARK
        return self.value if self.value is not None else None


def hidden() -> Cell:
    return Cell(None, MARK, hidden=True)


def count(value: int | None, *, is_hidden: bool = False) -> Cell:
    if is_hidden or (value is None and is_hidden):
        return hidden()
    if value is None:
        return Cell()
    return Cell(value, format_number(value))


def count_or_hidden(value: int | None) -> Cell:
    """A count the assessment set to None because it is hidden."""
    return hidden() if value is None else Cell(value, format_number(value))


def eur(value: Decimal | None) -> Cell:
    return Cell() if value is None else Cell(value, format_eur(value))


def percent(ratio: Decimal | None) -> Cell:
    """A ratio (0.9123) as percent with one place; the export keeps the percent value."""
    if ratio is None:
        return Cell()
    value = (ratio * 100).quantize(Decimal("0.1"))
    return Cell(value, f"{format_number(value, 1)} %")


def percent_value(value: Decimal | None) -> Cell:
    """A value already in percent."""
    if value is None:
        return Cell()
    return Cell(value, f"{format_number(value, 1)} %")


def text(value: str, numeric: bool = False) -> Cell:
    return Cell(value, value, numeric=numeric)


def rating(code: str | None, label: str | None = None) -> Cell:
    label = label or RATING_LABELS.get(code, "–")
    return Cell(label, label, numeric=False)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    link: str | None = None

    @property
    def html(self) -> SafeString:
        label = escape(self.label)
        if self.link:
            label = f'<a class="kern-link" href="{escape(self.link)}">{label}</a>'
        return mark_safe(f'<tr class="kern-table__row"><th scope="row" class="kern-table__header">'
                         f'{label}</th>{"".join(c.html for c in self.cells)}</tr>')


@dataclass
class SteeringTable:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    footer: Row | None = None
    note: str = ""
    chart: SafeString | None = field(default=None, repr=False)
    legend: list[tuple[str, str]] = field(default_factory=list)   # (colour, range) of a map

    @property
    def all_rows(self) -> list[Row]:
        return [*self.rows, *([self.footer] if self.footer else [])]

    @property
    def suppressed(self) -> bool:
        return any(c.hidden for r in self.all_rows for c in r.cells)

    @property
    def explanation(self) -> str:
        return EXPLANATION if self.suppressed else ""

    @property
    def numeric_columns(self) -> list[int]:
        first = self.all_rows[0].cells if self.all_rows else []
        return [n + 1 for n, c in enumerate(first) if c.numeric]

    def export(self, filename: str) -> Table:
        rows = [[r.label, *(c.export() for c in r.cells)] for r in self.all_rows]
        if self.suppressed:
            rows.append([f"Geheimhaltung: {EXPLANATION}"])
        return Table(title=self.title, columns=self.columns, rows=rows,
                     filename=f"{filename}-{self.key}")

    def texts(self) -> list[list[str]]:
        """The rows as shown (for the PDF)."""
        return [[r.label, *(MARK if c.hidden else c.text for c in r.cells)]
                for r in self.rows]


# --- overview of the regions ----------------------------------------------------------------

def factor_cell(ra) -> Cell:
    value = ra.factor_percent
    mark = " (Ministerium)" if ra.factor_by_ministry is not None else ""
    return Cell(f"{format_number(value, 1)} %{mark}", f"{format_number(value, 1)} %{mark}")


def hessen_total(result):
    """The Hessen row, with one more rule for state users: a ratio over fewer entries than
    shown (regions' projects without a target) would reveal the difference."""
    total = result.total
    if total is not None and result.suppressed and total._targeted != total._entries:
        total.ratio = total.rating = None
    return total


def overview_table(result, links: dict[int, str]) -> SteeringTable:
    year = result.programme_year.year
    rows = []
    for ra in result.regions:
        t, m = ra.total, ra.money
        rows.append(Row(ra.region.name, [
            eur(ra.agreed_amount), eur(ra.current_allocation), factor_cell(ra),
            count(t.planned_participants), count(t.adjusted_participants),
            count(t.expected_participants), count_or_hidden(t.entries), percent(t.ratio),
            rating(t.rating, t.rating_label),
            eur(m.figures.paid), eur(m.expected_paid), percent(m.ratio),
            rating(m.rating, m.rating_label)], links.get(ra.region.pk)))
    footer = None
    total = hessen_total(result)
    if total is not None:
        m = result.money
        footer = Row(total.label, [
            eur(sum((ra.agreed_amount for ra in result.regions), Decimal("0.00"))),
            eur(m.allocated), Cell(),
            count(total.planned_participants), count(total.adjusted_participants),
            count(total.expected_participants), count_or_hidden(total.entries),
            percent(total.ratio), rating(total.rating, total.rating_label),
            eur(m.figures.paid), eur(m.expected_paid), percent(m.ratio),
            rating(m.rating, m.rating_label)])
    return SteeringTable(
        key="gebiete", title=f"Zielerreichung je Gebietskörperschaft, {year}",
        columns=["Gebietskörperschaft", "Vereinbarter Betrag", "Aktuelle Zuweisung",
                 "Anpassungsfaktor", "Eintritte geplant", "Eintritte angepasst",
                 "Eintritte erwartet", "Eintritte", "Quote Eintritte", "Bewertung Eintritte",
                 "Ausgezahlt", "Auszahlung erwartet", "Quote Auszahlung",
                 "Bewertung Auszahlung"],
        rows=rows, footer=footer,
        note="Anpassungsfaktor: aktuelle Zuweisung ÷ vereinbarter Betrag (anteilig), "
             "„(Ministerium)“: vom Ministerium mit Begründung festgelegt.")


def _short(label: str) -> str:
    return label[:30] + ("…" if len(label) > 30 else "")


def entries_map_table(result, links: dict[int, str]) -> SteeringTable:
    """Entries against the expectation per region, with the map of Hessen by ratio."""
    year = result.programme_year.year
    rows, items = [], []
    for ra in result.regions:
        t = ra.total
        rows.append(Row(ra.region.name, [count(t.expected_participants),
                                         count_or_hidden(t.entries), percent(t.ratio),
                                         rating(t.rating, t.rating_label)],
                        links.get(ra.region.pk)))
        shown = percent(t.ratio)
        items.append(charts.Item(
            ags=ra.region.ags, label=ra.region.name,
            value=shown.value if t.ratio is not None else None,
            text=("geheim" if t.entries is None else
                  f"{shown.text}, {t.rating_label}" if t.ratio is not None else "kein Ziel")))
    table = SteeringTable(
        key="karte", title=f"Eintritte gegen Erwartung je Gebietskörperschaft, {year}",
        columns=["Gebietskörperschaft", "Eintritte erwartet", "Eintritte", "Quote",
                 "Bewertung"], rows=rows)
    if rows:
        table.chart = charts.region_map(items, title=f"Quote der Eintritte {year}",
                                        uid="grafik-karte")
        bounds = charts.classes([i.value for i in items if i.value is not None])
        table.legend = [*charts.legend_entries(
            bounds, lambda v: f"{format_number(v, 1)} %"),
            (charts.NO_VALUE, "kein Ziel oder geheim gehalten")]
    return table


def payments_bar_table(result, links: dict[int, str]) -> SteeringTable:
    """Paid against the expected outflow per region, with a bar chart of the ratios."""
    year = result.programme_year.year
    rows, items = [], []
    for n, ra in enumerate(result.regions):
        m = ra.money
        shown = percent(m.ratio)
        rows.append(Row(ra.region.name, [eur(m.expected_paid), eur(m.figures.paid), shown,
                                         rating(m.rating, m.rating_label)],
                        links.get(ra.region.pk)))
        items.append(charts.Item(ags=str(n), label=_short(ra.region.name),
                                 value=shown.value if m.ratio is not None else None,
                                 text=shown.text if m.ratio is not None else "keine Erwartung"))
    table = SteeringTable(
        key="abfluss", title=f"Auszahlungen gegen Erwartung je Gebietskörperschaft, {year}",
        columns=["Gebietskörperschaft", "Auszahlung erwartet", "Ausgezahlt", "Quote",
                 "Bewertung"], rows=rows)
    if rows:
        table.chart = charts.bar_chart(items, title=f"Quote der Auszahlungen {year}",
                                       uid="grafik-abfluss")
    return table


def ratings_table(result) -> SteeringTable:
    """How many regions are on track, to watch, behind (entries and payments)."""
    year = result.programme_year.year
    rows = []
    for code in [*RATINGS, None]:
        label = RATING_LABELS[code] if code else "ohne Bewertung"
        rows.append(Row(label, [
            Cell(n, format_number(n)) for n in (
                sum(1 for ra in result.regions if ra.total.rating == code),
                sum(1 for ra in result.regions if ra.money.rating == code))]))
    return SteeringTable(key="bewertungen", title=f"Gebietskörperschaften je Bewertung, {year}",
                         columns=["Bewertung", "Eintritte", "Auszahlungen"], rows=rows)


def behind(result) -> list[dict]:
    """The regions behind in entries or payments, the worst first."""
    out = []
    for ra in result.regions:
        for what, code, ratio in (("Eintritte", ra.total.rating, ra.total.ratio),
                                  ("Auszahlungen", ra.money.rating, ra.money.ratio)):
            if code == BEHIND:
                out.append({"region": ra.region, "what": what, "ratio": ratio,
                            "text": percent(ratio).text})
    return sorted(out, key=lambda x: (x["ratio"], x["region"].ags))


# --- a region ---------------------------------------------------------------------------------

# "Übergänge": exits into training or employment, as percent of all exits (target and actual)
LINE_COLUMNS = ["Eintritte geplant", "Eintritte angepasst", "Eintritte erwartet", "Eintritte",
                "Austritte", "Bestand", "Ziel Übergänge", "Anteil Übergänge",
                "Quote", "Bewertung"]


def line_cells(line: Line) -> list[Cell]:
    return [count(line.planned_participants), count(line.adjusted_participants),
            count(line.expected_participants), count_or_hidden(line.entries),
            count_or_hidden(line.exits), count_or_hidden(line.stock),
            percent_value(line.outcome_target),
            percent_value(outcome_rate_shown(line)) if line.exits is not None else hidden(),
            percent(line.ratio), rating(line.rating, line.rating_label)]


def measures_table(ra, year: int, links: dict[int, str]) -> SteeringTable:
    rows = [Row(f"Maßnahmeart {m.key}", line_cells(m), links.get(m.key)) for m in ra.measures]
    return SteeringTable(
        key="massnahmearten", title=f"Zielerreichung je Maßnahmeart: {ra.region.name}, {year}",
        columns=["Maßnahmeart", *LINE_COLUMNS], rows=rows,
        footer=Row(TOTAL, line_cells(ra.total)))


def projects_table(ra, year: int, links: dict[int, str], measure: int | None = None
                   ) -> SteeringTable:
    rows = [Row(p.label, [text(str(p.measure), numeric=True), *line_cells(p)], links.get(p.key))
            for p in ra.projects if measure is None or p.measure == measure]
    scope = f"{ra.region.name}, {year}" + (f", Maßnahmeart {measure}" if measure else "")
    return SteeringTable(key="projekte", title=f"Zielerreichung je Projekt: {scope}",
                         columns=["Projekt", "Maßnahmeart", *LINE_COLUMNS], rows=rows)


def money_table(ra, year: int) -> SteeringTable:
    m = ra.money
    rows = [Row("vereinbart (§ 4)", [eur(ra.agreed_amount)]),
            Row("aktuell zugewiesen", [eur(m.allocated)])]
    rows += [Row(LABELS[f], [eur(getattr(m.figures, f))]) for f in FIGURES]
    rows += [Row("Auszahlung erwartet", [eur(m.expected_paid)]),
             Row("Quote der Auszahlung", [percent(m.ratio)]),
             Row("Bewertung", [rating(m.rating, m.rating_label)])]
    return SteeringTable(key="geld", title=f"Mittel: {ra.region.name}, {year}",
                         columns=["Kennzahl", "Betrag"], rows=rows)


def _quarter_label(q: tuple) -> str:
    return f"{q[1]}. Quartal {q[0]}"


def entries_quarter_table(*, key: str, title: str, counts: dict[tuple, list[int]],
                          suppressed: bool, total_hidden: bool = False,
                          exits_hidden: bool = False) -> SteeringTable:
    """Entries and exits per quarter, cumulative, and the stock at the end of each quarter,
    with the year's total. Suppressed (state users) with monitoring's rule and the lines of
    its quarter table (each column with its total; entries = exits + stock change per
    quarter; the total's stock); a total the assessment hid counts as hidden. Cumulative
    values are shown only while every quarter up to them is shown, so they reveal nothing
    the visible cells do not."""
    quarters = sorted(counts)
    values, lines, stock, before = {}, [], 0, None
    stocks = {}
    for q in quarters:
        e, x = counts[q]
        stock += e - x
        stocks[q] = stock
        values.update({(q, "e"): e, (q, "x"): x, (q, "s"): stock})
        lines.append(([before] if before else []) + [(q, "e"), (q, "x"), (q, "s")])
        before = (q, "s")
    te = sum(c[0] for c in counts.values())
    tx = sum(c[1] for c in counts.values())
    # a total hidden by the assessment enters as a primary cell (any value 1 or 2 does)
    values[("T", "e")] = 1 if total_hidden else te
    values[("T", "x")] = 1 if exits_hidden else tx
    lines.append([(q, "e") for q in quarters] + [("T", "e")])
    lines.append([(q, "x") for q in quarters] + [("T", "x")])
    if quarters:
        lines.append([("T", "x"), before, ("T", "e")])
    hide = suppress(values, lines) if suppressed else set()
    rows, running, broken = [], [0, 0], [False, False]
    for q in quarters:
        cells = []
        for n, col in enumerate(("e", "x")):
            running[n] += counts[q][n]
            broken[n] = broken[n] or (q, col) in hide
            cells.append(hidden() if (q, col) in hide else count(counts[q][n]))
            cells.append(hidden() if broken[n] else count(running[n]))
        cells.append(hidden() if (q, "s") in hide else count(stocks[q]))
        rows.append(Row(_quarter_label(q), cells))
    footer = None
    if quarters:
        footer = Row(TOTAL, [hidden() if ("T", "e") in hide else count(te), Cell(),
                             hidden() if ("T", "x") in hide else count(tx), Cell(),
                             hidden() if before in hide else count(stock)])
    return SteeringTable(key=key, title=title,
                         columns=["Quartal", "Eintritte", "Eintritte kumuliert", "Austritte",
                                  "Austritte kumuliert", "Bestand am Quartalsende"],
                         rows=rows, footer=footer)


def paid_quarter_table(ra, year: int) -> SteeringTable:
    rows = [Row(q["label"], [eur(q["value"]), eur(q["cumulative"])]) for q in ra.money.quarters]
    table = SteeringTable(key="auszahlungen", title=f"Auszahlungen je Quartal: "
                                                    f"{ra.region.name}, {year}",
                          columns=["Quartal", "Ausgezahlt", "Ausgezahlt kumuliert"], rows=rows)
    if rows:
        table.chart = charts.bar_chart(
            [charts.Item(ags=str(n), label=r.label, value=r.cells[1].value,
                         text=r.cells[1].text) for n, r in enumerate(rows)],
            title="Auszahlungen kumuliert je Quartal", uid="grafik-auszahlungen")
    return table


def changes_table(ra, year: int) -> SteeringTable:
    rows = [Row(c.on.strftime("%d.%m.%Y"), [text(c.kind), text(c.text),
                                              eur(c.delta) if c.delta is not None else Cell()])
            for c in ra.changes]
    return SteeringTable(key="aenderungen",
                         title=f"Änderungen, die das Ziel verschieben: {ra.region.name}, {year}",
                         columns=["Datum", "Art", "Beschreibung", "Betrag"], rows=rows)
