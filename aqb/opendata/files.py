"""The open datasets as files: CSV, JSON and XLSX per published year, across all published
years and per region, and a Frictionless Data Package descriptor per dataset (docs/opendata.md,
"Dateien"). Generic over the registry (`datasets.datasets()`): a new dataset needs no code here.

- CSV: UTF-8 without byte order mark, comma, double quotes where needed, CRLF line ends
  (RFC 4180, the Frictionless default dialect), a header row of the field names, decimal
  point, ISO 8601 dates, an empty cell for no value.
- JSON: one object with the dataset's metadata and `rows`, a list of objects keyed by field
  name. Money and other decimals are JSON numbers written from the Decimal as they are (two
  places: `100000.00`), never through a float; dates are ISO 8601 strings; no value is `null`.
- XLSX: a sheet "Daten" with a header row of the field names, numbers as numbers (format
  0.00 for decimals), dates as dates; a sheet "Erläuterungen" with the dataset's title,
  licence and the name, title, type and description of every field.

Text cells beginning with `=`, `+`, `-`, `@`, tab or carriage return get a leading apostrophe
in CSV and XLSX (a spreadsheet would run them as a formula); numbers and dates never do (a
negative amount stays a number). JSON carries the text unchanged: no spreadsheet opens it.

The bytes depend only on the data (no time of generation), so the served files and an
export of the same data version are identical.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import Http404

from aqb.budgets.exports import safe_text
from aqb.regions.models import Region

from .datasets import ALL_YEARS, FORMATS, Dataset, dataset_get, file_name

LICENSE = {
    "name": "dl-by-de/2.0",
    "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "path": "https://www.govdata.de/dl-de/by-2-0",
}
PUBLISHER = "Land Hessen, Ausbildungs- und Qualifizierungsbudget (AQB)"
DATA_SHEET = "Daten"
NOTES_SHEET = "Erläuterungen"
TWO_PLACES = Decimal("0.01")


# --- cells -----------------------------------------------------------------------------------

def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def decimal_text(value: Decimal) -> str:
    """`100000.00`, `-5000.00`: fixed point, at least two places (the same figure reads the
    same whatever database summed it), never an exponent."""
    if not value.is_finite():
        raise ValueError("Ungültige Zahl im Datensatz.")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(TWO_PLACES)
    return f"{value:f}"


def _check(value: object) -> None:
    if isinstance(value, float):
        raise TypeError("Keine Gleitkommazahlen in offenen Daten (Decimal verwenden).")


def csv_cell(value: object) -> str:
    """One CSV cell: numbers with a decimal point, ISO dates, text neutralised, None empty."""
    _check(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if _is_integer(value):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(str(value))


def xlsx_cell(value: object) -> object:
    """One XLSX value: numbers, booleans and dates as they are, text neutralised."""
    _check(value)
    if value is None or isinstance(value, bool | int | Decimal | date):
        return value
    return safe_text(str(value))


def json_value(value: object) -> str:
    """One JSON value as text: a Decimal as an exact JSON number, a date as ISO string."""
    _check(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    if value is None or isinstance(value, bool | int | str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


# --- which file ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileRequest:
    dataset: Dataset
    fmt: str
    year: int | None = None        # None: all published years
    region: Region | None = None   # only with all years

    @property
    def name(self) -> str:
        return file_name(self.dataset, self.fmt, year=self.year,
                         ags=self.region.ags if self.region else None)

    def rows(self) -> list[dict]:
        return self.dataset.rows(year=self.year, region=self.region)

    def years(self) -> list[int]:
        return [self.year] if self.year is not None else self.dataset.years()


_NAME = re.compile(r"^(?:(?P<year>[0-9]{4})|" + ALL_YEARS +
                   r"(?:-(?P<ags>[0-9]{5}))?)\.(?P<fmt>[a-z]+)$")


def file_request(slug: str, name: str) -> FileRequest:
    """The file `name` of dataset `slug` as `datasets.file_name` makes it; 404 for an unknown
    dataset, format or region, a yearly file of a dataset without them, or an unpublished
    year."""
    dataset = dataset_get(slug)
    prefix = f"{dataset.slug}-"
    match = _NAME.match(name[len(prefix):]) if name.startswith(prefix) else None
    if match is None or match["fmt"] not in FORMATS:
        raise Http404("Diese Datei gibt es nicht.")
    year = int(match["year"]) if match["year"] else None
    region = None
    if year is not None:
        if not dataset.per_year:
            raise Http404("Diesen Datensatz gibt es nur über alle Jahre.")
        if year not in dataset.years():
            raise Http404("Für dieses Jahr sind keine Daten veröffentlicht.")
    if match["ags"]:
        region = Region.objects.filter(ags=match["ags"]).first()
        if region is None:
            raise Http404("Diese Gebietskörperschaft gibt es nicht.")
    request = FileRequest(dataset, match["fmt"], year, region)
    if request.name != name:
        raise Http404("Diese Datei gibt es nicht.")
    return request


def published_files(dataset: Dataset, *, regions: bool = False) -> list[FileRequest]:
    """Every file of the dataset: per published year (if the dataset has them), all years,
    and with `regions` all years per region; each in every format."""
    scopes: list[tuple[int | None, Region | None]] = []
    if dataset.per_year:
        scopes += [(y, None) for y in dataset.years()]
    scopes.append((None, None))
    if regions:
        scopes += [(None, r) for r in Region.objects.order_by("ags")]
    return [FileRequest(dataset, fmt, y, r) for y, r in scopes for fmt in FORMATS]


# --- the formats -----------------------------------------------------------------------------

def render_csv(dataset: Dataset, rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=",", quotechar='"', lineterminator="\r\n")
    names = dataset.field_names
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_cell(row.get(n)) for n in names])
    return out.getvalue().encode("utf-8")


def _metadata(dataset: Dataset, years: list[int], region: Region | None) -> list[tuple]:
    meta = [("dataset", dataset.slug), ("title", dataset.title),
            ("description", dataset.description), ("publisher", PUBLISHER),
            ("license", LICENSE), ("years", years)]
    if region is not None:
        meta.append(("region", {"ags": region.ags, "name": region.name}))
    meta.append(("fields", [{"name": f.name, "type": f.type, "title": f.title,
                             "description": f.description} for f in dataset.fields]))
    return meta


def render_json(dataset: Dataset, rows: list[dict], *, years: list[int],
                region: Region | None = None) -> bytes:
    names = dataset.field_names
    parts = ["{\n"]
    for key, value in _metadata(dataset, years, region):
        parts.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    parts.append('  "rows": [')
    for i, row in enumerate(rows):
        fields = ", ".join(f"{json.dumps(n)}: {json_value(row.get(n))}" for n in names)
        parts.append(("," if i else "") + "\n    {" + fields + "}")
    parts.append("\n  ]\n}\n" if rows else "]\n}\n")
    return "".join(parts).encode("utf-8")


def render_xlsx(dataset: Dataset, rows: list[dict], *, years: list[int],
                region: Region | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(DATA_SHEET)
    bold = Font(bold=True)
    names = dataset.field_names

    def cell(sheet, value, *, header=False):
        c = WriteOnlyCell(sheet, value=value)
        if header:
            c.font = bold
        elif isinstance(value, Decimal):
            c.number_format = "0.00"
        elif isinstance(value, date):
            c.number_format = "yyyy-mm-dd"
        return c

    ws.append([cell(ws, n, header=True) for n in names])
    for row in rows:
        ws.append([cell(ws, xlsx_cell(row.get(n))) for n in names])

    notes = wb.create_sheet(NOTES_SHEET)
    notes.append([cell(notes, safe_text(dataset.title), header=True)])
    notes.append([safe_text(dataset.description)])
    notes.append(["Herausgeber", PUBLISHER])
    notes.append(["Lizenz", f"{LICENSE['title']} ({LICENSE['path']})"])
    notes.append(["Programmjahre", ", ".join(str(y) for y in years) or "keine"])
    if region is not None:
        notes.append(["Gebietskörperschaft", safe_text(f"{region.name} ({region.ags})")])
    notes.append([])
    notes.append([cell(notes, t, header=True)
                  for t in ("Spalte", "Bezeichnung", "Typ", "Beschreibung")])
    for f in dataset.fields:
        notes.append([f.name, safe_text(f.title), f.type, safe_text(f.description)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def render(request: FileRequest) -> bytes:
    """The file's bytes."""
    rows = request.rows()
    if request.fmt == "csv":
        return render_csv(request.dataset, rows)
    if request.fmt == "json":
        return render_json(request.dataset, rows, years=request.years(), region=request.region)
    if request.fmt == "xlsx":
        return render_xlsx(request.dataset, rows, years=request.years(), region=request.region)
    raise Http404("Unbekanntes Format.")


# --- Frictionless Data Package ---------------------------------------------------------------

def table_schema(dataset: Dataset) -> dict:
    schema: dict = {"fields": [
        {"name": f.name, "type": f.type, "title": f.title, "description": f.description}
        for f in dataset.fields]}
    schema["missingValues"] = [""]
    key = list(getattr(dataset, "primary_key", ()) or ())
    if key:
        schema["primaryKey"] = key
    return schema


def _resource(dataset: Dataset, year: int | None, schema: dict) -> dict:
    path = file_name(dataset, "csv", year=year)
    title = f"{dataset.title}, {year}" if year is not None else \
        f"{dataset.title}, alle veröffentlichten Programmjahre"
    return {
        "name": path.removesuffix(".csv"),
        "path": path,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                    "lineTerminator": "\r\n", "header": True},
        "schema": schema,
    }


def datapackage(dataset: Dataset) -> dict:
    """The Data Package descriptor (profile tabular-data-package): one CSV resource per
    published year (if the dataset has yearly files) and one across all published years, with
    paths relative to the descriptor, so it is valid served and as an exported directory."""
    schema = table_schema(dataset)
    years = dataset.years() if dataset.per_year else []
    descriptor = {
        "profile": "tabular-data-package",
        "name": dataset.slug,
        "title": dataset.title,
        "description": dataset.description,
        "keywords": list(dataset.keywords),
        "licenses": [dict(LICENSE)],
        "contributors": [{"title": PUBLISHER, "role": "publisher"}],
        "resources": [_resource(dataset, y, schema) for y in years] +
                     [_resource(dataset, None, schema)],
    }
    base = getattr(settings, "AQB_BASE_URL", "")
    if base:
        descriptor["homepage"] = base.rstrip("/") + "/opendata/"
    return descriptor


def datapackage_bytes(dataset: Dataset) -> bytes:
    return (json.dumps(datapackage(dataset), ensure_ascii=False, indent=2) + "\n").encode()
