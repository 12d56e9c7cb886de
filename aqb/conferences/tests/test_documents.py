"""Documents: PDF, PPTX and DOCX checked on upload, stored, served as safe downloads to the
state and the regions; bad files refused with a German message and no row."""

import pytest
from django.test import Client
from django.urls import reverse

from aqb.conferences import services
from aqb.conferences.models import ConferenceDocument
from tests.test_url_access import pdf_bytes

from .conftest import office_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,content,suffix", [
    ("folien.pdf", pdf_bytes(), "pdf"),
    ("Folien Kassel.pptx", office_bytes("pptx"), "pptx"),
    ("protokoll.docx", office_bytes("docx"), "docx"),
])
def test_it_keeps_pdf_pptx_and_docx(conference, ministry, name, content, suffix):
    doc = services.document_add(actor=ministry, conference=conference, kind="slides",
                                title="", content=content, filename=name)
    assert doc.suffix == suffix and doc.file.read() == content
    assert doc.file.name.startswith("tagungen/") and "Kassel" not in doc.file.name


@pytest.mark.parametrize("name,content,message", [
    ("leer.pdf", b"", "ist leer"),
    ("seite.html", b"<html><script>alert(1)</script></html>", "keine erlaubte Datei"),
    ("falsch.pdf", b"%PDF-1.4 kaputt", "keine lesbare PDF-Datei"),
    ("vortrag.pptx", b"kein zip", "keine PPTX-Datei"),
    ("vortrag.pptx", office_bytes("docx"), "keine lesbare PPTX-Datei"),
    ("tarnung.docx", pdf_bytes(), "heißt aber nicht so"),
])
def test_it_refuses_bad_files_in_german_and_keeps_nothing(conference, ministry, name,
                                                          content, message):
    client = Client()
    client.force_login(ministry)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("conferences:document_add", args=[conference.pk]), {
        "kind": "slides", "title": "X", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ConferenceDocument.objects.exists()


def test_only_the_ministry_uploads(conference, people):
    with pytest.raises(Exception, match="Nur das Ministerium"):
        services.document_add(actor=people[0], conference=conference, kind="slides",
                              title="x", content=pdf_bytes(), filename="x.pdf")


def test_the_download_is_an_attachment_for_regions_but_not_for_providers(
        conference, ministry, people, provider):
    from conftest import make_user

    doc = services.document_add(actor=ministry, conference=conference, kind="minutes",
                                title="Protokoll Herbsttagung", content=office_bytes("docx"),
                                filename="p.docx")
    client = Client()
    client.force_login(people[3])
    response = client.get(reverse("conferences:document", args=[doc.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Protokoll-Herbsttagung.docx" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "wordprocessingml" in response["Content-Type"]
    client.force_login(make_user("tr", "provider", provider=provider))
    assert client.get(reverse("conferences:document", args=[doc.pk])).status_code == 403
