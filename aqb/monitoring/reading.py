"""Reading a participant file row by row: CSV (German Excel) or XLSX, with limits checked
before anything is parsed.

CSV: the delimiter is taken from the header line (`;` as German Excel writes it, else `,`,
else a tab); the encoding is UTF-8 (with or without BOM) when the whole file decodes as
UTF-8, else cp1252 (Excel's "CSV (Trennzeichen-getrennt)" on Windows). The file is read in
blocks, never whole. XLSX: the first sheet, read with python-calamine. calamine holds one
sheet in memory (about 1.5 KB per row of the participant file), so the sheet's unpacked size
is limited (`MAX_XLSX_SHEET_BYTES`, checked from the ZIP directory before calamine opens the
file): larger lists are imported as CSV, which streams with constant memory.

`rows(path, name)` yields `(line, cells)`: the line number in the file (header = 1; for a
CSV row with line breaks inside quotes, the line it starts on; in XLSX the sheet's row) and
the cells (str, or int/float/date/datetime/bool from XLSX). Blank rows are skipped.
A file that cannot be read raises `FileUnreadable` (German message naming the file).
"""

from __future__ import annotations

import codecs
import csv
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_XLSX_SHEET_BYTES = 160 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_CELLS = 40
MAX_CELL_CHARS = 200
_BLOCK = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"


class FileUnreadable(Exception):
    """The file is no participant file we can read (exit 2 on the command line)."""


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def file_kind(path: Path, name: str) -> str:
    """"csv" or "xlsx", from the content (a ZIP is an XLSX), refusing what is neither."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileUnreadable(f"„{name}“ ist eine alte Excel-Datei (.xls). Bitte als .xlsx oder "
                             "als CSV speichern.")
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise FileUnreadable(f"„{name}“ ist keine lesbare XLSX-Datei.")
    return "csv"


def check_size(path: Path, name: str) -> None:
    size = os.path.getsize(path)
    if size == 0:
        raise FileUnreadable(f"„{name}“ ist leer.")
    if size > MAX_FILE_BYTES:
        raise FileUnreadable(f"„{name}“ ist größer als {_mb(MAX_FILE_BYTES)}. Bitte die Liste "
                             "in mehrere Dateien aufteilen.")


def rows(path: Path | str, name: str) -> Iterator[tuple[int, list]]:
    """The non-blank rows of the file with their line numbers; limits enforced."""
    path = Path(path)
    check_size(path, name)
    kind = file_kind(path, name)
    source = _xlsx_rows(path, name) if kind == "xlsx" else _csv_rows(path, name)
    count = 0
    for line, cells in source:
        count += 1
        if count > MAX_ROWS + 1:
            raise FileUnreadable(f"„{name}“ hat mehr als {MAX_ROWS:,} Zeilen. Bitte die Liste "
                                 "in mehrere Dateien aufteilen.".replace(",", "."))
        if len(cells) > MAX_CELLS:
            while cells and (cells[-1] is None or cells[-1] == ""):
                cells.pop()
            if len(cells) > MAX_CELLS:
                raise FileUnreadable(f"„{name}“, Zeile {line}: mehr als {MAX_CELLS} Spalten; "
                                     "das ist keine Teilnehmendenliste.")
        for cell in cells:
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise FileUnreadable(f"„{name}“, Zeile {line}: ein Feld ist länger als "
                                     f"{MAX_CELL_CHARS} Zeichen; das ist keine "
                                     "Teilnehmendenliste.")
        yield line, cells


# --- CSV ------------------------------------------------------------------------------------

def _encoding(path: Path) -> str:
    """utf-8-sig when the whole file decodes as UTF-8 (checked block by block), else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while block := f.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _csv_rows(path: Path, name: str) -> Iterator[tuple[int, list]]:
    encoding = _encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        first = f.readline(64 * 1024)
        delimiter = _delimiter(first)
        f.seek(0)
        reader = csv.reader(f, delimiter=delimiter)
        csv.field_size_limit(MAX_CELL_CHARS * 10)
        start = 1
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise FileUnreadable(f"„{name}“, Zeile {start}: nicht als CSV lesbar "
                                 f"({_csv_reason(exc)}).") from None


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger" in text:
        return f"ein Feld ist länger als {MAX_CELL_CHARS * 10} Zeichen"
    if "NUL" in text or "null" in text:
        return "die Datei enthält Nullzeichen, sie ist wohl keine Textdatei"
    return "Anführungszeichen nicht geschlossen" if "quote" in text else text


# --- XLSX -----------------------------------------------------------------------------------

def _first_sheet_size(path: Path, name: str) -> int:
    try:
        with zipfile.ZipFile(path) as z:
            sheets = sorted((i for i in z.infolist()
                             if i.filename.startswith("xl/worksheets/sheet")),
                            key=lambda i: i.filename)
            if not sheets:
                raise FileUnreadable(f"„{name}“ enthält kein Tabellenblatt.")
            by_name = {i.filename: i for i in sheets}
            info = by_name.get("xl/worksheets/sheet1.xml", sheets[0])
            return info.file_size
    except zipfile.BadZipFile:
        raise FileUnreadable(f"„{name}“ ist keine lesbare XLSX-Datei.") from None


def _xlsx_rows(path: Path, name: str) -> Iterator[tuple[int, list]]:
    from python_calamine import CalamineWorkbook

    if _first_sheet_size(path, name) > MAX_XLSX_SHEET_BYTES:
        raise FileUnreadable(
            f"„{name}“ ist als XLSX zu groß (Tabellenblatt entpackt über "
            f"{_mb(MAX_XLSX_SHEET_BYTES)}, etwa 150.000 Zeilen). Bitte große Listen als CSV "
            "hochladen (in Excel: Speichern unter, „CSV (Trennzeichen-getrennt)“).")
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 - calamine raises several unrelated types
        raise FileUnreadable(f"„{name}“ ist keine lesbare XLSX-Datei (beschädigt oder "
                             "verschlüsselt).") from None
    try:
        try:
            sheet = workbook.get_sheet_by_index(0)
        except Exception:  # noqa: BLE001
            raise FileUnreadable(f"„{name}“: das erste Tabellenblatt ist nicht lesbar.") \
                from None
        # calamine yields the rows from the sheet's first row, the cells from its first used
        # column on
        pad = [""] * (sheet.start[1] if sheet.start else 0)
        for index, cells in enumerate(sheet.iter_rows()):
            if any(c != "" and c is not None for c in cells):
                yield index + 1, pad + cells if pad else cells
    finally:
        workbook.close()
