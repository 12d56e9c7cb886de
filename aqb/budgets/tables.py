"""The tables of the budget pages, shared by HTML and the XLSX/CSV export.

Cells are typed: Decimal (money), `Percent`, `Plain` (a number that is not money), int, date,
str or None; the template filter `cell` formats them German, the export keeps numbers numeric.
Every table is built from scoped selectors: a region sees only its own rows.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse

from aqb.german.money import round_cents
from aqb.regions.models import Region

from . import selectors
from .exports import Table
from .models import ProgrammeYear, Scenario, ScenarioAmount


class Percent(Decimal):
    """A percentage (shown „1,5 %“)."""


class Plain(Decimal):
    """A number that is not money (indicator value, euro per unit shown with 2 places)."""


class Link(str):
    """A text cell that the page shows as a link to ``url`` (exports keep the text)."""

    url: str

    def __new__(cls, text: str, url: str) -> Link:
        obj = super().__new__(cls, text)
        obj.url = url
        return obj


def percent(part: Decimal, whole: Decimal) -> Percent | None:
    if not whole:
        return None
    return Percent((part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def allocation_table(*, user, programme_year: ProgrammeYear) -> Table:
    rows = [
        (a.region.ags, a.region.name, a.amount, a.changes, a.current)
        for a in selectors.allocations_current(programme_year=programme_year, user=user)
    ]
    return Table(f"Zuweisungen {programme_year.year}",
                 ["AGS", "Gebietskörperschaft",
                  "Zuweisung (übernommen)" if programme_year.adopted_scenario_id
                  else "Zuweisung (festgesetzt)", "Änderungen",
                  "Zuweisung (aktuell)"], rows, f"zuweisungen-{programme_year.year}")


def earmark_table(*, user, programme_year: ProgrammeYear) -> Table:
    rows = [(s.region.ags, s.region.name, s.earmark.name, s.amount)
            for s in selectors.earmark_shares(user=user, programme_year=programme_year)]
    return Table(f"Zweckbindungen {programme_year.year}",
                 ["AGS", "Gebietskörperschaft", "Zweckbindung", "Anteil"], rows,
                 f"zweckbindungen-{programme_year.year}")


def changes_table(*, user, programme_year: ProgrammeYear, region=None) -> Table:
    rows = []
    for change in selectors.allocation_changes(user=user, programme_year=programme_year,
                                               region=region):
        author = change.created_by.get_full_name() or change.created_by.get_username()
        for ln in change.visible_lines:
            rows.append((change.effective_date, change.get_kind_display(), change.reason,
                         author, ln.region.ags, ln.region.name,
                         ln.earmark.name if ln.earmark else selectors.GENERAL,
                         ln.part_before, ln.delta, ln.part_after, ln.region_before,
                         ln.region_after))
    return Table(f"Änderungen {programme_year.year}",
                 ["wirksam ab", "Art", "Begründung", "erfasst von", "AGS",
                  "Gebietskörperschaft", "Teil", "Teil vorher", "Änderung", "Teil nachher",
                  "Zuweisung vorher", "Zuweisung nachher"], rows,
                 f"aenderungen-{programme_year.year}")


def cash_table(*, user, programme_year: ProgrammeYear) -> Table:
    years = list(range(programme_year.year, programme_year.year + programme_year.spending_years))
    planned: dict[int, dict[int, Decimal]] = {}
    for e in selectors.cash_plan(user=user, programme_year=programme_year):
        planned.setdefault(e.region_id, {})[e.calendar_year] = e.amount
    rows = []
    for a in selectors.allocations_current(programme_year=programme_year, user=user):
        per_year = planned.get(a.region_id, {})
        values = [per_year.get(y, Decimal("0.00")) for y in years]
        edit = reverse("budgets:cash_plan_edit", args=[programme_year.year, a.region.ags])
        rows.append((a.region.ags, Link(a.region.name, edit), a.current, *values,
                     a.current - sum(values, Decimal("0.00"))))
    footer = None
    if rows:
        sums = [sum((r[i] for r in rows), Decimal("0.00")) for i in range(2, len(rows[0]))]
        footer = ("", "Summe", *sums)
    return Table(f"Kassenplan {programme_year.year}",
                 ["AGS", "Gebietskörperschaft", f"Zuweisung {programme_year.year} (aktuell)",
                  *[f"Abfluss {y}" for y in years], "noch nicht verplant"], rows,
                 f"kassenplan-{programme_year.year}", footer=footer)


def cash_overview_table(*, user) -> Table:
    """The cash view: calendar year x programme year (tranches), summed in the database."""
    rows_raw = selectors.cash_by_calendar_year(user=user)
    tranches = sorted({r["programme_year__year"] for r in rows_raw})
    grid: dict[int, dict[int, Decimal]] = {}
    for r in rows_raw:
        grid.setdefault(r["calendar_year"], {})[r["programme_year__year"]] = r["s"]
    rows = []
    for cal in sorted(grid):
        values = [grid[cal].get(t, Decimal("0.00")) for t in tranches]
        rows.append((cal, *values, sum(values, Decimal("0.00"))))
    return Table("Kassenplan nach Kalenderjahren",
                 ["Kalenderjahr", *[f"aus AQB {t}" for t in tranches], "Summe"], rows,
                 "kassenplan-kalenderjahre")


def compare_table(scenarios: list[Scenario]) -> Table:
    """Scenarios side by side; difference of each to the first, in euro and percent."""
    amounts = {s.pk: {} for s in scenarios}
    for row in ScenarioAmount.objects.filter(scenario__in=scenarios).values_list(
            "scenario_id", "region_id", "amount"):
        amounts[row[0]][row[1]] = row[2]
    columns = ["AGS", "Gebietskörperschaft", scenarios[0].name if scenarios else ""]
    for s in scenarios[1:]:
        columns += [s.name, f"Differenz {s.name} zu {scenarios[0].name}", "Differenz in %"]
    rows = []
    for region in Region.objects.order_by("ags"):
        base = amounts[scenarios[0].pk].get(region.pk) if scenarios else None
        row = [region.ags, region.name, base]
        for s in scenarios[1:]:
            other = amounts[s.pk].get(region.pk)
            delta = other - base if other is not None and base is not None else None
            row += [other, delta, percent(delta, base) if delta is not None else None]
        rows.append(tuple(row))
    return Table("Szenarienvergleich", columns, rows, "szenarienvergleich")


def figure_items(*, user, programme_year: ProgrammeYear, metric: str):
    """(rows for the table, chart items) for the figures page. `metric`: "betrag" or the name
    of an indicator of the adopted (else latest) indicator set: amount per unit of it."""
    from .charts import Item, eur_text, ratio_text

    ind = _figure_indicator_set(programme_year)
    values = ind.decimal_values() if ind else {}
    rows, items = [], []
    for a in selectors.allocations_current(user=user, programme_year=programme_year):
        ags = a.region.ags
        if metric == "betrag":
            value, text = a.current, eur_text(a.current)
            rows.append((ags, a.region.name, a.current))
        else:
            base = values.get(ags, {}).get(metric)
            value = round_cents(a.current / base) if base else None
            text = ratio_text(value)
            rows.append((ags, a.region.name, a.current, Plain(base) if base is not None
                         else None, Plain(value) if value is not None else None))
        items.append(Item(ags, a.region.name, value, text))
    columns = ["AGS", "Gebietskörperschaft", "Zuweisung (aktuell)"]
    if metric != "betrag":
        columns += [metric, per_unit_label(metric)]
    table = Table(f"Zuweisungen {programme_year.year}", columns, rows,
                  f"grafik-{programme_year.year}-{metric}")
    return table, items


def _figure_indicator_set(py: ProgrammeYear):
    if py.adopted_scenario_id:
        return py.adopted_scenario.indicator_set
    return py.indicator_sets.order_by("-created_at").first()


def figure_metrics(py: ProgrammeYear) -> list[tuple[str, str]]:
    ind = _figure_indicator_set(py)
    return [("betrag", "Betrag")] + [(n, per_unit_label(n))
                                     for n in (ind.indicators if ind else [])]


def figure_basis(py: ProgrammeYear) -> tuple[object, bool]:
    """(indicator set the figures use, whether it is the adopted scenario's)."""
    return _figure_indicator_set(py), bool(py.adopted_scenario_id)


# Plural head nouns of indicator names and their form after „je“ (accusative singular):
# adjectival nouns take -n („je Arbeitslosen“), gendered pairs become „Einwohnerin oder
# Einwohner“. Names that fit no rule are quoted: „Euro je Einheit „Fälle““.
_PER_WORDS = {
    "einwohnerinnen und einwohner": "Einwohnerin oder Einwohner",
    "einwohner": "Einwohner", "einwohnerinnen": "Einwohnerin",
    "personen": "Person", "bedarfsgemeinschaften": "Bedarfsgemeinschaft",
    "schulabgängerinnen und schulabgänger": "Schulabgängerin oder Schulabgänger",
    "schulabgänger": "Schulabgänger", "menschen": "Menschen",
}
_ADJECTIVAL = ("lose", "liche", "igte", "tete", "ene", "rige")  # Arbeitslose, Beschäftigte


def per_unit_label(indicator: str) -> str:
    """„Euro je …“ in correct German: „Arbeitslose SGB II“ -> „Euro je Arbeitslosen SGB II“,
    „Jugendliche ohne Ausbildungsplatz“ -> „Euro je Jugendlichen ohne Ausbildungsplatz“,
    „Einwohnerinnen und Einwohner 15–64“ -> „Euro je Einwohnerin oder Einwohner 15–64“."""
    name = " ".join(indicator.split())
    lowered = name.lower()
    for plural, singular in sorted(_PER_WORDS.items(), key=lambda kv: -len(kv[0])):
        if lowered == plural or lowered.startswith(plural + " "):
            if name[:1].islower():
                singular = singular[:1].lower() + singular[1:]
            return f"Euro je {singular}{name[len(plural):]}"
    head, _, rest = name.partition(" ")
    if head.lower().endswith(_ADJECTIVAL):
        return f"Euro je {head}n{' ' + rest if rest else ''}"
    return f"Euro je Einheit „{name}“"


def adoption_table(scenario: Scenario) -> Table:
    """What adopting `scenario` does to each region: current allocation, new allocation
    (the scenario's general part plus the region's earmark parts, as `scenario_adopt` writes
    it) and the difference. Signed agreements keep their amount; see docs/budgets.md."""
    from .planning import adoption_amounts

    py = scenario.programme_year
    current = {a.region_id: a.current for a in
               selectors.allocations_current_unscoped(programme_year=py)}
    new = adoption_amounts(scenario)
    rows = []
    for region in Region.objects.order_by("ags"):
        before, after = current.get(region.pk), new.get(region.pk)
        delta = after - before if before is not None and after is not None else None
        rows.append((region.ags, region.name, before, after, delta))
    return Table(f"Zuweisungen bisher und nach Übernahme von „{scenario.name}“",
                 ["AGS", "Gebietskörperschaft", "Zuweisung bisher", "Zuweisung neu",
                  "Differenz"], rows, f"uebernahme-{py.year}")
