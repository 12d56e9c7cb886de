"""The template files of the participant import (CSV and XLSX), generated from the columns
and the vocabulary the import checks against, so they cannot drift.

CSV: the header in line 1, then a block of comment lines (starting with "#", skipped by the
import) that lists every column's allowed values. XLSX: the header on the first sheet
"Teilnehmende", the allowed values on a second sheet "Zulässige Werte".
"""

from __future__ import annotations

import csv
import io

from aqb.budgets.exports import safe_text

from .importing import COLUMNS, DESCRIPTIONS, NAME_COLUMNS, REQUIRED, allowed_values

CSV_NAME = "Teilnehmende-Vorlage.csv"
XLSX_NAME = "Teilnehmende-Vorlage.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _required(column: str) -> str:
    if column in REQUIRED:
        return "Pflicht"
    if column == "teilnehmer_id" or column in NAME_COLUMNS:
        return "Pflicht: teilnehmer_id oder alle drei Namensfelder"
    return "freiwillig (leer = nicht bekannt)"


def explanation() -> list[tuple[str, str, str]]:
    """(column, required?, allowed values or description) for every column."""
    allowed = allowed_values()
    return [(c, _required(c), allowed.get(c) or DESCRIPTIONS.get(c, "")) for c in COLUMNS]


def template_csv() -> bytes:
    """UTF-8 with BOM (so Excel shows the umlauts), `;` as German Excel writes it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(["# Vorlage der Teilnehmendenliste. Zeilen, die mit # beginnen, werden "
                     "nicht eingelesen. Werte ohne Beachtung von Groß-/Kleinschreibung."])
    writer.writerow(["# Entweder teilnehmer_id oder vorname, nachname und geburtsdatum "
                     "(diese drei werden sofort verschlüsselt und nie gespeichert)."])
    for column, required, text in explanation():
        writer.writerow([safe_text(f"# {column}: {required}; {text}")])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Teilnehmende"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = \
            max(12, len(column) + 2)
        if column in ("eintritt", "austritt", "geburtsdatum", "wohnort_ags", "teilnehmer_id"):
            # text cells: dates stay as typed, the leading zero of 06635 is kept
            for row in range(2, 1002):
                sheet.cell(row, index).number_format = "@"
    values = book.create_sheet("Zulässige Werte")
    values.append(["Spalte", "Pflicht", "Zulässige Werte / Erläuterung"])
    for cell in values[1]:
        cell.font = Font(bold=True)
    for row in explanation():
        values.append([safe_text(v) for v in row])
    values.column_dimensions["A"].width = 22
    values.column_dimensions["B"].width = 40
    values.column_dimensions["C"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
