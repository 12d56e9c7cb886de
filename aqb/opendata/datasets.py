"""The open datasets: one registry that the public pages, the files, the public API and the
DCAT catalogue all read, so the same project, amount and region read the same everywhere.

A dataset is a table with documented columns (`Field`, types as in Frictionless Table
Schema) and a row function `rows(years, region)` that returns plain values: `int`, `str`,
`Decimal` (money, two places), `datetime.date`, or `None` (empty; in participant tables: a
suppressed value, with its flag column saying so). Rows only ever come from published
programme years (`selectors.public_years`), or from documents the ministry itself published
(signed agreements).

File names and URLs are made here (`file_url`) so the catalogue and pages link the very files
the download views serve.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from aqb.agreements.models import BudgetLine, Party
from aqb.agreements.selectors import AQB_FIRST, published_list
from aqb.budgets.models import (
    DEFAULT_MEASURE_TYPES,
    AllocationChangeLine,
    ChangeKind,
    MeasureType,
    ProgrammeYear,
)
from aqb.budgets.selectors import allocations_current_unscoped
from aqb.funding.ledger import Figures, ledger_by_region_unscoped
from aqb.funding.models import ApplicationLine, PassOn
from aqb.monitoring.figures import counts_unscoped
from aqb.monitoring.models import Tally
from aqb.monitoring.suppression import suppress_cube
from aqb.regions.models import Region

from .selectors import public_years

FORMATS = {  # extension -> (IANA media type, EU file type)
    "csv": ("text/csv", "CSV"),
    "json": ("application/json", "JSON"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}
ALL_YEARS = "alle-jahre"


@dataclass(frozen=True)
class Field:
    name: str          # column name: lower case ASCII, underscores
    type: str          # Table Schema type: string, integer, number, date, boolean
    title: str         # German column title
    description: str   # German: what the column holds, unit, source


@dataclass(frozen=True)
class Dataset:
    slug: str                 # URL part and file name stem, e.g. "zuweisungen"
    title: str
    description: str
    themes: tuple[str, ...]   # EU data themes (codes of the data-theme vocabulary)
    keywords: tuple[str, ...]
    fields: tuple[Field, ...]
    row_function: Callable[[list[int], Region | None], Iterable[dict]] = field(repr=False)
    per_year: bool = True     # False: one table across years only (no yearly files)
    primary_key: tuple[str, ...] = ()  # columns that identify a row (Table Schema primaryKey)
    # The years this dataset has rows for; None: the published programme years. Only the
    # agreements differ: each is public by its own publication (docs/opendata.md).
    years_function: Callable[[], list[int]] | None = field(default=None, repr=False)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def years(self) -> list[int]:
        """The years with a yearly file of this dataset, oldest first."""
        return self.years_function() if self.years_function else public_years()

    def rows(self, *, year: int | None = None, region: Region | None = None) -> list[dict]:
        """The rows of one published year (None: all published years), optionally of one
        region. An unpublished year is a 404."""
        years = self.years()
        if year is not None:
            if year not in years:
                raise Http404("Für dieses Jahr sind keine Daten veröffentlicht.")
            years = [year]
        return list(self.row_function(years, region))


_REGISTRY: dict[str, Dataset] = {}


def dataset_register(dataset: Dataset) -> Dataset:
    _REGISTRY[dataset.slug] = dataset
    return dataset


def datasets() -> list[Dataset]:
    return list(_REGISTRY.values())


def dataset_get(slug: str) -> Dataset:
    try:
        return _REGISTRY[slug]
    except KeyError:
        raise Http404("Diesen Datensatz gibt es nicht.") from None


def file_name(dataset: Dataset | str, fmt: str, *, year: int | None = None,
              ags: str | None = None) -> str:
    """`zuweisungen-2025.csv`, `zuweisungen-alle-jahre.xlsx`, `zuweisungen-alle-jahre-06635.csv`."""
    slug = dataset if isinstance(dataset, str) else dataset.slug
    stem = f"{slug}-{year if year is not None else ALL_YEARS}"
    if ags:
        stem += f"-{ags}"
    return f"{stem}.{fmt}"


def file_url(dataset: Dataset | str, fmt: str, *, year: int | None = None,
             ags: str | None = None) -> str:
    """The path the file is served under (the catalogue makes it absolute)."""
    slug = dataset if isinstance(dataset, str) else dataset.slug
    return f"/opendata/daten/{slug}/{file_name(slug, fmt, year=year, ags=ags)}"


def package_url(dataset: Dataset | str) -> str:
    slug = dataset if isinstance(dataset, str) else dataset.slug
    return f"/opendata/daten/{slug}/datapackage.json"


# --- common columns --------------------------------------------------------------------------

YEAR = Field("jahr", "integer", "Programmjahr", "Programmjahr des AQB (Kalenderjahr).")
AGS = Field("ags", "string", "Kreisschlüssel",
            "Amtlicher Kreisschlüssel (fünfstellig, Hessen 06…) der Gebietskörperschaft.")
REGION = Field("gebietskoerperschaft", "string", "Gebietskörperschaft",
               "Name des Landkreises oder der kreisfreien Stadt.")


def _money(value) -> Decimal:
    return (value or Decimal("0")).quantize(Decimal("0.01"))


# --- allocations per region ------------------------------------------------------------------

def _allocation_rows(years: list[int], region: Region | None) -> Iterable[dict]:
    for py in ProgrammeYear.objects.filter(year__in=years).order_by("year"):
        qs = allocations_current_unscoped(programme_year=py).order_by("region__ags")
        if region is not None:
            qs = qs.filter(region=region)
        for a in qs:
            yield {"jahr": py.year, "ags": a.region.ags, "gebietskoerperschaft": a.region.name,
                   "zuweisung": _money(a.amount), "aenderungen": _money(a.changes),
                   "zuweisung_aktuell": _money(a.current)}


ALLOCATIONS = dataset_register(Dataset(
    slug="zuweisungen",
    title="AQB: Zuweisungen an die Landkreise und kreisfreien Städte",
    description=(
        "Die Mittel des Ausbildungs- und Qualifizierungsbudgets (AQB) des Landes Hessen je "
        "Programmjahr und Gebietskörperschaft: die ursprüngliche Zuweisung, die Summe der "
        "Änderungen im Jahresverlauf (Kürzungen, Erhöhungen, Umschichtungen) und die aktuelle "
        "Zuweisung, in Euro."),
    themes=("GOVE", "ECON"),
    keywords=("AQB", "Ausbildung", "Qualifizierung", "Arbeitsmarkt", "Förderung", "Hessen"),
    fields=(YEAR, AGS, REGION,
            Field("zuweisung", "number", "Zuweisung (Euro)",
                  "Ursprüngliche Zuweisung des Programmjahrs in Euro (zwei Nachkommastellen)."),
            Field("aenderungen", "number", "Änderungen im Jahresverlauf (Euro)",
                  "Summe aller Änderungen im Jahresverlauf in Euro; negativ bei Kürzung."),
            Field("zuweisung_aktuell", "number", "Aktuelle Zuweisung (Euro)",
                  "Zuweisung einschließlich aller Änderungen in Euro.")),
    row_function=_allocation_rows,
    primary_key=("jahr", "ags"),
))


# --- in-year changes -------------------------------------------------------------------------

def _change_rows(years: list[int], region: Region | None) -> Iterable[dict]:
    lines = AllocationChangeLine.objects.filter(change__programme_year__year__in=years)
    if region is not None:
        lines = lines.filter(region=region)
    lines = lines.order_by("change__programme_year__year", "change__effective_date",
                           "change_id", "region__ags", "earmark__name").values(
        "change__programme_year__year", "change__effective_date", "change__kind",
        "change_id", "region__ags", "region__name", "earmark__name").annotate(
        delta=Sum("delta"))
    kinds = dict(ChangeKind.choices)
    for row in lines:
        yield {"jahr": row["change__programme_year__year"],
               "aenderung": row["change_id"],
               "wirksam_ab": row["change__effective_date"],
               "art": str(kinds.get(row["change__kind"], row["change__kind"])),
               "ags": row["region__ags"], "gebietskoerperschaft": row["region__name"],
               "teil": row["earmark__name"] or "allgemeiner Teil",
               "betrag": _money(row["delta"])}


CHANGES = dataset_register(Dataset(
    slug="aenderungen",
    title="AQB: Änderungen der Zuweisungen im Jahresverlauf",
    description=(
        "Jede Änderung der AQB-Zuweisungen während eines Programmjahrs (Kürzung, Erhöhung, "
        "Umschichtung) mit dem Tag, ab dem sie wirkt, je Gebietskörperschaft und Teil der "
        "Zuweisung (allgemeiner Teil oder zweckgebundener Teil), in Euro."),
    themes=("GOVE", "ECON"),
    keywords=("AQB", "Zuweisung", "Änderung", "Hessen"),
    fields=(YEAR,
            Field("aenderung", "integer", "Änderung (Nummer)",
                  "Laufende Nummer der Änderung; Zeilen derselben Änderung haben dieselbe."),
            Field("wirksam_ab", "date", "Wirksam ab", "Tag, ab dem die Änderung gilt (ISO 8601)."),
            Field("art", "string", "Art", "Kürzung, Erhöhung oder Umschichtung."),
            AGS, REGION,
            Field("teil", "string", "Teil der Zuweisung",
                  "„allgemeiner Teil“ oder der Name des zweckgebundenen Teils."),
            Field("betrag", "number", "Betrag (Euro)",
                  "Änderung in Euro; negativ bei einer Kürzung oder abgebenden Umschichtung.")),
    row_function=_change_rows,
    primary_key=("jahr", "aenderung", "ags", "teil"),
))


# --- helpers of the datasets below -----------------------------------------------------------

MEASURE = Field("massnahmeart", "integer", "Maßnahmeart (Nummer)",
                "Nummer der Maßnahmeart des AQB (1 bis 4).")
MEASURE_TITLE = Field("massnahmeart_titel", "string", "Maßnahmeart",
                      "Bezeichnung der Maßnahmeart im Programmjahr.")


def _measure_titles(years: list[int]) -> dict[tuple[int, int], str]:
    """(year, number) -> the title of the measure type in that programme year (the default
    titles where a year has none of its own)."""
    titles = {(y, n): t for y in years for n, t in DEFAULT_MEASURE_TYPES.items()}
    titles.update({(y, n): t for y, n, t in MeasureType.objects.filter(
        programme_year__year__in=years).values_list("programme_year__year", "number", "title")})
    return titles


def _absolute(path: str) -> str:
    return settings.AQB_BASE_URL.rstrip("/") + path


# --- funded projects -------------------------------------------------------------------------

def _project_rows(years: list[int], region: Region | None) -> Iterable[dict]:
    """One row per project on the financing plan of a granted application (an application
    with a grant notice) of a published year."""
    lines = ApplicationLine.objects.filter(
        application__notice__isnull=False, application__programme_year__year__in=years)
    if region is not None:
        lines = lines.filter(application__region=region)
    lines = lines.select_related(
        "application__programme_year", "application__region", "application__notice",
        "project__provider").order_by(
        "application__programme_year__year", "application__region__ags",
        "project__measure_number", "project__name", "project_id")
    passed = {(r["notice"], r["project"]): r["s"] for r in PassOn.objects.filter(
        notice__programme_year__year__in=years).order_by().values("notice", "project")
        .annotate(s=Sum("amount"))}
    titles = _measure_titles(years)
    for line in lines:
        app, project = line.application, line.project
        year = app.programme_year.year
        yield {"jahr": year, "ags": app.region.ags, "gebietskoerperschaft": app.region.name,
               "projekt_id": project.pk, "projekt": project.name,
               "projekt_kurzname": project.short_name,
               "massnahmeart": project.measure_number,
               "massnahmeart_titel": titles.get((year, project.measure_number), ""),
               "traeger": project.provider.name if project.provider else "",
               "kosten_plan": _money(line.costs),
               "zuwendung_plan": _money(line.requested),
               "weitergeleitet": _money(passed.get((app.notice.pk, project.pk)))}


PROJECTS = dataset_register(Dataset(
    slug="projekte",
    title="AQB: Geförderte Projekte",
    description=(
        "Die mit Mitteln des Ausbildungs- und Qualifizierungsbudgets (AQB) geförderten Projekte "
        "je Programmjahr und Gebietskörperschaft: Maßnahmeart, Träger, die Kosten und die "
        "Zuwendung laut dem bewilligten Finanzierungsplan und der an den Träger weitergeleitete "
        "Betrag, in Euro. Ein Projekt gilt als gefördert, wenn es im Finanzierungsplan eines "
        "Förderantrags steht, über den ein Zuwendungsbescheid ergangen ist. Der Bescheid "
        "bewilligt einen Gesamtbetrag je Gebietskörperschaft (Datensatz „finanzen“); die "
        "Beträge je Projekt stammen aus dem Finanzierungsplan des bewilligten Antrags, ihre "
        "Summe kann daher vom bewilligten Betrag abweichen (etwa nach einem Änderungsbescheid)."),
    themes=("GOVE", "ECON", "EDUC"),
    keywords=("AQB", "Projekte", "Förderung", "Zuwendung", "Träger", "Ausbildung",
              "Qualifizierung", "Hessen"),
    fields=(YEAR, AGS, REGION,
            Field("projekt_id", "integer", "Projekt (Nummer)",
                  "Dauerhafte Nummer des Projekts im AQB; dasselbe Projekt behält sie über die "
                  "Jahre."),
            Field("projekt", "string", "Projekt", "Name des Projekts."),
            Field("projekt_kurzname", "string", "Kurzname",
                  "Kurzname des Projekts; leer, wenn keiner vergeben ist."),
            MEASURE, MEASURE_TITLE,
            Field("traeger", "string", "Träger",
                  "Name des Trägers (Organisation), der das Projekt durchführt; leer, wenn "
                  "die Gebietskörperschaft keinen Träger eingetragen hat."),
            Field("kosten_plan", "number", "Kosten laut Finanzierungsplan (Euro)",
                  "Geplante Ausgaben des Projekts (Personal-, Sach-, Verwaltungs- und sonstige "
                  "Kosten) laut dem Finanzierungsplan des bewilligten Förderantrags, in Euro."),
            Field("zuwendung_plan", "number", "Zuwendung laut Finanzierungsplan (Euro)",
                  "Die für das Projekt beantragte und mit dem Zuwendungsbescheid bewilligte "
                  "Zuwendung laut Finanzierungsplan, in Euro. Der Bescheid selbst nennt nur "
                  "den Gesamtbetrag der Gebietskörperschaft."),
            Field("weitergeleitet", "number", "An den Träger weitergeleitet (Euro)",
                  "Summe der Mittel, die die Gebietskörperschaft aus dem Zuwendungsbescheid an "
                  "den Träger des Projekts weitergeleitet hat (Nr. 12 VV zu § 44 LHO), in "
                  "Euro; 0, solange nichts weitergeleitet ist.")),
    row_function=_project_rows,
    primary_key=("jahr", "projekt_id"),
))


# --- granted and paid amounts per region -----------------------------------------------------

def _finance_rows(years: list[int], region: Region | None) -> Iterable[dict]:
    """Per published year and region: the current allocation and the sums of the internal
    ledger (aqb/funding/ledger.py) over the region's grant notices."""
    sums = ledger_by_region_unscoped(years=years)
    regions = Region.objects.in_bulk({rid for _, rid in sums})
    for py in ProgrammeYear.objects.filter(year__in=years).order_by("year"):
        allocations = {a.region_id: a for a in allocations_current_unscoped(programme_year=py)}
        ids = set(allocations) | {rid for y, rid in sums if y == py.year}
        regions.update(Region.objects.in_bulk(ids - set(regions)))
        for rid in sorted(ids, key=lambda pk: regions[pk].ags):
            r = regions[rid]
            if region is not None and rid != region.pk:
                continue
            a = allocations.get(rid)
            f = sums.get((py.year, rid), Figures())
            yield {"jahr": py.year, "ags": r.ags, "gebietskoerperschaft": r.name,
                   "zuweisung_aktuell": _money(a.current if a else None),
                   "bewilligt": _money(f.granted), "abgerufen": _money(f.requested),
                   "ausgezahlt": _money(f.paid), "verwendet": _money(f.used),
                   "anerkannt": _money(f.recognised), "erstattet": _money(f.refunded)}


FINANCES = dataset_register(Dataset(
    slug="finanzen",
    title="AQB: Bewilligte und ausgezahlte Mittel je Gebietskörperschaft",
    description=(
        "Je Programmjahr und Gebietskörperschaft: die aktuelle Zuweisung des Ausbildungs- und "
        "Qualifizierungsbudgets (AQB), der mit den Zuwendungsbescheiden bewilligte Betrag, die "
        "abgerufenen und die ausgezahlten Mittel, der nach den geprüften Nachweisen verwendete "
        "und der mit der Schlussabrechnung anerkannte Betrag sowie die Erstattungen an das "
        "Land, in Euro. Dieselben Zahlen wie in der Haushaltsüberwachung der "
        "Bewilligungsbehörde; Stand: Tag des Abrufs."),
    themes=("GOVE", "ECON"),
    keywords=("AQB", "Zuwendung", "Bewilligung", "Auszahlung", "Haushalt", "Hessen"),
    fields=(YEAR, AGS, REGION,
            Field("zuweisung_aktuell", "number", "Aktuelle Zuweisung (Euro)",
                  "Zuweisung des Programmjahrs einschließlich aller Änderungen im "
                  "Jahresverlauf, in Euro (wie im Datensatz „zuweisungen“)."),
            Field("bewilligt", "number", "Bewilligt (Euro)",
                  "Summe der bewilligten Beträge der Zuwendungsbescheide in ihrer geltenden "
                  "Fassung (nach Änderungsbescheiden), in Euro; 0 ohne Bescheid."),
            Field("abgerufen", "number", "Abgerufen (Euro)",
                  "Summe der Mittelabrufe, die gegen den bewilligten Betrag zählen (beantragt, "
                  "angewiesen oder ausgezahlt), in Euro."),
            Field("ausgezahlt", "number", "Ausgezahlt (Euro)",
                  "Summe der ausgezahlten Mittelabrufe, in Euro."),
            Field("verwendet", "number", "Verwendet (Euro)",
                  "Nach dem zuletzt geprüften Zwischen- oder Verwendungsnachweis aus der "
                  "Zuwendung verausgabter Betrag (Ausgaben abzüglich Eigen- und Drittmitteln, "
                  "höchstens der ausgezahlte Betrag), in Euro; 0, solange kein Nachweis "
                  "geprüft ist."),
            Field("anerkannt", "number", "Anerkannt (Euro)",
                  "Mit der Schlussabrechnung anerkannte Zuwendung, in Euro; 0 vor der "
                  "Abrechnung."),
            Field("erstattet", "number", "Erstattet (Euro)",
                  "Summe der Zahlungen der Gebietskörperschaft auf Erstattungsbescheide "
                  "(Rückforderungen), in Euro, ohne Zinsen.")),
    row_function=_finance_rows,
    primary_key=("jahr", "ags"),
))


# --- participant aggregates ------------------------------------------------------------------

HESSEN_AGS, HESSEN = "06", "Hessen"
ALL_MEASURES = "alle Maßnahmearten"


def _participant_rows(years: list[int], region: Region | None) -> Iterable[dict]:
    """Per published year a fixed table: every region x measure type, each region's total,
    each measure type's total for Hessen and Hessen's total; entries and exits suppressed
    as separate tables over the whole year (docs/monitoring.md), then filtered by region."""
    regions = list(Region.objects.order_by("ags"))
    titles = _measure_titles(years)
    for year in years:
        counts = counts_unscoped(Tally.objects.all(), year=year, by=["region", "measure"])
        measures = sorted({n for y, n in titles if y == year} | {m for _, m in counts})
        tables = []
        for n in (0, 1):
            base = {(r.pk, m): counts.get((r.pk, m), [0, 0])[n]
                    for r in regions for m in measures}
            tables.append(suppress_cube(base, 2))
        (entries, hidden_e), (exits, hidden_x) = tables
        shown = [r for r in regions if region is None or r.pk == region.pk]
        cells = [((r.pk, m), r.ags, r.name) for r in shown for m in (*measures, None)]
        if region is None:
            cells += [((None, m), HESSEN_AGS, HESSEN) for m in (*measures, None)]
        for key, ags, name in cells:
            m = key[1]
            yield {"jahr": year, "ags": ags, "gebietskoerperschaft": name,
                   "massnahmeart": m,
                   "massnahmeart_titel": titles.get((year, m), "") if m else ALL_MEASURES,
                   "eintritte": None if key in hidden_e else entries[key],
                   "eintritte_geheim": key in hidden_e,
                   "austritte": None if key in hidden_x else exits[key],
                   "austritte_geheim": key in hidden_x}


PARTICIPANTS = dataset_register(Dataset(
    slug="teilnehmende",
    title="AQB: Teilnehmende je Gebietskörperschaft und Maßnahmeart",
    description=(
        "Eintritte und Austritte von Teilnehmenden in den Projekten des Ausbildungs- und "
        "Qualifizierungsbudgets (AQB) je Programmjahr, Gebietskörperschaft und Maßnahmeart, mit "
        "Summen je Gebietskörperschaft, je Maßnahmeart für Hessen und für Hessen insgesamt. "
        "Zum Schutz der Teilnehmenden sind Werte 1 und 2 geheim gehalten (leer, mit Kennzeichen "
        "in der Spalte „…_geheim“), ebenso weitere Werte derselben Zeile, Spalte oder Summe, aus "
        "denen sich ein geheim gehaltener Wert errechnen ließe. Die sichtbaren Werte sind "
        "unverändert; 0 wird angegeben. Es gibt keine Einzeldaten."),
    themes=("SOCI", "EDUC"),
    keywords=("AQB", "Teilnehmende", "Monitoring", "Ausbildung", "Qualifizierung",
              "Arbeitsmarkt", "Hessen"),
    fields=(YEAR,
            Field("ags", "string", "Kreisschlüssel",
                  "Amtlicher Kreisschlüssel (fünfstellig) der Gebietskörperschaft; „06“ für "
                  "die Summe über Hessen."),
            Field("gebietskoerperschaft", "string", "Gebietskörperschaft",
                  "Name des Landkreises oder der kreisfreien Stadt; „Hessen“ für die Summe."),
            Field("massnahmeart", "integer", "Maßnahmeart (Nummer)",
                  "Nummer der Maßnahmeart (1 bis 4); leer in den Summenzeilen über alle "
                  "Maßnahmearten."),
            Field("massnahmeart_titel", "string", "Maßnahmeart",
                  "Bezeichnung der Maßnahmeart im Programmjahr; „alle Maßnahmearten“ in den "
                  "Summenzeilen."),
            Field("eintritte", "integer", "Eintritte",
                  "Teilnehmende, die im Programmjahr in ein Projekt eingetreten sind (Personen; "
                  "wer im selben Jahr erneut in dasselbe Projekt eintritt, zählt einmal). Leer, "
                  "wenn geheim gehalten."),
            Field("eintritte_geheim", "boolean", "Eintritte geheim gehalten",
                  "true, wenn der Wert der Eintritte zum Schutz der Teilnehmenden nicht "
                  "angegeben ist (Wert 1 oder 2, oder aus ihm ließe sich ein solcher "
                  "errechnen)."),
            Field("austritte", "integer", "Austritte",
                  "Teilnehmende des Programmjahrs, die ein Projekt verlassen haben (bis zum "
                  "Abruf). Leer, wenn geheim gehalten."),
            Field("austritte_geheim", "boolean", "Austritte geheim gehalten",
                  "true, wenn der Wert der Austritte zum Schutz der Teilnehmenden nicht "
                  "angegeben ist.")),
    row_function=_participant_rows,
))


# --- signed agreements -----------------------------------------------------------------------

def _agreement_years() -> list[int]:
    """The published programme years and the years with a published agreement: agreements
    are published by their own act (§ 7 of every agreement), whether or not the year's other
    data are. Every published year keeps its yearly file (perhaps without rows), as in every
    other dataset, so pages and the catalogue may link it."""
    return sorted(set(public_years()) | set(published_list().order_by().values_list(
        "programme_year__year", flat=True)))


def _agreement_rows(years: list[int], region: Region | None) -> Iterable[dict]:
    qs = published_list().filter(programme_year__year__in=years)
    if region is not None:
        qs = qs.filter(region=region)
    qs = qs.order_by("programme_year__year", "region__ags").prefetch_related("signatures")
    agreed: dict[int, Decimal | None] = {}
    for line in BudgetLine.objects.filter(agreement__in=qs).order_by(
            "agreement", AQB_FIRST, "order").only("agreement_id", "amount"):
        agreed.setdefault(line.agreement_id, line.amount)
    for a in qs:
        sig = {s.party: s for s in a.signatures.all()}
        ministry, own = sig.get(Party.MINISTRY), sig.get(Party.REGION)
        amount = agreed.get(a.pk)
        yield {"jahr": a.programme_year.year, "ags": a.region.ags,
               "gebietskoerperschaft": a.region.name, "fassung": a.version,
               "ministerium_unterzeichnet_am": ministry.date if ministry else None,
               "ministerium_unterzeichnet_von": ministry.name if ministry else "",
               "ministerium_amtsbezeichnung": ministry.title if ministry else "",
               "gebietskoerperschaft_unterzeichnet_am": own.date if own else None,
               "gebietskoerperschaft_unterzeichnet_von": own.name if own else "",
               "gebietskoerperschaft_amtsbezeichnung": own.title if own else "",
               "veroeffentlicht_am": (timezone.localdate(a.published_at)
                                      if a.published_at else None),
               "zuweisung_vereinbart": _money(amount) if amount is not None else None,
               "seite_url": _absolute(reverse("public:detail", args=[a.pk])),
               "dokument_url": (_absolute(reverse("public:pdf", args=[a.pk]))
                                if a.signed_file else "")}


AGREEMENTS = dataset_register(Dataset(
    slug="zielvereinbarungen",
    title="AQB: Unterzeichnete Zielvereinbarungen",
    description=(
        "Die veröffentlichten Zielvereinbarungen zwischen dem Land Hessen und den Landkreisen "
        "und kreisfreien Städten über das Ausbildungs- und Qualifizierungsbudget (AQB): je "
        "Programmjahr und Gebietskörperschaft die zuletzt veröffentlichte Fassung mit den "
        "Daten der Unterschriften, den Unterzeichnenden, wie sie in der Vereinbarung stehen, "
        "dem vereinbarten Betrag und dem Link auf das unterzeichnete Dokument (PDF). Die "
        "Zielvereinbarungen werden nach ihrem § 7 veröffentlicht, auch für Programmjahre, "
        "deren übrige Daten noch nicht veröffentlicht sind."),
    themes=("GOVE", "EDUC"),
    keywords=("AQB", "Zielvereinbarung", "Vereinbarung", "Landkreis", "kreisfreie Stadt",
              "Hessen"),
    fields=(YEAR, AGS, REGION,
            Field("fassung", "integer", "Fassung",
                  "Fassung der Zielvereinbarung (1; höher nach einer Änderung)."),
            Field("ministerium_unterzeichnet_am", "date", "Unterzeichnet vom Ministerium am",
                  "Datum der Unterschrift des Ministeriums (ISO 8601)."),
            Field("ministerium_unterzeichnet_von", "string", "Unterzeichnet für das Ministerium",
                  "Name der Person, die für das Ministerium unterzeichnet hat, wie in der "
                  "Vereinbarung angegeben."),
            Field("ministerium_amtsbezeichnung", "string", "Amtsbezeichnung (Ministerium)",
                  "Amtsbezeichnung der für das Ministerium unterzeichnenden Person."),
            Field("gebietskoerperschaft_unterzeichnet_am", "date",
                  "Unterzeichnet von der Gebietskörperschaft am",
                  "Datum der Unterschrift der Gebietskörperschaft (ISO 8601)."),
            Field("gebietskoerperschaft_unterzeichnet_von", "string",
                  "Unterzeichnet für die Gebietskörperschaft",
                  "Name der Person, die für die Gebietskörperschaft unterzeichnet hat, wie in "
                  "der Vereinbarung angegeben."),
            Field("gebietskoerperschaft_amtsbezeichnung", "string",
                  "Amtsbezeichnung (Gebietskörperschaft)",
                  "Amtsbezeichnung der für die Gebietskörperschaft unterzeichnenden Person."),
            Field("veroeffentlicht_am", "date", "Veröffentlicht am",
                  "Tag der Veröffentlichung dieser Fassung (ISO 8601)."),
            Field("zuweisung_vereinbart", "number", "Vereinbarter Betrag (Euro)",
                  "Betrag aus dem Ausbildungs- und Qualifizierungsbudget, den die "
                  "Vereinbarung nennt, in Euro; leer, wenn sie keinen nennt. Kann von der "
                  "aktuellen Zuweisung abweichen, wenn diese später geändert wurde."),
            Field("seite_url", "string", "Seite der Vereinbarung",
                  "Adresse der öffentlichen Seite der Vereinbarung."),
            Field("dokument_url", "string", "Unterzeichnetes Dokument (PDF)",
                  "Adresse des unterzeichneten Dokuments (PDF); leer, wenn keines hinterlegt "
                  "ist.")),
    row_function=_agreement_rows,
    primary_key=("jahr", "ags"),
    years_function=_agreement_years,
))
