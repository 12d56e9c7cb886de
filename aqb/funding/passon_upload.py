"""Reading a provider's expense lines from a CSV or XLSX file: columns Datum, Empfänger,
Zweck, Betrag, Belegnummer (by their headings in the first row, in any order). Every error
names the file, row and column in German; the caller saves all lines or none
(`passon.expense_lines_replace`)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from aqb.german.dates import parse_date
from aqb.german.money import GermanNumberError, MoneyError, money_check, parse_money
from aqb.ui.uploads import (
    MAX_TABLE_BYTES,
    UploadRefused,
    check_zip,
    csv_error_text,
    csv_reader,
    display_name,
    formula_like,
)

from .passon import LineInput

MAX_ROWS = 5000          # rows read at all, blank ones included
MAX_COLUMNS = 30
MAX_CELL_CHARS = 1000    # the fields themselves allow 60 to 300 characters
HEADINGS = {"datum": "date", "empfänger": "payee", "empfaenger": "payee", "zweck": "purpose",
            "betrag": "amount", "belegnummer": "voucher", "beleg": "voucher"}
COLUMNS = {"date": "Datum", "payee": "Empfänger", "purpose": "Zweck", "amount": "Betrag",
           "voucher": "Belegnummer"}


def _rows(upload, name: str):
    lower = name.lower()
    if getattr(upload, "size", 0) > MAX_TABLE_BYTES:
        raise ValidationError(f"{name}: die Datei ist größer als {MAX_TABLE_BYTES // 2**20} MB.")
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            upload.seek(0)
            check_zip(upload, name, kind="table")
            upload.seek(0)
        except UploadRefused as exc:
            raise ValidationError(str(exc)) from None
        try:
            book = load_workbook(upload, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any broken file is the user's, say so in German
            raise ValidationError(f"{name}: die Datei ist keine lesbare XLSX-Datei.") from None
        try:
            yield from book.worksheets[0].iter_rows(values_only=True)
        except Exception:  # noqa: BLE001 - a damaged sheet
            raise ValidationError(f"{name}: die Tabelle ist beschädigt und nicht lesbar.") \
                from None
        return
    if not lower.endswith(".csv"):
        raise ValidationError(f"{name}: bitte eine CSV- oder XLSX-Datei hochladen.")
    raw = upload.read(MAX_TABLE_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv_reader(io.StringIO(text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ValidationError(f"{name}, Zeile {reader.line_num}: die Datei ist keine lesbare "
                              f"CSV-Datei ({csv_error_text(exc)}).") from None


def read_lines(upload, name: str) -> tuple[list[LineInput], list[int]]:
    """The lines of the file and their row numbers; ValidationError listing every error."""
    name = display_name(name)
    rows = _rows(upload, name)
    try:
        header = next(rows)
    except StopIteration:
        raise ValidationError(f"{name}: die Datei ist leer.") from None
    _check_row(name, 1, header)
    index = {}
    for i, cell in enumerate(header or ()):
        key = HEADINGS.get(str(cell or "").strip().lower())
        if key and key not in index:
            index[key] = i
    missing = [COLUMNS[k] for k in COLUMNS if k not in index]
    if missing:
        raise ValidationError(f"{name}, Zeile 1: es fehlen die Spalten {', '.join(missing)}.")
    lines, numbers, errors = [], [], []
    for n, row in enumerate(rows, start=2):
        if n > MAX_ROWS + 1:
            raise ValidationError(f"{name}: höchstens {MAX_ROWS} Ausgaben je Datei.")
        _check_row(name, n, row)
        cells = {k: (row[i] if i < len(row) else None) for k, i in index.items()}
        if all(v in (None, "") or str(v).strip() == "" for v in cells.values()):
            continue
        values = {}
        for key, value in cells.items():
            where = f"{name}, Zeile {n}, Spalte {COLUMNS[key]}"
            try:
                values[key] = _value(key, value)
            except (ValueError, MoneyError, GermanNumberError) as exc:
                errors.append(f"{where}: {exc}")
        if len(values) == len(cells):
            lines.append(LineInput(**values))
            numbers.append(n)
    if errors:
        raise ValidationError(errors)
    if not lines:
        raise ValidationError(f"{name}: die Datei enthält keine Ausgabe (nur die Kopfzeile "
                              "oder leere Zeilen).")
    return lines, numbers


def _check_row(name: str, n: int, row) -> None:
    """The limits of columns and cells; no NUL characters (before any value is read)."""
    row = row or ()
    if len(row) > MAX_COLUMNS and any(c not in (None, "") for c in row[MAX_COLUMNS:]):
        raise ValidationError(f"{name}, Zeile {n}: mehr als {MAX_COLUMNS} Spalten; das ist "
                              "keine Liste von Ausgaben.")
    for cell in row:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise ValidationError(f"{name}, Zeile {n}: ein Feld ist länger als "
                                  f"{MAX_CELL_CHARS} Zeichen.")
        if isinstance(cell, str) and "\x00" in cell:
            raise ValidationError(f"{name}, Zeile {n}: ein Feld enthält Nullzeichen.")


def _value(key: str, value):
    if key == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value or "").strip()
        if not text:
            raise ValueError("bitte ein Datum angeben.")
        try:
            return parse_date(text)
        except ValueError:
            raise ValueError(f"„{text}“ ist kein Datum wie „31.03.2025“.") from None
    if key == "amount":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return money_check(Decimal(str(value)))  # a number cell of the spreadsheet
        return parse_money(str(value or "").strip())
    text = str(value or "").strip()
    if formula_like(text):
        raise ValueError("der Wert beginnt mit „=“, „+“, „-“ oder „@“ und sieht aus wie eine "
                         "Tabellenformel; Formeln werden nicht übernommen.")
    return text
