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

from django.db.models import Sum
from django.http import Http404

from aqb.budgets.models import AllocationChangeLine, ChangeKind, ProgrammeYear
from aqb.budgets.selectors import allocations_current_unscoped
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

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def rows(self, *, year: int | None = None, region: Region | None = None) -> list[dict]:
        """The rows of one published year (None: all published years), optionally of one
        region. An unpublished year is a 404."""
        years = public_years()
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
