"""The limits refuse big files before anything parses them (no timed tests: the parsers are
replaced by ones that fail the test when called), and memory stays bounded (tracemalloc
against a generous bound)."""

from __future__ import annotations

import io
import os
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from aqb.ui.uploads import MAX_LIST_BYTES, MAX_SCAN_BYTES, MAX_TABLE_BYTES

from .test_hostile_uploads import SIGN, _snapshot


def _parsers_must_not_run(monkeypatch):
    """Every library that would parse a spreadsheet, document or PDF fails the test."""
    import docx
    import openpyxl
    import pdfplumber
    import pypdf
    import python_calamine

    def called(*args, **kwargs):
        raise AssertionError("a parser ran before the limits were checked")

    for module, name in ((python_calamine.CalamineWorkbook, "from_path"),
                         (openpyxl, "load_workbook"), (docx, "Document"),
                         (pdfplumber, "open"), (pypdf, "PdfReader")):
        monkeypatch.setattr(module, name, called)
    monkeypatch.setattr("aqb.funding.passon_upload.csv.reader", called, raising=False)
    monkeypatch.setattr("aqb.budgets.indicators._Reader.read_rows", called)


@pytest.fixture(scope="module")
def oversize(tmp_path_factory):
    """A file 1 byte over the 20 MB limit of documents and small tables."""
    assert MAX_SCAN_BYTES == MAX_TABLE_BYTES
    path = tmp_path_factory.mktemp("gross") / "gross.bin"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * (MAX_SCAN_BYTES - 8))
    return path.read_bytes()


FORMS = [
    ("agreement_sign_form", "signed_by_ministry", "region_user", "scan", SIGN, "gross.pdf"),
    ("agreement_import_form", "wf_agreement", "ministry_user", "file", {}, "gross.pdf"),
    ("indicators_form", "programme_year", "ministry_user", "file", {"name": "Groß"},
     "gross.csv"),
    ("passon_form", "expense_report", "provider_user", "file", {}, "gross.csv"),
    ("funding_attachment_form", "draft_application", "region_user", "file", {}, "gross.pdf"),
    ("conference_document_form", "conference", "ministry_user", "file",
     {"kind": "slides"}, "gross.pdf"),
]


def _url(entry, obj):
    return {
        "agreement_sign_form": lambda: f"/zielvereinbarungen/{obj.pk}/unterschrift/region/",
        "agreement_import_form": lambda: "/zielvereinbarungen/einlesen/",
        "indicators_form": lambda: "/programmjahre/2025/planung/indikatoren/neu/",
        "passon_form": lambda: f"/foerderung/ausgabenberichte/{obj.pk}/hochladen/",
        "funding_attachment_form": lambda: f"/foerderung/antraege/{obj.pk}/anlagen/neu/",
        "conference_document_form": lambda: f"/tagungen/{obj.pk}/dokumente/neu/",
    }[entry]()


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "world", "role", "field", "data", "name"), FORMS,
                         ids=[f[0] for f in FORMS])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
        request, client, monkeypatch, oversize, entry, world, role, field, data, name):
    obj = request.getfixturevalue(world)
    client.force_login(request.getfixturevalue(role))
    _parsers_must_not_run(monkeypatch)
    before = _snapshot()
    response = client.post(_url(entry, obj), {**data, field: SimpleUploadedFile(name, oversize)})
    assert response.status_code == 400
    assert f"„{name}“ ist größer als 20 MB" in response.content.decode()
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_participant_list_over_200_mb_is_refused_by_its_size(tmp_path, project):
    path = tmp_path / "riesig.csv"
    with open(path, "wb") as f:  # sparse: no disk, no memory
        f.truncate(MAX_LIST_BYTES + 1)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("participants_import", str(path), region="06635", year=2025,
                     project="AP", stderr=err, stdout=io.StringIO())
    assert exit_.value.code == 2
    assert "„riesig.csv“ ist größer als 200 MB" in err.getvalue()


BOMBS = [("monitoring_cli", "zip-bombe.xlsx", "participants"),
         ("monitoring_cli", "viele-teile.xlsx", "participants"),
         ("indicators_form", "zip-bombe.xlsx", "indicators"),
         ("passon_form", "zip-bombe.xlsx", "passon"),
         ("agreement_cli", "zip-bombe.docx", "document"),
         ("conference_document_form", "zip-bombe.pptx", "document"),
         ("conference_document_form", "viele-teile.docx", "document")]


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "name", "kind"), BOMBS, ids=[f"{e}-{n}" for e, n, _ in BOMBS])
def test_zip_bombs_are_refused_from_the_zip_directory_before_any_parser_runs(
        request, client, monkeypatch, corpus_file, entry, name, kind):
    from .test_hostile_uploads import RUNNERS

    path = corpus_file(name, kind)
    _parsers_must_not_run(monkeypatch)
    before, outcome = RUNNERS[entry](request, client, name, path)
    assert outcome.refused
    assert ("entpackt größer als" in outcome.text or "stark gepackt" in outcome.text
            or "entpackt mehr als" in outcome.text
            or "mehr als 2000 Teilen" in outcome.text), outcome.text[-2000:]
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_big_files_stay_within_a_generous_memory_bound(project, corpus_file):
    """Peak Python memory while the participant import refuses the big files of the
    corpus: far below the file's unpacked size (300 MB zip bomb, 10 000 columns, a cell of a
    million characters)."""
    big = ["zip-bombe.xlsx", "10000-spalten.csv", "10000-spalten.xlsx", "lange-zelle.csv"]
    for name in big:
        path = corpus_file(name, "participants")
        tracemalloc.start()
        try:
            with pytest.raises(SystemExit):
                call_command("participants_import", str(path), region="06635", year=2025,
                             project="AP", stderr=io.StringIO(), stdout=io.StringIO())
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 64 * 1024 * 1024, f"{name}: {peak // 2**20} MB"
        assert os.path.getsize(path) < 64 * 1024 * 1024
