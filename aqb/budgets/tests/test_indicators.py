"""Tests for aqb.budgets.indicators (reading the indicator upload)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from aqb.budgets.indicators import (
    MAX_ERRORS,
    IndicatorFileError,
    IndicatorTable,
    read_indicator_file,
)

D = Decimal
EXPECTED = ["06411", "06412", "06413"]


def write_csv(
    tmp_path: Path, text: str, name: str = "indikatoren.csv", *, bom: bool = False
) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def write_xlsx(
    tmp_path: Path,
    rows: list[list[object]],
    name: str = "indikatoren.xlsx",
    *,
    first_cell: tuple[int, int] = (1, 1),
) -> Path:
    """Write ``rows`` into the first sheet starting at (row, column), 1-based."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Indikatoren"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.cell(row=first_cell[0] + r, column=first_cell[1] + c, value=value)
    workbook.create_sheet("Zweites Blatt")["A1"] = "wird ignoriert"
    path = tmp_path / name
    workbook.save(path)
    return path


def read_errors(path: Path, expected: list[str] = EXPECTED, **kwargs: str) -> list[str]:
    with pytest.raises(IndicatorFileError) as info:
        read_indicator_file(path, expected_ags=expected, **kwargs)
    assert info.value.errors
    assert "konnte nicht übernommen werden" in str(info.value)
    return info.value.errors


# --- successful reads --------------------------------------------------------------------


def test_semicolon_csv_with_german_numbers_and_bom(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "AGS;Arbeitslose;SGB-II-Quote\r\n"
        "06411;12.345;7,5\r\n"
        "6412;1.234,56;10\r\n"
        '"06413";"0";0,25\r\n'
        ";;\r\n",
        bom=True,
    )
    table = read_indicator_file(path, expected_ags=EXPECTED)
    assert table == IndicatorTable(
        indicators=["Arbeitslose", "SGB-II-Quote"],
        values={
            "06411": {"Arbeitslose": D("12345"), "SGB-II-Quote": D("7.5")},
            "06412": {"Arbeitslose": D("1234.56"), "SGB-II-Quote": D("10")},
            "06413": {"Arbeitslose": D("0"), "SGB-II-Quote": D("0.25")},
        },
    )


def test_comma_csv_plain_numbers_without_bom(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        'ags,arbeitslose,quote\n6413,3,0.5\n06411,1,"1,5"\n06412,2,1234.5\n\n',
    )
    table = read_indicator_file(path, expected_ags=EXPECTED)
    assert table.indicators == ["arbeitslose", "quote"]
    assert list(table.values) == EXPECTED  # sorted by AGS
    assert table.values["06411"] == {"arbeitslose": D(1), "quote": D("1.5")}
    assert table.values["06412"]["quote"] == D("1234.5")
    assert table.values["06413"]["quote"] == D("0.5")


def test_tab_separated_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Ags\tx\n06411\t1\n06412\t2\n06413\t3\n", name="daten.txt")
    table = read_indicator_file(path, expected_ags=EXPECTED)
    assert table.values["06413"] == {"x": D(3)}


def test_xlsx_numeric_and_text_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        [
            ["AGS", "Arbeitslose", "Quote"],
            [6411, 12345, 0.1],
            ["06412", "1.234,56", 7.25],
            [6413.0, 0, "3,5 "],
        ],
    )
    table = read_indicator_file(path, expected_ags=EXPECTED)
    assert table.values == {
        "06411": {"Arbeitslose": D("12345"), "Quote": D("0.1")},
        "06412": {"Arbeitslose": D("1234.56"), "Quote": D("7.25")},
        "06413": {"Arbeitslose": D("0"), "Quote": D("3.5")},
    }


def test_xlsx_detected_by_content_and_filename_used(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["ags", "x"], [6411, 1], [6412, 2], [6413, 3]], name="upload.tmp")
    table = read_indicator_file(path, expected_ags=EXPECTED, filename="Indikatoren 2026.xlsx")
    assert table.values["06412"] == {"x": D(2)}


# --- errors: every message names file, row and column -------------------------------------


def test_negative_value_message_exact(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "ags;Schüler;Arbeitslose\n\n06411;1;2\n\n06412;1;2\n\n06413;1;-12\n",
    )
    assert read_errors(path) == [
        "indikatoren.csv, Zeile 7, Spalte C (Arbeitslose): „-12“ ist negativ."
    ]


def test_collects_every_problem_with_row_and_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "AGS;Arbeitslose;Quote\n"
        "06411;abc;1\n"  # row 2: non-numeric
        "06411;1;2\n"  # row 3: duplicate
        "06999;1;2\n"  # row 4: unknown region
        "06412;;2\n"  # row 5: empty value
        "x12;1;2\n"  # row 6: invalid key
        ";1;2\n"  # row 7: key missing
        "06413;1\n",  # row 8: short row -> value missing
    )
    errors = read_errors(path)
    assert errors == [
        "indikatoren.csv, Zeile 2, Spalte B (Arbeitslose): „abc“ ist keine Zahl.",
        "indikatoren.csv, Zeile 3, Spalte A (AGS): Die Region 06411 kommt doppelt vor "
        "(bereits in Zeile 2).",
        "indikatoren.csv, Zeile 4, Spalte A (AGS): „06999“ ist keine der erwarteten Regionen "
        "(unbekannter Regionalschlüssel).",
        "indikatoren.csv, Zeile 5, Spalte B (Arbeitslose): Der Wert fehlt.",
        "indikatoren.csv, Zeile 6, Spalte A (AGS): „x12“ ist kein gültiger Regionalschlüssel "
        "(AGS, fünf Ziffern wie 06411).",
        "indikatoren.csv, Zeile 7, Spalte A (AGS): Der Regionalschlüssel (AGS) fehlt.",
        "indikatoren.csv, Zeile 8, Spalte C (Quote): Der Wert fehlt.",
    ]


def test_missing_regions_are_listed(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "ags;x\n06412;1\n")
    assert read_errors(path) == [
        "indikatoren.csv: Es fehlen Zeilen für 2 Region(en): 06411, 06413."
    ]


def test_header_only_lists_all_regions(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "ags;x\n")
    assert read_errors(path) == [
        "indikatoren.csv: Es fehlen Zeilen für 3 Region(en): 06411, 06412, 06413."
    ]


def test_missing_ags_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Region;Arbeitslose\n06411;1\n")
    errors = read_errors(path)
    assert errors == [
        "indikatoren.csv, Zeile 1: Es fehlt die Spalte „ags“ mit dem Regionalschlüssel "
        "(gefundene Überschriften: „Region“, „Arbeitslose“)."
    ]


def test_no_indicator_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "ags\n06411\n")
    assert "keine Spalte mit Indikatorwerten" in read_errors(path)[0]


def test_duplicate_header_and_value_without_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "ags;x;X;\n06411;1;1;\n06412;2;2;\n06413;3;3;9\n")
    assert read_errors(path) == [
        "indikatoren.csv, Zeile 1, Spalte C (X): Die Überschrift „X“ kommt doppelt vor "
        "(auch in Spalte B).",
        "indikatoren.csv, Zeile 2, Spalte C: Der Wert „1“ steht in einer Spalte ohne "
        "(gültige) Überschrift.",
        "indikatoren.csv, Zeile 3, Spalte C: Der Wert „2“ steht in einer Spalte ohne "
        "(gültige) Überschrift.",
        "indikatoren.csv, Zeile 4, Spalte C: Der Wert „3“ steht in einer Spalte ohne "
        "(gültige) Überschrift.",
        "indikatoren.csv, Zeile 4, Spalte D: Der Wert „9“ steht in einer Spalte ohne "
        "(gültige) Überschrift.",
    ]


def test_xlsx_errors_name_excel_row_and_column(tmp_path: Path) -> None:
    # table starts at B3: header row 3, data rows 4-6, columns B-D
    path = write_xlsx(
        tmp_path,
        [
            ["AGS", "Arbeitslose", "Stichtag"],
            [6411, -3, 1],
            [6412, "viele", dt.date(2024, 12, 31)],
            [6411, True, None],
        ],
        first_cell=(3, 2),
    )
    assert read_errors(path) == [
        "indikatoren.xlsx, Zeile 4, Spalte C (Arbeitslose): „-3“ ist negativ.",
        "indikatoren.xlsx, Zeile 5, Spalte C (Arbeitslose): „viele“ ist keine Zahl.",
        "indikatoren.xlsx, Zeile 5, Spalte D (Stichtag): „31.12.2024“ ist ein Datum oder "
        "eine Uhrzeit, keine Zahl.",
        "indikatoren.xlsx, Zeile 6, Spalte B (AGS): Die Region 06411 kommt doppelt vor "
        "(bereits in Zeile 4).",
        "indikatoren.xlsx, Zeile 6, Spalte C (Arbeitslose): „WAHR“ ist keine Zahl.",
        "indikatoren.xlsx, Zeile 6, Spalte D (Stichtag): Der Wert fehlt.",
        "indikatoren.xlsx: Es fehlen Zeilen für 1 Region(en): 06413.",
    ]


def test_xlsx_negative_float_and_unknown_numeric_key(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["ags", "x"], [6411, 1], [6412, -0.5], [6413, 2], [6499, 1]])
    assert read_errors(path) == [
        "indikatoren.xlsx, Zeile 3, Spalte B (x): „-0,5“ ist negativ.",
        "indikatoren.xlsx, Zeile 5, Spalte A (ags): „06499“ ist keine der erwarteten "
        "Regionen (unbekannter Regionalschlüssel).",
    ]


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b";;;\n;;\n"])
def test_empty_csv(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "leer.csv"
    path.write_bytes(content)
    assert read_errors(path) == ["leer.csv: Die Datei ist leer."]


def test_empty_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "leer.xlsx"
    openpyxl.Workbook().save(path)
    assert read_errors(path) == ["leer.xlsx: Die Datei ist leer."]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes("ags;Schüler\n06411;1\n".encode("cp1252"))
    errors = read_errors(path)
    assert errors == [
        "ansi.csv, Zeile 1: Die Datei ist nicht UTF-8-kodiert. Bitte in Excel als "
        "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern."
    ]


def test_xlsx_name_but_not_excel(tmp_path: Path) -> None:
    path = tmp_path / "daten.xlsx"
    path.write_text("ags;x\n06411;1\n", encoding="utf-8")
    assert "keine gültige Excel-Datei" in read_errors(path)[0]


def test_broken_zip_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    errors = read_errors(path)
    assert len(errors) == 1
    assert errors[0].startswith("kaputt.xlsx: Die Datei ist keine lesbare XLSX-Datei")


def test_missing_file(tmp_path: Path) -> None:
    errors = read_errors(tmp_path / "gibtsnicht.csv")
    assert errors[0].startswith("gibtsnicht.csv: Die Datei konnte nicht geöffnet werden")


def test_unparseable_csv(tmp_path: Path) -> None:
    path = tmp_path / "riesig.csv"
    path.write_bytes(b'ags;x\n06411;"' + b"1" * 200_000 + b'"\n')  # beyond the cell limit
    assert read_errors(path)[0] == (
        "riesig.csv, Zeile 2: Die Datei konnte nicht als CSV-Datei gelesen werden (ein Feld ist "
        "länger als 10.000 Zeichen).")


def test_a_long_field_reads_the_same_after_a_library_raised_the_csv_limit(tmp_path: Path):
    """Python's csv field limit is process-wide; frictionless raises it at import."""
    import csv

    path = tmp_path / "riesig.csv"
    path.write_bytes(b'ags;x\n06411;"' + b"1" * 200_000 + b'"\n')
    before = csv.field_size_limit(2**31 - 1)
    try:
        assert read_errors(path)[0].startswith(
            "riesig.csv, Zeile 2: Die Datei konnte nicht als CSV-Datei gelesen werden")
    finally:
        csv.field_size_limit(before)


def test_filename_argument_and_summary(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "ags;x\n06411;-1\n06412;a\n06413;1\n", name="tmp123")
    with pytest.raises(IndicatorFileError) as info:
        read_indicator_file(path, expected_ags=EXPECTED, filename="Indikatoren.csv")
    error = info.value
    assert error.filename == "Indikatoren.csv"
    assert all(e.startswith("Indikatoren.csv, Zeile ") for e in error.errors)
    assert str(error) == (
        "Die Datei „Indikatoren.csv“ konnte nicht übernommen werden: 2 Fehler gefunden. "
        "Erster Fehler: Indikatoren.csv, Zeile 2, Spalte B (x): „-1“ ist negativ."
    )
    assert isinstance(error, ValueError)


def test_error_list_is_capped(tmp_path: Path) -> None:
    lines = "".join(f"{n:05d};1\n" for n in range(10_000, 10_000 + MAX_ERRORS + 20))
    path = write_csv(tmp_path, "ags;x\n" + lines)
    errors = read_errors(path)
    assert len(errors) == MAX_ERRORS + 1
    assert errors[-1] == "indikatoren.csv: … und 21 weitere Fehler."


def test_many_columns_use_excel_letters(tmp_path: Path) -> None:
    header = ["ags"] + [f"i{n}" for n in range(1, 28)]
    values = ["1"] * 26 + ["-1"]
    rows = "".join(f"{a};" + ";".join(values) + "\n" for a in EXPECTED)
    path = write_csv(tmp_path, ";".join(header) + "\n" + rows)
    assert read_errors(path)[0] == "indikatoren.csv, Zeile 2, Spalte AB (i27): „-1“ ist negativ."
