"""Reading the ministry's upload of indicator values per region (Indikatordatei).

Accepted formats:

* CSV, UTF-8 with or without BOM, delimiter ``;``, ``,`` or tab (taken from the
  header line: the most frequent of the three outside quotes; ties go to ``;``);
* Excel workbooks (``.xlsx``, also ``.xlsm``/``.xls``/``.ods``), first sheet, read
  with ``python_calamine``. The format is recognised by the file's content.

Layout: the first non-empty row is the header with a column ``ags`` (any case) and
one column per indicator; every further non-empty row holds one region. Region
keys (AGS) given as numbers (``6411``) are normalised to five digits (``"06411"``).
Values may be German (``"1.234,5"``) or plain (``"1234.5"``) numbers or numeric
Excel cells; they become :class:`~decimal.Decimal` without float arithmetic
(a float cell is converted via ``Decimal(repr(value))``).

All problems are collected; :class:`IndicatorFileError` carries every message in
``errors``. Each message names the file and, where it applies, the row as Excel
shows it (header = row 1 when the header is the first row) and the column (letter
and header). Rows are streamed; the file is never read as a whole (beyond what
calamine loads for a sheet).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from aqb.german.money import GermanNumberError, parse_decimal
from aqb.ui.uploads import (
    MAX_TABLE_BYTES,
    UploadRefused,
    check_zip,
    csv_error_text,
    csv_reader,
    formula_like,
)

__all__ = ["IndicatorFileError", "IndicatorTable", "read_indicator_file"]

AGS_COLUMN = "ags"
MAX_ERRORS = 500
#: limits of an indicator file (26 regions and a few indicators), checked while reading
MAX_ROWS = 1000          # rows read at all, blank ones included
MAX_COLUMNS = 200
MAX_CELL_CHARS = 200
_SNIFF_CHARS = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
_AGS_TEXT = re.compile(r"(\d{1,5})(?:\.0+)?")


@dataclass
class IndicatorTable:
    """Indicator values per region.

    ``indicators``: indicator names in column order.
    ``values``: AGS -> indicator name -> value (Decimal, >= 0), sorted by AGS.
    """

    indicators: list[str]
    values: dict[str, dict[str, Decimal]] = field(default_factory=dict)


class IndicatorFileError(ValueError):
    """The upload cannot be used. ``errors`` lists every problem (German)."""

    def __init__(self, errors: Sequence[str], *, filename: str = "") -> None:
        self.errors = list(errors)
        self.filename = filename
        subject = f"Die Datei „{filename}“" if filename else "Die Datei"
        if len(self.errors) == 1:
            message = f"{subject} konnte nicht übernommen werden: {self.errors[0]}"
        else:
            message = (
                f"{subject} konnte nicht übernommen werden: {len(self.errors)} Fehler "
                f"gefunden. Erster Fehler: {self.errors[0] if self.errors else '–'}"
            )
        super().__init__(message)


class _Fatal(Exception):
    """Internal: reading cannot continue; the message is already recorded."""


def read_indicator_file(
    path: Path | str,
    *,
    expected_ags: Collection[str],
    filename: str | None = None,
) -> IndicatorTable:
    """Read and check an indicator file; ``filename`` is the name shown in messages.

    ``expected_ags``: the region keys that must each occur exactly once.
    Raises :class:`IndicatorFileError` listing every problem found (at most
    :data:`MAX_ERRORS` messages plus one line counting the rest).
    """
    path = Path(path)
    reader = _Reader(filename or path.name, {str(ags) for ags in expected_ags})
    try:
        reader.read(path)
    except _Fatal:
        pass
    return reader.result()


class _Reader:
    """State of one read: collected errors and values."""

    def __init__(self, name: str, expected: set[str]) -> None:
        self.name = name
        self.expected = expected
        self.errors: list[str] = []
        self.error_count = 0
        self.indicators: list[str] = []
        self.values: dict[str, dict[str, Decimal]] = {}

    # -- errors ---------------------------------------------------------------------

    def error(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        """Record ``message`` located at ``row`` and ``column`` (e.g. ``"C (Arbeitslose)"``)."""
        parts = [self.name]
        if row is not None:
            parts.append(f"Zeile {row}")
        if column is not None:
            parts.append(f"Spalte {column}")
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{', '.join(parts)}: {message}")

    def fatal(self, message: str, *, row: int | None = None) -> _Fatal:
        self.error(message, row=row)
        return _Fatal()

    def result(self) -> IndicatorTable:
        if self.error_count:
            errors = list(self.errors)
            if self.error_count > len(errors):
                errors.append(
                    f"{self.name}: … und {self.error_count - len(errors)} weitere Fehler."
                )
            raise IndicatorFileError(errors, filename=self.name)
        return IndicatorTable(
            indicators=list(self.indicators),
            values={ags: self.values[ags] for ags in sorted(self.values)},
        )

    # -- reading --------------------------------------------------------------------

    def read(self, path: Path) -> None:
        try:
            with path.open("rb") as handle:
                head = handle.read(8)
        except OSError as error:
            raise self.fatal(
                f"Die Datei konnte nicht geöffnet werden ({error.strerror or error})."
            ) from error
        if not head:
            raise self.fatal("Die Datei ist leer.")
        if path.stat().st_size > MAX_TABLE_BYTES:
            raise self.fatal(f"Die Datei ist größer als {MAX_TABLE_BYTES // 2**20} MB.")
        if head.startswith(_ZIP_MAGIC):
            try:
                check_zip(path, self.name, kind="table")
            except UploadRefused as exc:
                raise self.fatal(str(exc).replace(f"„{self.name}“", "Die Datei", 1)) from None
        is_excel_content = head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC)
        suffix = Path(self.name).suffix.lower() or path.suffix.lower()
        if is_excel_content:
            self.read_excel(path)
        elif suffix in _EXCEL_SUFFIXES:
            raise self.fatal(
                "Die Datei ist keine gültige Excel-Datei. Erwartet wird eine Excel-Datei "
                "(.xlsx) oder eine CSV-Datei (UTF-8)."
            )
        else:
            self.read_csv(path)

    def read_csv(self, path: Path) -> None:
        reader = None
        try:
            delimiter = _sniff_delimiter(path)
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv_reader(handle, delimiter=delimiter)
                self.read_rows(reader, column_offset=0)
        except UnicodeDecodeError as error:
            raise self.fatal(
                "Die Datei ist nicht UTF-8-kodiert. Bitte in Excel als "
                "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern.",
                row=_undecodable_line(path),
            ) from error
        except csv.Error as error:
            raise self.fatal(
                f"Die Datei konnte nicht als CSV-Datei gelesen werden ({csv_error_text(error)}).",
                row=reader.line_num if reader is not None else None,
            ) from error
        except OSError as error:
            raise self.fatal(
                f"Die Datei konnte nicht gelesen werden ({error.strerror or error})."
            ) from error

    def read_excel(self, path: Path) -> None:
        try:
            workbook = CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises several unrelated types
            raise self.fatal(
                "Die Datei konnte nicht als Excel-Datei gelesen werden (beschädigt, "
                "verschlüsselt oder kein unterstütztes Format)."
            ) from error
        try:
            if not workbook.sheet_names:
                raise self.fatal("Die Datei ist leer.")
            try:
                sheet = workbook.get_sheet_by_index(0)
                rows: Iterable[Sequence[object]] = sheet.iter_rows()
            except Exception as error:  # calamine raises several unrelated types
                raise self.fatal("Das erste Tabellenblatt konnte nicht gelesen werden.") \
                    from error
            # calamine yields rows from row 1, but columns from the first used one
            offset = sheet.start[1] if sheet.start else 0
            try:
                self.read_rows(rows, column_offset=offset)
            except _Fatal:
                raise
            except Exception as error:  # calamine raises several unrelated types
                raise self.fatal("Das erste Tabellenblatt konnte nicht gelesen werden.") \
                    from error
        finally:
            workbook.close()

    def read_rows(self, rows: Iterable[Sequence[object]], *, column_offset: int) -> None:
        """Check the header and every data row; ``rows`` yields Excel rows 1, 2, ..."""
        numbered: Iterator[tuple[int, Sequence[object]]] = (
            (number, row) for number, row in self.limited(rows) if not _is_blank(row)
        )
        header = next(numbered, None)
        if header is None:
            raise self.fatal("Die Datei ist leer.")
        columns = self.read_header(*header, column_offset=column_offset)
        seen: dict[str, int] = {}
        for number, row in numbered:
            self.read_row(number, row, columns, seen, column_offset=column_offset)
        missing = sorted(self.expected - seen.keys())
        if missing:
            self.error(f"Es fehlen Zeilen für {len(missing)} Region(en): {', '.join(missing)}.")

    def limited(self, rows: Iterable[Sequence[object]]) -> Iterator[tuple[int, Sequence[object]]]:
        """The rows numbered from 1, refused past the limits of rows, columns and cells."""
        for number, row in enumerate(rows, start=1):
            if number > MAX_ROWS:
                raise self.fatal(f"Die Datei hat mehr als {MAX_ROWS} Zeilen; eine "
                                 "Indikatordatei hat eine Zeile je Region.", row=number)
            if len(row) > MAX_COLUMNS and any(not _is_empty(c) for c in row[MAX_COLUMNS:]):
                raise self.fatal(f"Die Zeile hat mehr als {MAX_COLUMNS} Spalten.", row=number)
            for index, cell in enumerate(row):
                if isinstance(cell, str) and (len(cell) > MAX_CELL_CHARS or "\x00" in cell):
                    what = (f"ist länger als {MAX_CELL_CHARS} Zeichen" if "\x00" not in cell
                            else "enthält Nullzeichen")
                    raise self.fatal(f"Spalte {_column_letter(index)}: das Feld {what}.",
                                     row=number)
            yield number, row

    def read_header(self, number: int, row: Sequence[object], *, column_offset: int) -> _Columns:
        ags_index: int | None = None
        indicators: dict[int, str] = {}
        first_seen: dict[str, int] = {}
        for index, cell in enumerate(row):
            title = _cell_text(cell).strip()
            if not title:
                continue
            letter = _column_letter(index + column_offset)
            folded = title.casefold()
            if folded in first_seen:
                other = _column_letter(first_seen[folded] + column_offset)
                self.error(
                    f"Die Überschrift „{title}“ kommt doppelt vor (auch in Spalte {other}).",
                    row=number,
                    column=f"{letter} ({title})",
                )
                continue
            first_seen[folded] = index
            if formula_like(title):
                self.error(f"Die Überschrift „{title}“ sieht aus wie eine Tabellenformel "
                           "(beginnt mit „=“, „+“, „-“ oder „@“); Formeln werden nicht "
                           "übernommen.", row=number, column=letter)
                continue
            if folded == AGS_COLUMN:
                ags_index = index
            else:
                indicators[index] = title
        found = ", ".join(f"„{_cell_text(c).strip()}“" for c in row if _cell_text(c).strip())
        if ags_index is None:
            raise self.fatal(
                "Es fehlt die Spalte „ags“ mit dem Regionalschlüssel "
                f"(gefundene Überschriften: {found or 'keine'}).",
                row=number,
            )
        if not indicators:
            raise self.fatal(
                "Neben der Spalte „ags“ gibt es keine Spalte mit Indikatorwerten.", row=number
            )
        self.indicators = list(indicators.values())
        return _Columns(
            ags_index=ags_index,
            ags_title=_cell_text(row[ags_index]).strip(),
            indicators=indicators,
        )

    def read_row(
        self,
        number: int,
        row: Sequence[object],
        columns: _Columns,
        seen: dict[str, int],
        *,
        column_offset: int,
    ) -> None:
        def where(index: int, title: str | None) -> str:
            letter = _column_letter(index + column_offset)
            return f"{letter} ({title})" if title else letter

        ags_cell = row[columns.ags_index] if columns.ags_index < len(row) else ""
        ags_where = where(columns.ags_index, columns.ags_title)
        ags: str | None = None
        if _is_empty(ags_cell):
            self.error("Der Regionalschlüssel (AGS) fehlt.", row=number, column=ags_where)
        else:
            ags = _normalise_ags(ags_cell)
            if ags is None:
                self.error(
                    f"„{_cell_text(ags_cell)}“ ist kein gültiger Regionalschlüssel "
                    "(AGS, fünf Ziffern wie 06411).",
                    row=number,
                    column=ags_where,
                )
            elif ags not in self.expected:
                self.error(
                    f"„{ags}“ ist keine der erwarteten Regionen (unbekannter Regionalschlüssel).",
                    row=number,
                    column=ags_where,
                )
                ags = None
            elif ags in seen:
                self.error(
                    f"Die Region {ags} kommt doppelt vor (bereits in Zeile {seen[ags]}).",
                    row=number,
                    column=ags_where,
                )
                ags = None
            else:
                seen[ags] = number

        values: dict[str, Decimal] = {}
        for index, title in columns.indicators.items():
            cell = row[index] if index < len(row) else ""
            value = self.read_value(cell, row=number, column=where(index, title))
            if value is not None:
                values[title] = value
        for index in range(len(row)):
            if index == columns.ags_index or index in columns.indicators:
                continue
            if not _is_empty(row[index]):
                self.error(
                    f"Der Wert „{_cell_text(row[index])}“ steht in einer Spalte ohne "
                    "(gültige) Überschrift.",
                    row=number,
                    column=where(index, None),
                )
        if ags is not None and len(values) == len(columns.indicators):
            self.values[ags] = values

    def read_value(self, cell: object, *, row: int, column: str) -> Decimal | None:
        """Convert one indicator cell; record an error and return None if unusable."""
        if _is_empty(cell):
            self.error("Der Wert fehlt.", row=row, column=column)
            return None
        text = _cell_text(cell)
        value = _cell_decimal(cell)
        if value is None:
            if isinstance(cell, dt.date | dt.time | dt.timedelta):
                message = f"„{text}“ ist ein Datum oder eine Uhrzeit, keine Zahl."
            else:
                message = f"„{text}“ ist keine Zahl."
            self.error(message, row=row, column=column)
            return None
        if value < 0:
            self.error(f"„{text}“ ist negativ.", row=row, column=column)
            return None
        return value


@dataclass(frozen=True)
class _Columns:
    """Positions (0-based, relative to the first column read) of the header."""

    ags_index: int
    ags_title: str
    indicators: dict[int, str]


# --- helpers -------------------------------------------------------------------------


def _sniff_delimiter(path: Path) -> str:
    """Delimiter of the first non-empty line: the most frequent of ``;``, ``,``, tab
    outside double quotes (ties and no delimiter at all: ``;``)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(_SNIFF_CHARS)
    line = next((text for text in sample.splitlines() if text.strip()), "")
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(counts, key=lambda d: (counts[d], d == ";"))


def _undecodable_line(path: Path) -> int | None:
    """The first line of the file that is not UTF-8 (the file is at most MAX_TABLE_BYTES)."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def _column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _is_empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _is_blank(row: Sequence[object]) -> bool:
    return all(_is_empty(cell) for cell in row)


def _cell_text(cell: object) -> str:
    """The cell as the user would recognise it (for messages and header names)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "WAHR" if cell else "FALSCH"
    if isinstance(cell, float):
        if cell.is_integer():
            return str(int(cell))
        return repr(cell).replace(".", ",")
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d.%m.%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d.%m.%Y")
    return str(cell).strip()


def _cell_decimal(cell: object) -> Decimal | None:
    """Exact Decimal of a numeric cell or number text; None if it is no number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell)) if math.isfinite(cell) else None
    if isinstance(cell, Decimal):
        return cell if cell.is_finite() else None
    if isinstance(cell, str):
        try:
            return parse_decimal(cell.strip())
        except GermanNumberError:
            return None
    return None


def _normalise_ags(cell: object) -> str | None:
    """``6411``, ``6411.0``, ``"6411"``, ``"06411"`` -> ``"06411"``; None if invalid."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, float):
        if not cell.is_integer():
            return None
        cell = int(cell)
    if isinstance(cell, int):
        text = str(cell) if cell >= 0 else ""
    else:
        text = str(cell).strip()
    match = _AGS_TEXT.fullmatch(text)
    return match.group(1).zfill(5) if match else None
