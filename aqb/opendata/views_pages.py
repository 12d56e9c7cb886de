"""/oeffentlich/: the public pages of the AQB (no login; docs/opendata.md, "Öffentliche Seiten").

The programme, one page per published year, one page per region (across the published years
and per year: `/oeffentlich/<jahr>/regionen/<ags>/`) and a search. Every figure comes from the
dataset registry, so each page shows what its download files contain; unpublished years are
a 404 and appear nowhere. Anonymous responses are served from the public cache.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from aqb.accounts.policy import PUBLIC, access

from . import pages
from .cache import public_cache
from .selectors import public_year_get

YEAR_DATASETS = (pages.ALLOCATIONS, pages.CHANGES, pages.FINANCES, pages.PARTICIPANTS)
REGION_DATASETS = (pages.ALLOCATIONS, pages.CHANGES, pages.AGREEMENTS, pages.PROJECTS,
                   pages.FINANCES, pages.PARTICIPANTS)


def _region_link(row: dict, year: int | None = None) -> str:
    return pages.year_region_url(year or row["jahr"], row["ags"])


@access(PUBLIC)
@public_cache
@require_safe
def index(request):
    allocations = pages.dataset_or_none(pages.ALLOCATIONS)
    sums = pages.allocation_totals(allocations.rows()) if allocations else {}
    years = [{"year": py.year, "total": py.total, "allocated": sums.get(py.year),
              "is_demo": py.is_demo}
             for py in reversed(pages.published_programme_years())]
    return render(request, "opendata/public_index.html", {
        "years": years, "regions": pages.regions_all()})


@access(PUBLIC)
@public_cache
@require_safe
def year_detail(request, year: int):
    py = public_year_get(year)
    ctx = {"py": py, "year": py.year, "earmarks": pages.published_earmarks(py), "tables": []}
    allocations = pages.dataset_or_none(pages.ALLOCATIONS)
    if allocations is not None:
        rows = allocations.rows(year=py.year)
        ctx["allocated"] = sum((r["zuweisung_aktuell"] for r in rows), start=Decimal("0"))
        ctx["allocation_table"] = pages.dataset_table(
            allocations, rows, key="zuweisungen",
            title=f"Zuweisungen je Gebietskörperschaft, AQB {py.year}",
            drop=("jahr", "ags"), totals=True,
            links={"gebietskoerperschaft": lambda r: _region_link(r, py.year)})
        if rows:
            ctx.update(pages.year_figures(rows, py.year))
    sections = [
        (pages.CHANGES, "aenderungen", "Änderungen im Jahresverlauf",
         "Jede Änderung der Zuweisungen nach Beginn des Programmjahrs, mit dem Tag, ab dem "
         "sie gilt.", True),
        (pages.FINANCES, "finanzen", "Bewilligt und ausgezahlt je Gebietskörperschaft",
         "Die von der Bewilligungsbehörde bewilligten und ausgezahlten Beträge.", True),
        (pages.PARTICIPANTS, "teilnehmende", "Teilnehmende je Gebietskörperschaft",
         "Eintritte und Austritte der Teilnehmenden, zusammengefasst.", False),
    ]
    for slug, key, title, intro, totals in sections:
        ds = pages.dataset_or_none(slug)
        if ds is None:
            continue
        table = pages.dataset_table(
            ds, ds.rows(year=py.year), key=key, title=f"{title}, AQB {py.year}",
            drop=("jahr", "ags"), totals=totals,
            links={"gebietskoerperschaft": lambda r: _region_link(r, py.year)})
        ctx["tables"].append({"key": key, "heading": title, "intro": intro, "table": table})
    ctx["downloads"] = pages.downloads(YEAR_DATASETS, year=py.year)
    ctx["scope"] = f"AQB {py.year}"
    ctx["explanation"] = pages.SUPPRESSION_EXPLANATION
    return render(request, "opendata/public_year.html", ctx)


@access(PUBLIC)
@public_cache
@require_safe
def region_detail(request, ags: str, year: int | None = None):
    region = pages.region_or_none(ags)
    if region is None:
        raise Http404("Diese Gebietskörperschaft gibt es nicht.")
    py = public_year_get(year) if year is not None else None
    only = py.year if py else None
    ctx = {"region": region, "year": only, "tables": [],
           "explanation": pages.SUPPRESSION_EXPLANATION}

    allocations = pages.dataset_or_none(pages.ALLOCATIONS)
    if allocations is not None:
        rows = allocations.rows(year=only, region=region)
        ctx["allocation_table"] = pages.dataset_table(
            allocations, rows, key="zuweisungen",
            title=f"Zuweisungen an {region.name}" + (f", AQB {only}" if only else
                                                     " je Programmjahr"),
            drop=("ags", "gebietskoerperschaft"), totals=not only,
            links={} if only else {"jahr": lambda r: _region_link(r)})
        if rows and not only:
            ctx["bar"] = pages.region_figure(rows, region)
        ctx["allocation_years"] = [r["jahr"] for r in rows]

    ctx["agreements"] = _agreements(region, only)

    changes = pages.dataset_or_none(pages.CHANGES)
    if changes is not None:
        ctx["changes_table"] = pages.dataset_table(
            changes, changes.rows(year=only, region=region), key="aenderungen",
            title=f"Änderungen der Zuweisung an {region.name}" + (f", AQB {only}" if only
                                                                  else ""),
            drop=("ags", "gebietskoerperschaft") + (("jahr",) if only else ()))

    projects = pages.dataset_or_none(pages.PROJECTS)
    if projects is not None:
        ctx["project_groups"] = _project_groups(projects, region, only)

    for slug, key, title, totals in (
            (pages.FINANCES, "finanzen", "Bewilligt und ausgezahlt", True),
            (pages.PARTICIPANTS, "teilnehmende", "Teilnehmende", False)):
        ds = pages.dataset_or_none(slug)
        if ds is None:
            continue
        table = pages.dataset_table(
            ds, ds.rows(year=only, region=region), key=key,
            title=f"{title}: {region.name}" + (f", AQB {only}" if only else ""),
            drop=("ags", "gebietskoerperschaft") + (("jahr",) if only else ()),
            totals=totals)
        ctx["tables"].append({"key": key, "heading": title, "table": table})

    ctx["practice"] = _practice(region, only)
    ctx["downloads"] = pages.downloads(REGION_DATASETS, ags=region.ags)
    if only:
        ctx["year_downloads"] = pages.downloads(YEAR_DATASETS, year=only)
    return render(request, "opendata/public_region.html", ctx)


def _agreements(region, year):
    from aqb.agreements.selectors import published_for_region

    qs = published_for_region(region)
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    return list(qs)


def _practice(region, year):
    from aqb.conferences.selectors import published_practice_search

    qs = published_practice_search(region=region.ags)
    if year is not None:
        qs = qs.filter(measure_type__programme_year__year=year)
    return list(qs[:pages.GROUP_MAX])


def _project_groups(ds, region, year) -> list[dict]:
    """The region's funded projects, one table per measure type."""
    rows = ds.rows(year=year, region=region)
    measure_columns = tuple(n for n in ds.field_names if n.startswith("massnahmeart"))
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(pages.measure_label(row, ds) or "Ohne Maßnahmeart", []).append(row)
    drop = ("ags", "gebietskoerperschaft") + measure_columns + (("jahr",) if year else ())
    return [{"heading": label, "table": pages.dataset_table(
        ds, items, key=f"projekte-{n}", title=f"Geförderte Projekte: {label}",
        drop=drop, totals=True)}
        for n, (label, items) in enumerate(sorted(groups.items()), start=1)]


@access(PUBLIC)
@public_cache
@require_safe
def search(request):
    query = pages.clean_query(request.GET.get("q", ""))
    too_short = 0 < len(query) < pages.MIN_LENGTH
    groups = pages.search(query) if query and not too_short else []
    return render(request, "opendata/public_search.html", {
        "query": query, "too_short": too_short, "groups": groups,
        "min_length": pages.MIN_LENGTH, "total": sum(g.total for g in groups)})
