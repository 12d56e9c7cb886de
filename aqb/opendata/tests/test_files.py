"""The open datasets as files (CSV, JSON, XLSX), their Data Package descriptors, the export
command and the /opendata/ page: every file parses back to the rows of its dataset, nothing
of an unpublished year appears, and `frictionless validate` accepts every exported package."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from aqb.opendata import datasets as registry
from aqb.opendata import files, views_files
from aqb.opendata.datasets import Dataset, Field, datasets, file_url, package_url
from aqb.regions.models import Region

from .helpers import year_with_allocations

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(ministry_user):
    """2024 published, 2025 not (its allocations are 200 000 + 1 000 x n)."""
    year_with_allocations(ministry_user, 2024, publish=True)
    year_with_allocations(ministry_user, 2025, publish=False, base=200_000)


# --- reading the files back, typed by the dataset's schema ----------------------------------

def _typed(field: Field, text: str):
    if text == "":
        return None
    if field.type == "integer":
        return int(text)
    if field.type == "number":
        return Decimal(text)
    if field.type == "date":
        return date.fromisoformat(text)
    if field.type == "boolean":
        return {"true": True, "false": False}[text]
    return text


def read_csv(dataset: Dataset, content: bytes) -> list[dict]:
    assert not content.startswith(b"\xef\xbb\xbf"), "CSV ohne Byte-Order-Mark"
    reader = csv.DictReader(io.StringIO(content.decode("utf-8"), newline=""))
    assert reader.fieldnames == dataset.field_names
    fields = {f.name: f for f in dataset.fields}
    return [{k: _typed(fields[k], v) for k, v in row.items()} for row in reader]


def read_json(dataset: Dataset, content: bytes) -> tuple[dict, list[dict]]:
    doc = json.loads(content, parse_float=Decimal)
    dates = {f.name for f in dataset.fields if f.type == "date"}
    rows = [{k: date.fromisoformat(v) if k in dates and v is not None else v
             for k, v in row.items()} for row in doc["rows"]]
    return doc, rows


def read_xlsx(dataset: Dataset, content: bytes) -> list[dict]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == [files.DATA_SHEET, files.NOTES_SHEET]
    values = list(wb[files.DATA_SHEET].iter_rows(values_only=True))
    assert list(values[0]) == dataset.field_names
    fields = {f.name: f for f in dataset.fields}
    notes = "\n".join(str(c) for row in wb[files.NOTES_SHEET].iter_rows(values_only=True)
                      for c in row if c is not None)
    for f in dataset.fields:
        assert f.description in notes

    def typed(name, value):
        if value is None:
            return None
        if fields[name].type == "number":
            assert isinstance(value, int | float), f"{name}: keine Zahl in XLSX"
            return Decimal(str(value))
        if fields[name].type == "date":
            assert isinstance(value, datetime), f"{name}: kein Datum in XLSX"
            return value.date()
        return value

    return [{n: typed(n, v) for n, v in zip(dataset.field_names, row, strict=True)}
            for row in values[1:]]


def _same(parsed: list[dict], expected: list[dict]) -> None:
    assert len(parsed) == len(expected)
    for got, want in zip(parsed, expected, strict=True):
        assert set(got) == set(want)
        for key, value in want.items():
            assert got[key] == value, (key, got[key], value)
            if isinstance(value, Decimal) and isinstance(got[key], Decimal):
                assert got[key] == value.quantize(Decimal("0.01")) or \
                    value.as_tuple().exponent < -2


def fetch(client: Client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def test_every_file_of_every_dataset_parses_back_to_its_rows(two_years, region_wf):
    client = Client()
    for dataset in datasets():
        wanted = files.published_files(dataset)
        wanted += [files.FileRequest(dataset, fmt, None, region_wf) for fmt in files.FORMATS]
        # the published years (the agreements' also take years with a published agreement:
        # none here)
        years = dataset.years()
        assert years == [2024]
        assert {w.year for w in wanted} == ({*years, None} if dataset.per_year else {None})
        for w in wanted:
            response = fetch(client, file_url(dataset, w.fmt, year=w.year,
                                              ags=w.region.ags if w.region else None))
            expected = dataset.rows(year=w.year, region=w.region)
            assert response["Access-Control-Allow-Origin"] == "*"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert w.name in response["Content-Disposition"]
            if w.fmt == "csv":
                assert response["Content-Type"] == "text/csv; charset=utf-8"
                assert response["Content-Disposition"].startswith("attachment;")
                _same(read_csv(dataset, response.content), expected)
            elif w.fmt == "json":
                assert response["Content-Type"] == "application/json"
                assert response["Content-Disposition"].startswith("inline;")
                doc, rows = read_json(dataset, response.content)
                assert doc["dataset"] == dataset.slug and doc["title"] == dataset.title
                assert doc["license"]["name"] == "dl-by-de/2.0"
                assert doc["years"] == ([w.year] if w.year else years)
                assert [f["name"] for f in doc["fields"]] == dataset.field_names
                _same(rows, expected)
            else:
                assert response["Content-Type"].startswith("application/vnd.openxmlformats")
                assert response["Content-Disposition"].startswith("attachment;")
                _same(read_xlsx(dataset, response.content), expected)


def test_the_allocation_files_hold_the_published_amounts(two_years, region_wf):
    client = Client()
    text = fetch(client, file_url("zuweisungen", "csv", year=2024)).content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "jahr,ags,gebietskoerperschaft,zuweisung,aenderungen,zuweisung_aktuell"
    wf = next(line for line in lines if ",06635," in line)
    n = list(Region.objects.order_by("ags").values_list("ags", flat=True)).index("06635")
    amount = 100_000 + 1000 * n
    assert wf == (f"2024,06635,Landkreis Waldeck-Frankenberg,"
                  f"{amount}.00,-5000.00,{amount - 5000}.00")
    changes = fetch(client, file_url("aenderungen", "json", year=2024)).content.decode()
    assert '"betrag": -5000.00' in changes and '"wirksam_ab": "2024-07-01"' in changes


def test_an_unpublished_year_is_nowhere(two_years):
    client = Client()
    for dataset in datasets():
        for fmt in files.FORMATS:
            response = fetch(client, file_url(dataset, fmt, year=2025), 404)
            assert "nicht gefunden" in response.content.decode()
        all_years = fetch(client, file_url(dataset, "csv")).content.decode()
        assert not any(line.startswith("2025,") for line in all_years.splitlines())
        doc = json.loads(fetch(client, file_url(dataset, "json")).content)
        years = dataset.years()
        assert years == [2024]
        assert doc["years"] == years and all(r.get("jahr") != 2025 for r in doc["rows"])
        package = json.loads(fetch(client, package_url(dataset)).content)
        assert "2025" not in json.dumps(package)
        paths = [r["path"] for r in package["resources"]]
        assert paths == ([f"{dataset.slug}-{y}.csv" for y in years] if dataset.per_year
                         else []) + \
            [f"{dataset.slug}-alle-jahre.csv"]
    assert "200000" not in fetch(client, file_url("zuweisungen", "csv")).content.decode()


@pytest.mark.parametrize("path", [
    "/opendata/daten/gibtsnicht/gibtsnicht-2024.csv",
    "/opendata/daten/gibtsnicht/datapackage.json",
    "/opendata/daten/zuweisungen/zuweisungen-2024.txt",
    "/opendata/daten/zuweisungen/zuweisungen-1999.csv",
    "/opendata/daten/zuweisungen/zuweisungen-alle-jahre-06999.csv",
    "/opendata/daten/zuweisungen/zuweisungen-2024-06635.csv",
    "/opendata/daten/zuweisungen/aenderungen-2024.csv",
    "/opendata/daten/zuweisungen/zuweisungen-alle-jahre.CSV",
    "/opendata/daten/zuweisungen/zuweisungen-alle.csv",
    "/opendata/daten/zuweisungen/zuweisungen-2024.csv.csv",
])
def test_unknown_files_are_a_german_404(two_years, path):
    response = Client().get(path)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_files_only_answer_get_and_head(two_years):
    client = Client()
    url = file_url("zuweisungen", "csv")
    assert client.post(url).status_code == 405
    head = client.head(url)
    assert head.status_code == 200 and head["Access-Control-Allow-Origin"] == "*"


# --- formula neutralisation -----------------------------------------------------------------

def test_cells_neutralise_text_but_keep_numbers_and_dates():
    for text in ("=SUMME(A1)", "+49", "-x", "@ref", "\tx", "\rx"):
        assert files.csv_cell(text) == "'" + text
        assert files.xlsx_cell(text) == "'" + text
        assert json.loads(files.json_value(text)) == text  # JSON keeps the text
    assert files.csv_cell("Kassel") == "Kassel" and files.csv_cell(None) == ""
    assert files.csv_cell(Decimal("-5000")) == "-5000.00"
    assert files.csv_cell(Decimal("-0.5")) == "-0.50"
    assert files.csv_cell(Decimal("1E+3")) == "1000.00"
    assert files.csv_cell(Decimal("1.2345")) == "1.2345"
    assert files.csv_cell(-3) == "-3" and files.csv_cell(True) == "true"
    assert files.csv_cell(date(2025, 7, 1)) == "2025-07-01"
    assert files.xlsx_cell(Decimal("-5000.00")) == Decimal("-5000.00")
    assert files.xlsx_cell(-3) == -3 and files.xlsx_cell(date(2025, 1, 2)) == date(2025, 1, 2)
    assert files.json_value(Decimal("-5000")) == "-5000.00"
    assert files.json_value(Decimal("12.30")) == "12.30"
    assert files.json_value(None) == "null" and files.json_value(date(2025, 1, 2)) == \
        '"2025-01-02"'
    with pytest.raises(TypeError):
        files.csv_cell(1.5)
    with pytest.raises(TypeError):
        files.json_value(1.5)


CRAFTED_ROWS = [
    {"jahr": 2024, "name": "=HYPERLINK(\"http://example.org\";\"klick\")",
     "betrag": Decimal("-12.50"), "tag": date(2024, 3, 1)},
    {"jahr": 2024, "name": "-Rest", "betrag": Decimal("7"), "tag": None},
    {"jahr": 2024, "name": "Gießen, \"Nord\"\nzweite Zeile", "betrag": None,
     "tag": date(2024, 12, 31)},
]


@pytest.fixture
def crafted(monkeypatch):
    dataset = Dataset(
        slug="formeltest", title="Test: Formeln", description="Nur für den Test.",
        themes=("GOVE",), keywords=("Test",),
        fields=(registry.YEAR, Field("name", "string", "Name", "Ein Text."),
                Field("betrag", "number", "Betrag", "Euro."),
                Field("tag", "date", "Tag", "Ein Datum.")),
        row_function=lambda years, region: [r for r in CRAFTED_ROWS if r["jahr"] in years])
    monkeypatch.setitem(registry._REGISTRY, dataset.slug, dataset)
    return dataset


def test_a_dataset_with_formula_text_is_neutralised_in_csv_and_xlsx(two_years, crafted):
    client = Client()
    url = file_url(crafted, "csv", year=2024)
    rows = read_csv(crafted, fetch(client, url).content)
    assert [r["name"] for r in rows] == ["'" + CRAFTED_ROWS[0]["name"], "'-Rest",
                                         CRAFTED_ROWS[2]["name"]]
    assert [r["betrag"] for r in rows] == [Decimal("-12.50"), Decimal("7.00"), None]
    assert [r["tag"] for r in rows] == [date(2024, 3, 1), None, date(2024, 12, 31)]
    xlsx = read_xlsx(crafted, fetch(client, file_url(crafted, "xlsx")).content)
    assert [r["name"] for r in xlsx] == [r["name"] for r in rows]
    assert xlsx[0]["betrag"] == Decimal("-12.5")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(fetch(client, file_url(crafted, "xlsx")).content))
    assert all(cell.data_type != "f" for row in wb[files.DATA_SHEET].iter_rows()
               for cell in row)
    _, json_rows = read_json(crafted, fetch(client, file_url(crafted, "json")).content)
    assert json_rows == CRAFTED_ROWS  # JSON: the text unchanged, the amounts exact


# --- descriptor, export, frictionless -------------------------------------------------------

def test_the_descriptor_names_licence_schema_and_relative_paths(two_years):
    response = fetch(Client(), package_url("zuweisungen"))
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    package = json.loads(response.content)
    assert package["profile"] == "tabular-data-package" and package["name"] == "zuweisungen"
    assert package["licenses"] == [{
        "name": "dl-by-de/2.0", "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "path": "https://www.govdata.de/dl-de/by-2-0"}]
    for resource in package["resources"]:
        assert "/" not in resource["path"]
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == registry.ALLOCATIONS.field_names
        assert all(f["title"] and f["description"] and f["type"] for f in schema["fields"])
        assert schema["primaryKey"] == ["jahr", "ags"]


def test_export_writes_every_dataset_and_frictionless_accepts_each_package(
        two_years, tmp_path, crafted):
    from frictionless import validate

    out = io.StringIO()
    call_command("opendata_export", str(tmp_path / "export"), stdout=out)
    client = Client()
    for dataset in datasets():
        folder = tmp_path / "export" / dataset.slug
        assert f"{dataset.slug}: " in out.getvalue()
        names = {p.name for p in folder.iterdir()}
        assert names == {w.name for w in files.published_files(dataset)} | {"datapackage.json"}
        for w in files.published_files(dataset):  # the very bytes served
            served = fetch(client, file_url(dataset, w.fmt, year=w.year)).content
            if w.fmt != "xlsx":  # XLSX carries the zip entries' times
                assert (folder / w.name).read_bytes() == served
        assert (folder / "datapackage.json").read_bytes() == \
            fetch(client, package_url(dataset)).content
        report = validate(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(["type", "note", "rowNumber", "fieldName"])


def test_frictionless_finds_a_broken_file(two_years, tmp_path):
    """The validation is real: a CSV that breaks its schema fails it."""
    from frictionless import validate

    call_command("opendata_export", str(tmp_path), "--datensatz", "zuweisungen",
                 stdout=io.StringIO())
    path = tmp_path / "zuweisungen" / "zuweisungen-2024.csv"
    path.write_text(path.read_text().replace("-5000.00", "minus fünftausend"))
    assert not validate(str(tmp_path / "zuweisungen" / "datapackage.json")).valid


def test_export_with_regions_and_errors_in_german(two_years, tmp_path):
    out = io.StringIO()
    call_command("opendata_export", str(tmp_path), "--datensatz", "zuweisungen",
                 "--regionen", stdout=out)
    assert (tmp_path / "zuweisungen" / "zuweisungen-alle-jahre-06635.xlsx").exists()
    assert "1 Datensätze" in out.getvalue()
    blocker = tmp_path / "datei"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="kein Verzeichnis"):
        call_command("opendata_export", str(blocker), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Unbekannter Datensatz"):
        call_command("opendata_export", str(tmp_path), "--datensatz", "gibtsnicht",
                     stdout=io.StringIO())
    (tmp_path / "fest").mkdir()
    (tmp_path / "fest" / "zuweisungen").write_text("keine Mappe")
    with pytest.raises(CommandError, match="konnten nicht geschrieben werden"):
        call_command("opendata_export", str(tmp_path / "fest"), stdout=io.StringIO())


# --- the page and the cache -----------------------------------------------------------------

def test_the_page_lists_every_dataset_with_its_files(two_years):
    body = fetch(Client(), "/opendata/").content.decode()
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in body
    for dataset in datasets():
        assert dataset.title in body and dataset.description in body
        assert f'href="{package_url(dataset)}"' in body
        for fmt in files.FORMATS:
            assert f'href="{file_url(dataset, fmt)}"' in body
            assert f'href="{file_url(dataset, fmt, year=2024)}"' in body
            assert f'href="{file_url(dataset, fmt, ags="06635")}"' in body
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in body
    assert "-2025." not in body
    assert '<th scope="col" class="kern-table__header">Umfang</th>' in body
    assert '<th scope="row" class="kern-table__header">2024</th>' in body


def test_files_and_page_come_from_the_cache_with_etag(two_years, monkeypatch):
    calls = []
    render = files.render
    monkeypatch.setattr(files, "render", lambda w: calls.append(w.name) or render(w))
    client = Client()
    url = file_url("zuweisungen", "csv", year=2024)
    first = fetch(client, url)
    second = fetch(client, url)
    assert calls == ["zuweisungen-2024.csv"] and second.content == first.content
    assert second["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    package = fetch(client, package_url("zuweisungen"))
    assert client.get(package_url("zuweisungen"),
                      HTTP_IF_NONE_MATCH=package["ETag"]).status_code == 304

    pages = []
    page_render = views_files.render
    monkeypatch.setattr(views_files, "render",
                        lambda *a, **k: pages.append(1) or page_render(*a, **k))
    page = fetch(client, "/opendata/")
    assert fetch(client, "/opendata/").content == page.content and pages == [1]
    assert client.get("/opendata/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304


def test_a_new_publication_changes_the_files(ministry_user, two_years):
    from aqb.budgets.models import ProgrammeYear
    from aqb.opendata.services import year_publish

    client = Client()
    url = file_url("zuweisungen", "csv")
    before = fetch(client, url)
    year_publish(actor=ministry_user, programme_year=ProgrammeYear.objects.get(year=2025))
    after = fetch(client, url)
    assert after["ETag"] != before["ETag"]
    assert any(line.startswith("2025,") for line in after.content.decode().splitlines())
    assert fetch(client, file_url("zuweisungen", "csv", year=2025)).status_code == 200
