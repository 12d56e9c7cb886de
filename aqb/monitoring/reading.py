"""Reading a participant file row by row: CSV (German Excel) or XLSX, with limits checked
before anything is parsed.

CSV: the delimiter is taken from the header line (`;` as German Excel writes it, else `,`,
else a tab); the encoding is UTF-8 (with or without BOM) when the whole file decodes as
UTF-8, else cp1252 (Excel's "CSV (Trennzeichen-getrennt)" on Windows). The file is read in
blocks, never whole. XLSX: the first sheet, read with python-calamine, which is fast but holds
the sheet in memory (about 1.5 KB per row of the participant file, measured); a sheet whose
unpacked size (from the ZIP directory, before anything is parsed) is above
`MAX_XLSX_SHEET_BYTES` is read instead by `_xlsx_streamed` (expat, in blocks, constant memory
but for the table of shared strings), so no list is ever held whole.

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

from aqb.ui.uploads import (
    MAX_LIST_BYTES,
    UploadRefused,
    check_zip,
    csv_error_text,
    csv_reader,
    mb,
)

MAX_FILE_BYTES = MAX_LIST_BYTES
MAX_XLSX_SHEET_BYTES = 160 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_CELLS = 40
MAX_CELL_CHARS = 200
_BLOCK = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"


class FileUnreadable(Exception):
    """The file is no participant file we can read (exit 2 on the command line)."""


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
        raise FileUnreadable(f"„{name}“ ist größer als {mb(MAX_FILE_BYTES)}. Bitte die Liste "
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
            if isinstance(cell, str) and "\x00" in cell:
                raise FileUnreadable(f"„{name}“, Zeile {line}: ein Feld enthält Nullzeichen; "
                                     "das ist keine Teilnehmendenliste.")
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
        reader = csv_reader(f, delimiter=delimiter)
        start = 1
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise FileUnreadable(f"„{name}“, Zeile {start}: nicht als CSV lesbar "
                                 f"({csv_error_text(exc)}).") from None


# --- XLSX -----------------------------------------------------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _first_sheet(z: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """The first sheet of the workbook (in the workbook's order, as calamine takes it)."""
    import xml.etree.ElementTree as ET

    try:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        sheet = book.find(f"{{{_MAIN_NS}}}sheets/{{{_MAIN_NS}}}sheet")
        rid = sheet.get(f"{{{_REL_NS}}}id") if sheet is not None else None
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        target = target.lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        return z.getinfo(path)
    except (KeyError, StopIteration, ET.ParseError, AttributeError):
        sheets = sorted((i for i in z.infolist()
                         if i.filename.startswith("xl/worksheets/sheet")),
                        key=lambda i: i.filename)
        if not sheets:
            raise FileUnreadable(f"„{name}“ enthält kein Tabellenblatt.") from None
        return sheets[0]


def _xlsx_rows(path: Path, name: str) -> Iterator[tuple[int, list]]:
    try:
        check_zip(path, name, kind="list")
    except UploadRefused as exc:
        raise FileUnreadable(str(exc)) from None
    try:
        with zipfile.ZipFile(path) as z:
            size = _first_sheet(z, name).file_size
    except zipfile.BadZipFile:
        raise FileUnreadable(f"„{name}“ ist keine lesbare XLSX-Datei.") from None
    if size > MAX_XLSX_SHEET_BYTES:
        yield from _xlsx_streamed(path, name)
    else:
        yield from _xlsx_calamine(path, name)


def _xlsx_calamine(path: Path, name: str) -> Iterator[tuple[int, list]]:
    from python_calamine import CalamineWorkbook

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


def _column_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1


def _xlsx_streamed(path: Path, name: str) -> Iterator[tuple[int, list]]:
    """A big sheet read with expat in blocks: memory stays flat whatever the number of rows
    (only the shared strings table is held). Cells come as text, numbers as float, booleans
    as bool; a date cell is its serial day number (the import reads it as a date)."""
    import xml.parsers.expat

    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise FileUnreadable(f"„{name}“ ist keine lesbare XLSX-Datei.") from None
    with z:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in z.namelist():
            shared = _shared_strings(z)
        done: list[tuple[int, list]] = []
        state = {"row": 0, "cells": [], "col": 0, "type": "", "text": None, "in_value": False}

        def start(tag, attrs):
            tag = tag.rsplit(":", 1)[-1]
            if tag == "row":
                state["row"] = int(attrs.get("r") or state["row"] + 1)
                state["cells"] = []
            elif tag == "c":
                ref = attrs.get("r")
                state["col"] = _column_index(ref) if ref else len(state["cells"])
                state["type"] = attrs.get("t", "n")
                state["text"] = None
            elif tag in ("v", "t"):
                state["in_value"] = True
                if state["text"] is None:
                    state["text"] = []

        def end(tag):
            tag = tag.rsplit(":", 1)[-1]
            if tag in ("v", "t"):
                state["in_value"] = False
            elif tag == "c":
                parts = state["text"]
                if parts is None:
                    return
                text = "".join(parts)
                kind = state["type"]
                if kind == "s":
                    value = shared[int(text)] if text.isdigit() and int(text) < len(shared) \
                        else ""
                elif kind == "b":
                    value = text == "1"
                elif kind in ("str", "inlineStr", "e"):
                    value = text
                else:
                    try:
                        value = float(text)
                    except ValueError:
                        value = text
                cells = state["cells"]
                col = state["col"]
                if col >= MAX_CELLS * 4:
                    raise FileUnreadable(f"„{name}“, Zeile {state['row']}: mehr als "
                                         f"{MAX_CELLS} Spalten; das ist keine "
                                         "Teilnehmendenliste.")
                if len(cells) < col:
                    cells.extend([""] * (col - len(cells)))
                cells.append(value)
            elif tag == "row":
                cells = state["cells"]
                if any(c != "" for c in cells):
                    done.append((state["row"], cells))

        def data(text):
            if state["in_value"]:
                state["text"].append(text)

        parser = xml.parsers.expat.ParserCreate()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data
        try:
            with z.open(_first_sheet(z, name)) as sheet:
                while block := sheet.read(_BLOCK):
                    parser.Parse(block, False)
                    yield from done
                    done.clear()
                parser.Parse(b"", True)
                yield from done
        except (xml.parsers.expat.ExpatError, zipfile.BadZipFile, OSError, EOFError):
            raise FileUnreadable(f"„{name}“: das erste Tabellenblatt ist nicht lesbar.") \
                from None


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    import xml.etree.ElementTree as ET

    strings: list[str] = []
    try:
        with z.open("xl/sharedStrings.xml") as f:
            for _, element in ET.iterparse(f, events=("end",)):
                if element.tag == f"{{{_MAIN_NS}}}si":
                    strings.append("".join(t.text or "" for t in element.iter(
                        f"{{{_MAIN_NS}}}t")))
                    element.clear()
    except ET.ParseError:
        raise FileUnreadable("Die Tabelle der Texte (sharedStrings) ist nicht lesbar.") \
            from None
    return strings
