"""Unreadable, oversized and unsigned documents: German messages that name only the user's
file, exit codes on the command line, and no crash on the web (issue 7, item 10)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import typst
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pypdf import PdfWriter

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement, Status
from aqb.agreements.reading import AgreementReadError, extract, extract_text
from aqb.regions.models import Region

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PATH = FIXTURES / "zielvereinbarung_2025_waldeck_frankenberg.txt"
SEED = SEED_PATH.read_text(encoding="utf-8")
IMPORT_URL = "/zielvereinbarungen/einlesen/"

#: Words of library messages ("No /Root object! - Is this really a PDF?", "Package not
#: found at '/tmp/...'", "There is no item named ...", "Unexpected EOF").
ENGLISH = re.compile(r"\b(?:the|is|not|no|found|error|object|package|archive|unexpected|"
                     r"really|file|item|named|password|incorrect)\b", re.IGNORECASE)


def _pdf(text: str = "Zielvereinbarung 2025") -> bytes:
    return typst.compile(f"{text}".encode())


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(_pdf()))
    writer.encrypt(user_password="geheim", owner_password="auch-geheim")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(**members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Zielvereinbarung 2025")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


UNREADABLE = {
    "kaputt.pdf": (lambda: b"%PDF-1.7\nthis is not what the extension says",
                   "ist keine lesbare PDF-Datei; sie ist beschädigt oder unvollständig."),
    "abgeschnitten.pdf": (lambda: _pdf()[:300],
                          "ist keine lesbare PDF-Datei; sie ist beschädigt oder unvollständig."),
    "geheim.pdf": (_encrypted_pdf, "ist verschlüsselt (kennwortgeschützt)"),
    "text.pdf": (lambda: b"this is not a pdf", "ist keine PDF-Datei."),
    "word.pdf": (_docx, "ist keine PDF-Datei (vermutlich eine Word-Datei)"),
    "archiv.docx": (lambda: _zip(**{"a.txt": "hallo"}),
                    "ist keine Word-Datei (DOCX): Es fehlt der Dokumentteil."),
    "kaputt.docx": (lambda: _zip(**{"[Content_Types].xml": "<kaputt", "word/document.xml": "<"}),
                    "ist keine lesbare Word-Datei (DOCX); sie ist beschädigt oder unvollständig."),
    "abgeschnitten.docx": (lambda: _docx()[:2000], "ist keine lesbare Word-Datei (DOCX)"),
    "pdf.docx": (_pdf, "ist keine Word-Datei, sondern eine PDF-Datei"),
    "pdf.txt": (_pdf, "ist keine Textdatei, sondern eine PDF-Datei"),
    "alt.doc": (lambda: b"\xd0\xcf\x11\xe0", "nicht unterstütztes Format („.doc“, ein älteres "
                                            "Word-Format); möglich sind PDF, DOCX und TXT."),
    "leer.pdf": (lambda: b"", "ist leer."),
}


def assert_german_naming_only(message: str, name: str, tmp_path: Path) -> None:
    assert message.startswith(f"Die Datei „{name}“ "), message
    assert str(tmp_path) not in message and "/tmp" not in message, message
    assert not ENGLISH.search(message.replace(name, "")), message


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_an_unreadable_file_gets_a_german_message_naming_it(tmp_path, name):
    content, expected = UNREADABLE[name]
    path = tmp_path / "upload-4711.bin"
    path.write_bytes(content())
    with pytest.raises(AgreementReadError) as caught:
        extract_text(path, filename=name)
    message = str(caught.value)
    assert expected in message
    assert_german_naming_only(message, name, tmp_path)
    assert caught.value.filename == name


def test_a_missing_file_is_named_without_its_folder(tmp_path):
    with pytest.raises(AgreementReadError) as caught:
        extract_text(tmp_path / "fehlt.pdf")
    assert str(caught.value) == ("Die Datei „fehlt.pdf“ ist nicht vorhanden oder kann nicht "
                                 "geöffnet werden.")


# ------------------------------------------------------------------ size limits


def test_a_text_beyond_the_character_limit_is_refused_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "MAX_CHARACTERS", 5_000)
    path = tmp_path / "riesig.txt"
    path.write_text(SEED, encoding="utf-8")
    with pytest.raises(AgreementReadError) as caught:
        extract_text(path)
    assert str(caught.value) == (
        "Die Datei „riesig.txt“ ist zu lang zum Einlesen: Sie enthält mehr als 5.000 Zeichen "
        "Text (eine Zielvereinbarung hat etwa 15.000). Bitte nur die Zielvereinbarung einlesen.")


def test_the_character_limit_holds_for_docx(tmp_path, monkeypatch):
    import docx

    monkeypatch.setattr(extract, "MAX_CHARACTERS", 5_000)
    document = docx.Document()
    for paragraph in SEED.split("\n\n"):
        document.add_paragraph(paragraph)
    path = tmp_path / "lang.docx"
    document.save(path)
    with pytest.raises(AgreementReadError, match="„lang.docx“ ist zu lang zum Einlesen"):
        extract_text(path)


def test_a_pdf_beyond_the_page_limit_is_refused_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "MAX_PDF_PAGES", 2)
    path = tmp_path / "dick.pdf"
    path.write_bytes(_pdf("Seite 1 #pagebreak() Seite 2 #pagebreak() Seite 3"))
    with pytest.raises(AgreementReadError) as caught:
        extract_text(path)
    assert str(caught.value) == (
        "Die Datei „dick.pdf“ hat 3 Seiten; eingelesen werden höchstens 2 Seiten "
        "(eine Zielvereinbarung hat etwa fünf).")


def test_a_file_beyond_the_byte_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "gross.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024 - 100))
    with pytest.raises(AgreementReadError) as caught:
        extract_text(path)
    assert str(caught.value) == ("Die Datei „gross.pdf“ ist zu groß zum Einlesen (3 MB; "
                                 "möglich sind höchstens 1 MB).")


def test_a_docx_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "MAX_DOCX_UNPACKED_BYTES", 1024 * 1024)
    path = tmp_path / "bombe.docx"
    path.write_bytes(_zip(**{"word/document.xml": " " * (2 * 1024 * 1024)}))
    with pytest.raises(AgreementReadError, match="„bombe.docx“ ist zu groß zum Einlesen"):
        extract_text(path)


# ------------------------------------------------------------- command line


def run(capsys, *args):
    code = 0
    try:
        call_command("agreement_import", *args)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("name", ["geheim.pdf", "archiv.docx", "pdf.docx"])
def test_the_cli_names_only_the_file_and_exits_2(capsys, tmp_path, db, name):
    content, expected = UNREADABLE[name]
    path = tmp_path / name
    path.write_bytes(content())
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    assert expected in err
    assert_german_naming_only(err.removeprefix("Fehler: ").strip(), name, tmp_path)


def test_the_cli_answers_a_wrong_call_in_german(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="^Fehler: es fehlt: DATEI$"):
        call_command("agreement_import")
    with pytest.raises(CommandError, match="^Fehler: unbekannte Angabe: --speichern$"):
        call_command("agreement_import", "zv.txt", "--speichern")


def _draft_rendering(tmp_path, ministry_user, year_2025, fmt="txt") -> Path:
    """The system's own draft, rendered by `aqb agreement_render` (nobody has signed; no
    allocation yet, so § 4 says "(Betrag nicht festgelegt)")."""
    ag.agreement_create_draft(actor=ministry_user, region=Region.objects.get(ags="06635"),
                              programme_year=year_2025)
    path = tmp_path / f"entwurf.{fmt}"
    call_command("agreement_render", "--region", "06635", "--year", "2025", "--format", fmt,
                 "--output", str(path))
    return path


def test_reading_the_systems_own_draft_reports_both_signatures_missing(
        capsys, tmp_path, ministry_user, year_2025):
    path = _draft_rendering(tmp_path, ministry_user, year_2025)
    code, out, err = run(capsys, str(path))
    assert code == 3
    data = json.loads(out)
    assert data["signatures"] == []
    assert data["budgets"] == [{"name": "Ausbildungs- und Qualifizierungsbudget",
                                "amount": None}]
    assert data["missing"] == ["budgets", "signature:ministry", "signature:region"]
    assert ("Nicht unterzeichnet, es fehlt: Haushaltsmittel (§ 4), Unterschrift des "
            "Ministeriums, Unterschrift der Gebietskörperschaft. Mit --save wird das Dokument "
            "als Entwurf gespeichert.") in err


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_saving_the_systems_own_draft_stores_a_draft_without_crashing(
        capsys, tmp_path, ministry_user, year_2025, fmt):
    path = _draft_rendering(tmp_path, ministry_user, year_2025, fmt)
    code, _, err = run(capsys, str(path), "--save")
    assert code == 0, err
    assert "nicht unterzeichnet, als Entwurf" in err
    imported = Agreement.objects.get(is_current=True)
    assert imported.version == 2 and imported.status == Status.DRAFT
    assert not imported.signatures.exists() and not imported.signed_file
    assert [(b.name, b.amount) for b in imported.budget_lines.all()] == [
        ("Ausbildungs- und Qualifizierungsbudget", None)]


def test_a_document_signed_by_one_party_only_is_not_saved(capsys, tmp_path, ministry_user,
                                                          year_2025):
    path = tmp_path / "halb.txt"
    path.write_text(SEED.replace("Korbach, den 13. Aug. 2025", "Korbach, den ____________"),
                    encoding="utf-8")
    code, out, err = run(capsys, str(path), "--save")
    assert code == 3
    assert json.loads(out)["missing"] == ["signature:region"]
    assert "Unterschrift der Gebietskörperschaft" in err and "Nicht gespeichert." in err
    assert not Agreement.objects.exists()


# ----------------------------------------------------------------------- web


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_the_import_page_shows_german_messages_naming_only_the_upload(client, ministry_user,
                                                                      year_2025, name):
    content, expected = UNREADABLE[name]
    client.force_login(ministry_user)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content()),
                                        "save": "ja"})
    page = response.content.decode()
    if not content():
        assert response.status_code == 400 and "leer" in page  # Django's own check
        return
    assert response.status_code == 400
    message = response.context["form"].errors["file"][0]
    assert expected in message
    assert_german_naming_only(message, name, Path("/tmp"))
    assert not Agreement.objects.exists()


def test_the_import_page_refuses_an_oversized_upload_by_name(client, ministry_user, year_2025,
                                                            monkeypatch):
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 1024)
    client.force_login(ministry_user)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("dick.txt", b"x" * 4096)})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "Die Datei „dick.txt“ ist zu groß zum Einlesen (4 KB; möglich sind höchstens 1 KB)."]


def test_the_import_page_saves_the_systems_own_draft_as_a_draft(client, tmp_path,
                                                                 ministry_user, year_2025):
    path = _draft_rendering(tmp_path, ministry_user, year_2025)
    client.force_login(ministry_user)
    response = client.post(IMPORT_URL, {
        "file": SimpleUploadedFile("entwurf.txt", path.read_bytes()), "save": "ja"})
    assert response.status_code == 302
    imported = Agreement.objects.get(is_current=True)
    assert imported.status == Status.DRAFT and imported.version == 2
    assert not imported.signatures.exists()


def test_a_field_longer_than_the_database_holds_is_refused_in_german(capsys, tmp_path,
                                                                     ministry_user, year_2025):
    long_name = "Heike " + "Hofmann-" * 20 + "Schmidt"
    path = tmp_path / "lang.txt"
    path.write_text(SEED.replace("Heike Hofmann", long_name), encoding="utf-8")
    code, out, err = run(capsys, str(path), "--save")
    assert json.loads(out)["signatures"][0]["name"] == long_name
    assert code == 1
    assert "Nicht gespeichert: Der Name (Unterschrift des Ministeriums) ist zu lang (höchstens " \
           "150 Zeichen)" in err
    assert not Agreement.objects.exists()
