"""XLSX and CSV export of the tables shown on the budget pages.

Formula injection is neutralised: a text cell starting with ``= + - @``, tab or carriage
return gets a leading apostrophe. Numbers stay numbers (Decimal/int become numeric cells in
XLSX, German decimal comma without grouping in CSV). Rows are streamed.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import FileResponse, Http404, StreamingHttpResponse

from aqb.german.money import round_cents
from aqb.ui.downloads import attachment

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")


@dataclass
class Table:
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[object]]
    filename: str  # without extension
    footer: Sequence[object] | None = None  # a sum row, shown on the page, not exported


def safe_text(value: str) -> str:
    """A text that a spreadsheet cannot take for a formula."""
    return "'" + value if value.startswith(DANGEROUS_START) else value


def _is_number(value: object) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def _normalised(value: Decimal) -> Decimal:
    """At least two places: the same figure reads the same whatever database summed it
    (SQLite returns sums without scale, PostgreSQL with)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return round_cents(value)
    return value


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if _is_number(value):
        return f"{_normalised(value):f}".replace(".", ",") if isinstance(value, Decimal) \
            else str(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        raise TypeError("Keine Gleitkommazahlen im Export.")
    return safe_text(str(value))


def xlsx_cell(value: object) -> object:
    if value is None or _is_number(value) or isinstance(value, date):
        return value
    if isinstance(value, float):
        raise TypeError("Keine Gleitkommazahlen im Export.")
    return safe_text(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(table: Table) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([csv_cell(c) for c in table.columns])
    for row in table.rows:
        yield writer.writerow([csv_cell(v) for v in row])


def csv_response(table: Table) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(table), content_type="text/csv; charset=utf-8")
    return attachment(response, f"{table.filename}.csv")


def xlsx_response(table: Table) -> FileResponse:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=re.sub(r"[\\*?:/\[\]\x00-\x1f]", "-", table.title)[:31].strip("' ")
                         or "Tabelle")
    ws.append([xlsx_cell(c) for c in table.columns])
    for row in table.rows:
        ws.append([xlsx_cell(v) for v in row])
    tmp = tempfile.TemporaryFile()
    wb.save(tmp)
    tmp.seek(0)
    response = FileResponse(
        tmp, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return attachment(response, f"{table.filename}.xlsx")


def export_response(table: Table, fmt: str):
    if fmt == "csv":
        return csv_response(table)
    if fmt == "xlsx":
        return xlsx_response(table)
    raise Http404("Unbekanntes Format.")
