"""Fault: the file store fails while an upload is saved (a full disk, an I/O error, object
storage gone). STORAGES is overridden with a store that writes part of the file and then
raises OSError(ENOSPC) — or fails at once with EIO — for the three uploads that keep a file:
the participant list (import), the region's signed scan of an agreement, the PDF attachment of
a funding application. Each answers with its form and a German error (503, never a 500), no
row of the failed save is left, and no file (whole, half or temporary) is in the store.
"""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement, Signature, Status
from aqb.agreements.tests.conftest import wf_draft, year_2025  # noqa: F401 (fixtures)
from aqb.agreements.tests.pdfs import tiny_pdf
from aqb.audit.models import AuditEntry
from aqb.funding.models import Attachment
from aqb.funding.tests.conftest import year  # noqa: F401 (fixture)
from aqb.funding.tests.test_pages import app, client_for  # noqa: F401 (fixture)
from aqb.jobs.models import Job
from aqb.monitoring.tests.conftest import project  # noqa: F401 (fixture)
from aqb.monitoring.tests.test_importing import GOOD, HEADER
from aqb.ui.forms import STORAGE_FAILED
from aqb.ui.storage import AtomicFileSystemStorage
from tests.test_url_access import pdf_bytes


class _HalfThenFull:
    """Content whose reading stops with a full disk after the first bytes."""

    def __init__(self, content):
        self.content = content

    def chunks(self, chunk_size=None):
        data = b"".join(self.content.chunks())
        yield data[: max(1, len(data) // 2)]
        raise OSError(errno.ENOSPC, "No space left on device")


class FullDisk(AtomicFileSystemStorage):
    """Half of the file gets written, then the disk is full."""

    def _save(self, name, content):
        return super()._save(name, _HalfThenFull(content))


class BrokenStore(AtomicFileSystemStorage):
    """The store refuses at once (an I/O error; object storage unreachable)."""

    def _save(self, name, content):
        raise OSError(errno.EIO, "Input/output error")


@pytest.fixture(params=[FullDisk, BrokenStore], ids=["voll", "defekt"])
def failing_store(request, settings, tmp_path):
    root = tmp_path / "speicher"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.{request.param.__name__}",
                    "OPTIONS": {"location": str(root)}},
    }
    return root


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _german_error(response) -> None:
    assert response.status_code == 503, response.status_code
    assert STORAGE_FAILED in response.content.decode()


def test_the_local_store_writes_whole_files_only(tmp_path):
    store = FullDisk(location=str(tmp_path))
    with pytest.raises(OSError) as exc:
        store.save("a/b.pdf", ContentFile(b"x" * 1000))
    assert exc.value.errno == errno.ENOSPC
    assert _files(tmp_path) == []  # neither b.pdf nor .teil-…
    good = AtomicFileSystemStorage(location=str(tmp_path))
    first, second = good.save("a/b.pdf", ContentFile(b"eins")), good.save("a/b.pdf",
                                                                           ContentFile(b"zwei"))
    assert first == "a/b.pdf" and second != first  # never overwritten
    assert good.open(first).read() == b"eins" and good.open(second).read() == b"zwei"
    assert _files(tmp_path) == sorted([first, second])


@pytest.mark.django_db
def test_participant_list_upload(failing_store, client, project, provider_user):  # noqa: F811
    client.force_login(provider_user)
    url = reverse("monitoring_import:page", args=[project.pk, 2025])
    text = "\n".join([HEADER, GOOD])
    response = client.post(url, {"datei": SimpleUploadedFile("liste.csv", text.encode(),
                                                             content_type="text/csv")})
    _german_error(response)
    assert not Job.objects.exists()
    assert _files(failing_store) == []


@pytest.mark.django_db
def test_signed_scan_upload(failing_store, client, wf_draft, ministry_user,  # noqa: F811
                            region_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="H", title="S")
    signatures, entries = Signature.objects.count(), AuditEntry.objects.count()
    client.force_login(region_user)
    response = client.post(f"/zielvereinbarungen/{wf_draft.pk}/unterschrift/region/", {
        "place": "Korbach", "day": "13.08.2025", "name": "Karl-Friedrich Frese",
        "title": "Erster Kreisbeigeordneter", "confirm": "on",
        "scan": SimpleUploadedFile("scan.pdf", tiny_pdf())})
    _german_error(response)
    agreement = Agreement.objects.get(pk=wf_draft.pk)
    assert agreement.status == Status.SIGNED_MINISTRY and not agreement.signed_file
    assert Signature.objects.count() == signatures  # the region's signature rolled back
    assert AuditEntry.objects.count() == entries
    assert _files(failing_store) == []


@pytest.mark.django_db
def test_funding_attachment_upload(failing_store, app, region_user):  # noqa: F811
    entries = AuditEntry.objects.count()
    response = client_for(region_user).post(
        f"/foerderung/antraege/{app.pk}/anlagen/neu/",
        {"title": "Kalkulation", "file": SimpleUploadedFile("k.pdf", pdf_bytes(),
                                                            content_type="application/pdf")})
    _german_error(response)
    assert not Attachment.objects.exists()
    assert AuditEntry.objects.count() == entries
    assert _files(failing_store) == []
