"""Every export neutralises formulas (issue 13, item 4).

A text cell from user data that starts with ``= + - @``, a tab or a carriage return would be
run as a formula by a spreadsheet; every CSV/XLSX the platform writes gets a leading
apostrophe there (aqb.budgets.exports.safe_text), while numbers, negative amounts included,
stay numbers. Covered: the shared Table exports (budget tables, funding work lists, survey
answers, steering and figure tables, participant records: all through
aqb.budgets.exports.export_response/csv_response), the open-data files (CSV, XLSX data and
notes sheet), the import's error list and the import templates. A guard test fails when a
module starts writing CSV or XLSX without going through the shared functions.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from aqb.budgets.exports import Table, csv_cell, export_response, safe_text, xlsx_cell

DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+49 561 1234", "-2+3", "@SUM(A1:A9)",
             "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]
HARMLESS = ["Projekt =1", "Träger e. V.", "", "06635", "'=schon"]

ROOT = Path(__file__).resolve().parent.parent / "aqb"

# The modules that write spreadsheets (CSV or XLSX), each through the shared functions.
WRITERS = {
    "budgets/exports.py",       # every Table export of the pages
    "monitoring/blanks.py",     # import templates
    "monitoring/import_tasks.py",  # error list of an import
    "opendata/files.py",        # open datasets
}


def _body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def _csv(raw: bytes, delimiter=";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def _xlsx(raw: bytes, sheet=None) -> list[list[object]]:
    wb = load_workbook(io.BytesIO(raw))
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_every_spreadsheet_writer_is_known_and_uses_the_shared_functions():
    found = set()
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or "/migrations/" in rel:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)\(|Workbook\(", text):
            found.add(rel)
            assert re.search(r"\b(safe_text|csv_cell|xlsx_cell)\(", text), rel
    assert found == WRITERS


@pytest.mark.parametrize("text", DANGEROUS)
def test_shared_cells_neutralise(text):
    from aqb.opendata import files

    assert safe_text(text) == "'" + text
    for cell in (csv_cell, xlsx_cell, files.csv_cell, files.xlsx_cell):
        assert cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_texts_stay(text):
    assert csv_cell(text) == text and xlsx_cell(text) == text


def test_negative_amounts_stay_numbers():
    from aqb.opendata import files

    assert csv_cell(Decimal("-5000")) == "-5000,00"
    assert xlsx_cell(Decimal("-5000.00")) == Decimal("-5000.00")
    assert csv_cell(-3) == "-3" and xlsx_cell(-3) == -3
    assert files.csv_cell(Decimal("-5000")) == "-5000.00"
    assert files.xlsx_cell(Decimal("-5000")) == Decimal("-5000")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_exports_neutralise_text_and_keep_numbers(fmt):
    """The one path of every page export (budgets, work lists, surveys, steering, figures,
    participant records)."""
    rows = [(t, Decimal("-1234.50"), -7, date(2025, 7, 1)) for t in DANGEROUS]
    table = Table("=Titel", ["=Spalte", "Betrag", "Zahl", "Datum"], rows, "test")
    raw = _body(export_response(table, fmt))
    if fmt == "csv":
        got = _csv(raw)
        assert got[0][0] == "'=Spalte"
        for (text, *_), line in zip(rows, got[1:], strict=True):
            assert line == ["'" + text, "-1234,50", "-7", "01.07.2025"]
    else:
        got = _xlsx(raw)
        assert got[0][0] == "'=Spalte"
        for (text, *_), line in zip(rows, got[1:], strict=True):
            assert line[0] == "'" + text
            assert line[1] == -1234.5 and line[2] == -7  # numeric cells


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_budget_change_export_through_the_page(client, ministry_user, fmt):
    """User text (the reason of a cut, the name of an earmark) neutralised; the negative
    delta of the cut stays a number."""
    from aqb.budgets import changes, planning, services
    from aqb.regions.models import Region

    py = services.programme_year_create(actor=ministry_user, year=2025,
                                        total=Decimal("5000000"))
    wf = Region.objects.get(ags="06635")
    services.allocation_set(actor=ministry_user, programme_year=py, region=wf,
                            amount=Decimal("100000"))
    earmark = services.earmark_save(actor=ministry_user, programme_year=py,
                                    name="@Zweckbindung", amount=Decimal("1000"))
    planning.earmark_distribute_fixed(actor=ministry_user, earmark=earmark,
                                      amounts={"06635": Decimal("1000")})
    changes.allocation_change_record(
        actor=ministry_user, programme_year=py, kind="cut", effective_date=date(2025, 7, 1),
        reason="=HYPERLINK(\"http://x\")", lines=[changes.ChangeLine(wf, None,
                                                                   Decimal("-5000"))])
    client.force_login(ministry_user)
    raw = _body(client.get(f"/programmjahre/2025/export/aenderungen.{fmt}"))
    rows = _csv(raw) if fmt == "csv" else _xlsx(raw)
    line = rows[1]
    assert "'=HYPERLINK(\"http://x\")" in line
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@", "\t", "\r"))
                   for r in rows for v in r)
    delta = line[rows[0].index("Änderung")]
    assert delta == ("-5000,00" if fmt == "csv" else -5000)
    raw = _body(client.get(f"/programmjahre/2025/export/zweckbindungen.{fmt}"))
    rows = _csv(raw) if fmt == "csv" else _xlsx(raw)
    assert any("'@Zweckbindung" in r for r in rows[1:])


def _dataset():
    field = SimpleNamespace(name="projekt", title="=Titel", type="string",
                            description="+Beschreibung")
    amount = SimpleNamespace(name="betrag", title="Betrag", type="number", description="")
    return SimpleNamespace(field_names=["projekt", "betrag"], title="-Datensatz",
                           description="@Beschreibung", fields=[field, amount])


def test_opendata_files_neutralise_text_and_keep_numbers():
    from aqb.opendata import files

    ds = _dataset()
    rows = [{"projekt": t, "betrag": Decimal("-5000.00")} for t in DANGEROUS]
    got = _csv(files.render_csv(ds, rows), delimiter=",")
    for text, line in zip(DANGEROUS, got[1:], strict=True):
        assert line == ["'" + text, "-5000.00"]
    region = SimpleNamespace(name="=Kreis", ags="06635")
    raw = files.render_xlsx(ds, rows, years=[2025], region=region)
    data = _xlsx(raw, files.DATA_SHEET)
    for text, line in zip(DANGEROUS, data[1:], strict=True):
        assert line == ["'" + text, -5000]
    notes = _xlsx(raw, files.NOTES_SHEET)
    for row in notes:
        for value in row:
            assert not (isinstance(value, str) and value.startswith(("=", "+", "-", "@"))), \
                value


def test_import_error_list_neutralises(tmp_path):
    from aqb.monitoring.import_tasks import errors_csv

    result = SimpleNamespace(errors=[{"row": 3, "column": "=x", "message": t}
                                     for t in DANGEROUS])
    path = tmp_path / "fehler.csv"
    errors_csv(result, path)
    got = _csv(path.read_bytes())
    for text, line in zip(DANGEROUS, got[1:], strict=True):
        assert line == ["3", "'=x", "'" + text]


def test_import_templates_have_no_formula():
    from aqb.monitoring import blanks

    for line in _csv(blanks.template_csv()):
        for value in line:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    wb = load_workbook(io.BytesIO(blanks.template_xlsx()))
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(("=", "+", "@"))), \
                    value
