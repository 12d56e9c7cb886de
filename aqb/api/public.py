"""The public read API `/api/v1/public/` (docs/api.md, "Öffentliche Daten"): no token, the
same data as the open-data files, read from the dataset registry of aqb/opendata/datasets.py,
so a dataset added there is served here without a line of code in this module.

Only published programme years appear (`aqb.opendata.selectors.public_years`); a year that
is not published is absent from every list and a 404 when asked for. Values are JSON-ready
the way the JSON files write them: money and other decimals as decimal strings with their
places ("1234.50"), dates as ISO 8601 strings, a suppressed or empty value as null.

Caching (ETag, Last-Modified, 304), the rate limit and CORS are put around each endpoint by
`aqb/api/urls.py` with `public_http.public_endpoint`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import Http404
from ninja import Path, Query, Router, Schema

from aqb.accounts import policy
from aqb.budgets.models import ProgrammeYear
from aqb.german.money import quantize_money
from aqb.opendata.datasets import (
    FORMATS,
    Dataset,
    dataset_get,
    datasets,
    file_url,
    package_url,
)
from aqb.opendata.selectors import public_years
from aqb.regions.models import Region

from .endpoints import declare
from .schemas import Problem, RegionOut

TAG = "Öffentliche Daten"
PREFIX = "/api/v1/public"
ERRORS = {404: Problem, 422: Problem, 429: Problem}
AGS_PATTERN = r"^\d{5}$"
ALLOCATIONS = "zuweisungen"

router = Router(auth=None, tags=[TAG])


# --- values and links ------------------------------------------------------------------------

def json_value(value):
    """A row value as JSON: Decimal -> decimal string with its places, date -> ISO string."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def json_row(row: dict) -> dict:
    return {name: json_value(value) for name, value in row.items()}


def _money(value) -> str:
    return format(quantize_money(value or Decimal("0")), "f")


def absolute(path: str) -> str:
    """Links name the application's public address (AQB_BASE_URL), so a cached answer is the
    same whichever host name the request used."""
    return settings.AQB_BASE_URL.rstrip("/") + path


def dataset_api_url(dataset: Dataset | str, **query) -> str:
    slug = dataset if isinstance(dataset, str) else dataset.slug
    url = f"{PREFIX}/datasets/{slug}"
    params = "&".join(f"{k}={v}" for k, v in query.items() if v is not None)
    return absolute(url + (f"?{params}" if params else ""))


def _region(ags: str | None) -> Region | None:
    if ags is None:
        return None
    region = Region.objects.filter(ags=ags).first()
    if region is None:
        raise Http404(f"Eine Gebietskörperschaft mit dem Schlüssel {ags} gibt es nicht.")
    return region


# --- schemas ---------------------------------------------------------------------------------

class EarmarkOut(Schema):
    name: str
    amount: str


class PublicYearOut(Schema):
    year: int
    total: str
    allocated: str
    published_at: datetime.datetime
    earmarks: list[EarmarkOut]
    regions: int


class FieldOut(Schema):
    name: str
    type: str
    title: str
    description: str


class FileOut(Schema):
    format: str
    media_type: str
    year: int | None
    url: str


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    keywords: list[str]
    themes: list[str]
    per_year: bool
    years: list[int]
    fields: list[FieldOut]
    api_url: str
    datapackage_url: str
    files: list[FileOut]


class DatasetRowsOut(Schema):
    slug: str
    title: str
    year: int | None
    region: str | None
    years: list[int]
    fields: list[FieldOut]
    count: int
    rows: list[dict[str, Any]]


class PublicRegionOut(RegionOut):
    api_url: str


class RegionLinkOut(Schema):
    slug: str
    title: str
    api_url: str


class PublicRegionDetailOut(PublicRegionOut):
    allocations: list[dict[str, Any]]
    datasets: list[RegionLinkOut]


# --- endpoints -------------------------------------------------------------------------------

def _fields(dataset: Dataset) -> list[dict]:
    return [{"name": f.name, "type": f.type, "title": f.title, "description": f.description}
            for f in dataset.fields]


@router.get("/years", response={200: list[PublicYearOut], **ERRORS},
            summary="Veröffentlichte Programmjahre mit Gesamtbetrag und Summe der Zuweisungen")
@declare(policy.PUBLIC)
def public_years_list(request):
    years = public_years()
    allocated: dict[int, Decimal] = {}
    regions: dict[int, set] = {}
    for row in dataset_get(ALLOCATIONS).rows() if years else []:
        allocated[row["jahr"]] = allocated.get(row["jahr"], Decimal("0")) + \
            row["zuweisung_aktuell"]
        regions.setdefault(row["jahr"], set()).add(row["ags"])
    qs = (ProgrammeYear.objects.filter(year__in=years).select_related("publication")
          .prefetch_related("earmarks").order_by("year"))
    return [{"year": py.year, "total": _money(py.total),
             "allocated": _money(allocated.get(py.year)),
             "published_at": py.publication.published_at,
             "earmarks": [{"name": e.name, "amount": _money(e.amount)}
                          for e in py.earmarks.all()],
             "regions": len(regions.get(py.year, ()))} for py in qs]


def _dataset_out(dataset: Dataset, years: list[int]) -> dict:
    files = []
    for year in [None, *(years if dataset.per_year else [])]:
        for fmt, (media_type, _eu) in FORMATS.items():
            files.append({"format": fmt, "media_type": media_type, "year": year,
                          "url": absolute(file_url(dataset, fmt, year=year))})
    return {"slug": dataset.slug, "title": dataset.title, "description": dataset.description,
            "keywords": list(dataset.keywords), "themes": list(dataset.themes),
            "per_year": dataset.per_year, "years": years, "fields": _fields(dataset),
            "api_url": dataset_api_url(dataset),
            "datapackage_url": absolute(package_url(dataset)), "files": files}


@router.get("/datasets", response={200: list[DatasetOut], **ERRORS},
            summary="Die offenen Datensätze: Beschreibung, Spalten, Dateien und Abruf hier")
@declare(policy.PUBLIC)
def public_datasets(request):
    years = public_years()
    return [_dataset_out(d, years) for d in datasets()]


@router.get("/datasets/{slug}", response={200: DatasetRowsOut, **ERRORS},
            summary="Die Zeilen eines Datensatzes (alle veröffentlichten Jahre, oder eines; "
                    "wahlweise einer Gebietskörperschaft)")
@declare(policy.PUBLIC)
def public_dataset(request, slug: str = Path(..., description="Kennung des Datensatzes, "
                                                         "z. B. zuweisungen"),
                   year: int | None = Query(None, ge=2000, le=2100,
                                            description="nur dieses veröffentlichte "
                                                        "Programmjahr, z. B. 2025"),
                   region: str | None = Query(None, pattern=AGS_PATTERN,
                                              description="nur diese Gebietskörperschaft "
                                                          "(Kreisschlüssel, z. B. 06635)")):
    dataset = dataset_get(slug)
    reg = _region(region)
    rows = [json_row(r) for r in dataset.rows(year=year, region=reg)]
    return {"slug": dataset.slug, "title": dataset.title, "year": year, "region": region,
            "years": public_years() if year is None else [year], "fields": _fields(dataset),
            "count": len(rows), "rows": rows}


def _region_out(r: Region) -> dict:
    forms = r.forms
    return {"ags": r.ags, "name": r.name, "kind": r.kind, "seat": r.seat,
            "regierungsbezirk": r.regierungsbezirk, "nominative": forms.nominative,
            "dative": forms.dative, "genitive": forms.genitive,
            "api_url": absolute(f"{PREFIX}/regions/{r.ags}")}


@router.get("/regions", response={200: list[PublicRegionOut], **ERRORS},
            summary="Die 26 Landkreise und kreisfreien Städte Hessens")
@declare(policy.PUBLIC)
def public_regions(request):
    return [_region_out(r) for r in Region.objects.order_by("ags")]


@router.get("/regions/{ags}", response={200: PublicRegionDetailOut, **ERRORS},
            summary="Eine Gebietskörperschaft: Zuweisungen aller veröffentlichten Jahre und "
                    "ihre Datensätze")
@declare(policy.PUBLIC)
def public_region(request, ags: str = Path(..., pattern=AGS_PATTERN,
                                           description="Kreisschlüssel, z. B. 06635")):
    region = _region(ags)
    allocations = [json_row(r) for r in dataset_get(ALLOCATIONS).rows(region=region)] \
        if ALLOCATIONS in {d.slug for d in datasets()} else []
    return {**_region_out(region), "allocations": allocations,
            "datasets": [{"slug": d.slug, "title": d.title,
                          "api_url": dataset_api_url(d, region=region.ags)}
                         for d in datasets()]}
