"""What the public pages under /oeffentlich/ show (docs/opendata.md, "Öffentliche Seiten").

Every figure on these pages is read through the dataset registry (`Dataset.rows`), so a page
shows exactly what its download files contain: the same rows, the same suppressed participant
values. A dataset that is not registered has no section (and no download) on any page.

Tables are built from the dataset's own column definitions (`Field`): the German column title,
the Table Schema type (money is a `number` whose title or description names Euro), and the
suppression flag of participant tables: a column `x_geheim` (boolean) says that the value in
column `x` is hidden; the page shows the sign "." (and in a participant table any empty count).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from aqb.budgets import charts
from aqb.budgets.models import Earmark, ProgrammeYear
from aqb.monitoring.suppression import EXPLANATION, MARK
from aqb.regions.models import Region

from . import datasets as registry
from .datasets import FORMATS, Dataset, file_url, package_url

# slugs of the datasets the pages show (registered in datasets.py)
ALLOCATIONS = "zuweisungen"
CHANGES = "aenderungen"
PROJECTS = "projekte"
FINANCES = "finanzen"
PARTICIPANTS = "teilnehmende"
AGREEMENTS = "zielvereinbarungen"

SECRET_SUFFIX = "_geheim"
FORMAT_LABELS = {"csv": "CSV", "json": "JSON", "xlsx": "Excel (XLSX)"}
# integer columns shown without thousands separators (years, running numbers, keys)
PLAIN_INTEGER_WORDS = ("jahr", "nummer", "aenderung", "projekt", "massnahmeart", "id")

SUPPRESSION_EXPLANATION = EXPLANATION
SUPPRESSION_MARK = MARK


def dataset_or_none(slug: str) -> Dataset | None:
    """The registered dataset, or None while it is not (its sections are then absent)."""
    return {d.slug: d for d in registry.datasets()}.get(slug)


# --- tables ----------------------------------------------------------------------------------

@dataclass
class Cell:
    value: object
    kind: str = "text"   # text, plain, integer, number, money, date, bool, secret, empty
    link: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind in ("integer", "number", "money", "secret")


@dataclass
class Column:
    name: str
    title: str
    kind: str

    @property
    def numeric(self) -> bool:
        return self.kind in ("integer", "number", "money")


@dataclass
class Table:
    key: str                  # id of the caption (unique on the page)
    title: str                # caption
    columns: list[Column]
    rows: list[list[Cell]]
    footer: list[Cell] | None = None
    suppression: bool = False  # a participant table: "." marks a hidden value
    has_secret: bool = False   # at least one value is hidden


def _kind(f: registry.Field) -> str:
    if f.type == "number":
        words = f"{f.title} {f.description}".lower()
        return "money" if "euro" in words else "number"
    if f.type == "integer":
        name = f.name.lower()
        if any(name == w or name.endswith("_" + w) or name.startswith(w + "_")
               for w in PLAIN_INTEGER_WORDS) or "jahr" in f.title.lower():
            return "plain"
        return "integer"
    if f.type in ("date", "boolean"):
        return "date" if f.type == "date" else "bool"
    return "text"


def is_participant_table(ds: Dataset) -> bool:
    return ds.slug == PARTICIPANTS or any(f.name.endswith(SECRET_SUFFIX) for f in ds.fields)


def dataset_table(ds: Dataset, rows: Iterable[dict], *, key: str, title: str = "",
                  drop: Iterable[str] = (), links: dict[str, callable] | None = None,
                  totals: bool = False) -> Table:
    """The rows as a page table: the dataset's columns but `drop` and the suppression flags;
    `links` maps a column to a function row -> URL; `totals` adds a sum of money columns."""
    names = set(ds.field_names)
    flags = {f.name[:-len(SECRET_SUFFIX)]: f.name for f in ds.fields
             if f.name.endswith(SECRET_SUFFIX) and f.name[:-len(SECRET_SUFFIX)] in names}
    participant = is_participant_table(ds)
    drop = set(drop) | set(flags.values())
    columns = [Column(f.name, f.title, _kind(f)) for f in ds.fields if f.name not in drop]
    links = links or {}
    table = Table(key=key, title=title or ds.title, columns=columns, rows=[],
                  suppression=participant)
    sums: dict[str, Decimal] = {c.name: Decimal("0") for c in columns if c.kind == "money"}
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c.name)
            hidden = bool(row.get(flags[c.name])) if c.name in flags else False
            if participant and value is None and not flags and \
                    c.kind in ("integer", "number"):  # a table without flag columns
                hidden = True
            if hidden:
                cell = Cell(MARK, "secret")
                table.has_secret = True
            elif value is None or value == "":
                cell = Cell("", "empty")
            else:
                cell = Cell(value, c.kind)
                if c.name in sums and isinstance(value, Decimal | int):
                    sums[c.name] += value
            if c.name in links and cell.kind not in ("secret", "empty"):
                cell.link = links[c.name](row)
            cells.append(cell)
        table.rows.append(cells)
    if totals and sums and len(table.rows) > 1:
        footer, labelled = [], False
        for c in columns:
            if c.name in sums:
                footer.append(Cell(sums[c.name], "money"))
            elif not labelled:
                footer.append(Cell("Summe", "text"))
                labelled = True
            else:
                footer.append(Cell("", "empty"))
        table.footer = footer
    return table


# --- downloads -------------------------------------------------------------------------------

@dataclass
class Download:
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    package: str = ""


def downloads(slugs: Iterable[str], *, year: int | None = None,
              ags: str | None = None) -> list[Download]:
    """Links to the files of the registered datasets among `slugs`: the year's files (only
    datasets with yearly files) or the region's files across all published years."""
    out = []
    for slug in slugs:
        ds = dataset_or_none(slug)
        if ds is None or (year is not None and not ds.per_year):
            continue
        if ags is not None and "ags" not in ds.field_names:
            continue
        out.append(Download(ds.title, [
            (FORMAT_LABELS.get(fmt, fmt.upper()), file_url(ds, fmt, year=year, ags=ags))
            for fmt in FORMATS], package_url(ds)))
    return out


# --- reads of published material ---------------------------------------------------------------

def published_programme_years() -> list[ProgrammeYear]:
    return list(ProgrammeYear.objects.filter(publication__isnull=False).order_by("year"))


def published_earmarks(py: ProgrammeYear) -> list[Earmark]:
    """The earmarked parts of a published year (name, amount, rule): totals only."""
    if not ProgrammeYear.objects.filter(pk=py.pk, publication__isnull=False).exists():
        return []
    return list(py.earmarks.order_by("name"))


def regions_all() -> list[Region]:
    return list(Region.objects.order_by("name"))


def region_or_none(ags: str) -> Region | None:
    if not (isinstance(ags, str) and len(ags) == 5 and ags.isdigit()):
        return None
    return Region.objects.filter(ags=ags).first()


# --- figures ---------------------------------------------------------------------------------

def allocation_totals(rows: list[dict]) -> dict[int, Decimal]:
    """Sum of the current allocations per year."""
    totals: dict[int, Decimal] = {}
    for r in rows:
        totals[r["jahr"]] = totals.get(r["jahr"], Decimal("0")) + r["zuweisung_aktuell"]
    return totals


def year_figures(rows: list[dict], year: int) -> dict:
    """Bar chart (largest first) and map of the current allocations of a year."""
    items = [charts.Item(r["ags"], r["gebietskoerperschaft"], r["zuweisung_aktuell"],
                         charts.eur_text(r["zuweisung_aktuell"])) for r in rows]
    by_value = sorted(items, key=lambda i: (-(i.value or 0), i.label))
    bounds = charts.classes([i.value for i in items if i.value is not None])
    return {
        "bar": charts.bar_chart(by_value, title=f"Aktuelle Zuweisung je Gebietskörperschaft, "
                                f"AQB {year}", uid="balken"),
        "map": charts.region_map(items, title=f"Karte Hessen: aktuelle Zuweisung, AQB {year}",
                                 uid="karte"),
        "legend": charts.legend_entries(bounds, charts.eur_text),
        "real_map": charts.geojson_configured(),
    }


def region_figure(rows: list[dict], region: Region):
    items = [charts.Item(str(r["jahr"]), f"AQB {r['jahr']}", r["zuweisung_aktuell"],
                         charts.eur_text(r["zuweisung_aktuell"])) for r in rows]
    return charts.bar_chart(items, title=f"Aktuelle Zuweisung je Programmjahr: {region.name}",
                            uid="verlauf")


# --- links -----------------------------------------------------------------------------------

def year_region_url(year: int, ags: str, anchor: str = "") -> str:
    url = reverse("oeffentlich:year_region", kwargs={"year": year, "ags": ags})
    return f"{url}#{anchor}" if anchor else url


def region_url(ags: str) -> str:
    return reverse("oeffentlich:region", kwargs={"ags": ags})


def year_url(year: int) -> str:
    return reverse("oeffentlich:year", kwargs={"year": year})


# --- search ----------------------------------------------------------------------------------

QUERY_MAX = 100
WORDS_MAX = 8
MIN_LENGTH = 2
GROUP_MAX = 50


def clean_query(raw: object) -> str:
    """The query as searched: no control or unassigned characters (also no NUL, which some
    databases refuse), whitespace collapsed, at most QUERY_MAX characters."""
    text = raw if isinstance(raw, str) else ""
    text = "".join(ch if unicodedata.category(ch)[0] not in ("C", "Z") else " "
                   for ch in text[:1000])
    return " ".join(text.split())[:QUERY_MAX].strip()


def query_words(query: str) -> list[str]:
    return [w.casefold() for w in query.split()][:WORDS_MAX]


def matches(words: list[str], *texts: object) -> bool:
    haystack = " ".join(str(t) for t in texts if t not in (None, "")).casefold()
    return all(w in haystack for w in words)


@dataclass
class Hit:
    title: str
    url: str
    meta: str = ""


@dataclass
class Group:
    key: str
    title: str
    hits: list[Hit]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)


def _group(key: str, title: str, hits: list[Hit], total: int | None = None) -> Group:
    return Group(key, title, hits[:GROUP_MAX], len(hits) if total is None else total)


def search_regions(words: list[str]) -> list[Hit]:
    return [Hit(r.name, region_url(r.ags), f"{r.get_kind_display()}, Sitz {r.seat}")
            for r in regions_all()
            if matches(words, r.name, r.ags, r.get_kind_display(), r.seat, r.regierungsbezirk)]


def search_agreements(words: list[str], agreements) -> list[Hit]:
    hits = []
    for a in agreements:
        if matches(words, "Zielvereinbarung", a.programme_year.year, a.region.name,
                   a.region.ags):
            hits.append(Hit(f"Zielvereinbarung {a.programme_year.year}: {a.region.name}",
                            reverse("public:detail", args=[a.pk]),
                            f"Fassung {a.version}"))
    return hits


def project_name(row: dict) -> str:
    for key in ("name", "projekt_name", "projektname", "titel", "projekt"):
        value = row.get(key)
        if isinstance(value, str) and value:
            return value
    return "Projekt"


def measure_label(row: dict, ds: Dataset) -> str:
    """"Maßnahmeart 1 – Ausbildungsvorbereitung" from the columns massnahmeart*."""
    parts = [row.get(n) for n in ds.field_names if n.startswith("massnahmeart")]
    parts = [str(p) for p in parts if p not in (None, "")]
    if not parts:
        return ""
    text = " – ".join(dict.fromkeys(parts))
    return text if not text[:1].isdigit() else f"Maßnahmeart {text}"


def search_projects(words: list[str]) -> list[Hit]:
    ds = dataset_or_none(PROJECTS)
    if ds is None:
        return []
    text_fields = [f.name for f in ds.fields if f.type == "string"] + ["jahr"]
    hits = []
    for row in ds.rows():
        if not matches(words, *(row.get(n) for n in text_fields)):
            continue
        meta = [row.get("gebietskoerperschaft"), f"AQB {row.get('jahr')}",
                measure_label(row, ds), row.get("traeger")]
        url = year_region_url(row["jahr"], row["ags"], "projekte") \
            if row.get("jahr") and row.get("ags") else reverse("oeffentlich:index")
        hits.append(Hit(project_name(row), url, " · ".join(str(m) for m in meta if m)))
    return hits


def search_practice(query: str) -> Group:
    from aqb.conferences.selectors import published_practice_search

    entries = published_practice_search(query=query)
    hits = [Hit(e.title, reverse("conferences:public_practice_detail", args=[e.pk]),
                f"{e.region.name} · Maßnahmeart {e.measure_type.number} – "
                f"{e.measure_type.title}")
            for e in entries[:GROUP_MAX]]
    return _group("gute-praxis", "Beispiele guter Praxis", hits, entries.count())


def search(query: str) -> list[Group]:
    from aqb.agreements.selectors import published_list

    words = query_words(query)
    groups = [
        _group("regionen", "Gebietskörperschaften", search_regions(words)),
        _group("zielvereinbarungen", "Zielvereinbarungen",
               search_agreements(words, published_list())),
    ]
    if dataset_or_none(PROJECTS) is not None:
        groups.append(_group("projekte", "Geförderte Projekte", search_projects(words)))
    groups.append(search_practice(" ".join(query.split()[:WORDS_MAX])))
    return groups
