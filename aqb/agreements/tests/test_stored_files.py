"""Stored files cannot carry script: uploads are checked to be what they claim, stored under
a name the server chooses, and served as downloads with their true type and nosniff."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement, Status
from aqb.audit.models import AuditEntry

from .pdfs import EVIL_HTML, tiny_pdf

SIGN = {"place": "Korbach", "day": "13.08.2025", "name": "Karl-Friedrich Frese",
        "title": "Erster Kreisbeigeordneter", "confirm": "on"}


@pytest.fixture
def signed_by_ministry(wf_draft, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="H", title="S")
    return wf_draft


def _sign_url(agreement):
    return f"/zielvereinbarungen/{agreement.pk}/unterschrift/region/"


def _assert_safe_download(response, *, content_type: str):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response["Content-Disposition"]


def test_it_refuses_an_html_page_that_starts_with_pdf(client, signed_by_ministry, region_user):
    client.force_login(region_user)
    entries = AuditEntry.objects.count()
    response = client.post(_sign_url(signed_by_ministry), {
        **SIGN, "scan": SimpleUploadedFile("evil.html", EVIL_HTML, content_type="text/html")})
    assert response.status_code == 400
    assert "„evil.html“ ist keine lesbare PDF-Datei." in response.content.decode()
    agreement = Agreement.objects.get(pk=signed_by_ministry.pk)
    assert agreement.status == Status.SIGNED_MINISTRY and not agreement.signed_file
    assert AuditEntry.objects.count() == entries
    assert client.get(f"/zielvereinbarungen/{agreement.pk}/unterzeichnet.pdf").status_code == 404


def test_it_refuses_an_encrypted_pdf(client, signed_by_ministry, region_user):
    client.force_login(region_user)
    response = client.post(_sign_url(signed_by_ministry), {
        **SIGN, "scan": SimpleUploadedFile("scan.pdf", tiny_pdf(password="geheim"))})
    assert response.status_code == 400
    assert "verschlüsselt" in response.content.decode()
    assert not Agreement.objects.get(pk=signed_by_ministry.pk).signed_file


def test_a_real_scan_gets_the_servers_name_and_is_served_as_pdf_download(
        client, signed_by_ministry, region_user, ministry_user):
    scan = tiny_pdf()
    client.force_login(region_user)
    response = client.post(_sign_url(signed_by_ministry), {
        **SIGN, "scan": SimpleUploadedFile("../../evil.html", scan, content_type="text/html")})
    assert response.status_code == 302
    agreement = Agreement.objects.get(pk=signed_by_ministry.pk)
    assert agreement.signed_file_name == "Zielvereinbarung_2025_06635_v1_unterzeichnet.pdf"
    assert agreement.signed_file.name.endswith(".pdf") and "evil" not in agreement.signed_file.name
    client.force_login(ministry_user)
    download = client.get(f"/zielvereinbarungen/{agreement.pk}/unterzeichnet.pdf")
    _assert_safe_download(download, content_type="application/pdf")
    assert "Zielvereinbarung_2025_06635_v1_unterzeichnet.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == scan


def test_a_stored_html_file_from_before_is_never_served_as_a_page(client, signed_by_ministry,
                                                                  ministry_user):
    """Rows stored before the check: still a download, never text/html, on both URLs."""
    ag.agreement_sign(actor=ministry_user, agreement=signed_by_ministry, party="region",
                      place="Korbach", day=date(2025, 8, 13), name="F", title="E")
    agreement = Agreement.objects.get(pk=signed_by_ministry.pk)
    agreement.signed_file.save("evil.html", ContentFile(EVIL_HTML), save=False)
    agreement.signed_file_name = "evil.html"
    agreement.save()
    ag.agreement_publish(actor=ministry_user, agreement=agreement)
    client.force_login(ministry_user)
    for url in (f"/zielvereinbarungen/{agreement.pk}/unterzeichnet.pdf",
                f"/veroeffentlicht/zielvereinbarungen/{agreement.pk}/unterzeichnet.pdf"):
        response = client.get(url)
        _assert_safe_download(response, content_type="application/pdf")
        assert "evil" not in response["Content-Disposition"]


def test_the_ministry_cannot_attach_a_fake_scan(signed_by_ministry, ministry_user):
    ag.agreement_sign(actor=ministry_user, agreement=signed_by_ministry, party="region",
                      place="Korbach", day=date(2025, 8, 13), name="F", title="E")
    Agreement.objects.filter(pk=signed_by_ministry.pk).update(signed_file="")  # as if imported
    with pytest.raises(ValidationError, match="„evil.html“ ist keine lesbare PDF-Datei"):
        ag.agreement_attach_scan(actor=ministry_user, agreement=signed_by_ministry,
                                 content=EVIL_HTML, filename="evil.html")
    assert not Agreement.objects.get(pk=signed_by_ministry.pk).signed_file


def test_an_indicator_upload_must_be_a_table(client, year_2025, ministry_user):
    from aqb.budgets.models import IndicatorSet

    client.force_login(ministry_user)
    response = client.post("/programmjahre/2025/planung/indikatoren/neu/", {
        "name": "Böse", "file": SimpleUploadedFile("evil.html", EVIL_HTML)})
    assert response.status_code == 400
    assert "evil.html" in response.content.decode()
    assert not IndicatorSet.objects.exists()
