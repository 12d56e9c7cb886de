"""All agreements of a year as one ZIP of PDFs: a background job started on the overview."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from aqb.agreements import services as ag
from aqb.budgets.models import Allocation
from aqb.jobs.models import Job, JobStatus
from aqb.regions.models import Region

WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@pytest.fixture
def all_drafts(year_2025, ministry_user):
    for region in Region.objects.all():
        Allocation.objects.create(programme_year=year_2025, region=region,
                                  amount=Decimal("500000"))
    assert ag.agreement_create_missing_drafts(actor=ministry_user,
                                              programme_year=year_2025) == 26
    return year_2025


@WORKER  # the worker commits and checks its connection like in production
def test_the_ministry_gets_all_26_agreements_as_one_zip_of_pdfs(client, ministry_user,
                                                                 all_drafts):
    client.force_login(ministry_user)
    overview = client.get("/zielvereinbarungen/?jahr=2025").content.decode()
    assert "Alle 2025 als ZIP (PDF)" in overview

    response = client.post("/zielvereinbarungen/zip/", {"year": "2025"})
    job = Job.objects.get()
    assert response["Location"] == f"/auftraege/{job.pk}/"
    assert "wartet" in client.get(response["Location"]).content.decode()

    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.done, job.total) == (26, 26)
    page = client.get(f"/auftraege/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Zielvereinbarungen_2025.zip herunterladen" in page

    download = client.get(f"/auftraege/{job.pk}/datei/")
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"] == \
        'attachment; filename="Zielvereinbarungen_2025.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 26 and len(set(names)) == 26
    assert all(n.endswith(".pdf") and archive.read(n).startswith(b"%PDF-") for n in names)
    assert not list((Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)).glob("*.teil"))


@WORKER  # the worker commits and checks its connection like in production
def test_a_year_without_agreements_fails_with_a_german_message(client, ministry_user,
                                                               year_2025):
    client.force_login(ministry_user)
    client.post("/zielvereinbarungen/zip/", {"year": "2025"})
    run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.message == "Für 2025 gibt es keine Zielvereinbarungen, die Sie sehen dürfen."
    assert not job.file


@pytest.mark.django_db
def test_only_the_ministry_starts_the_zip_job(client, region_user, all_drafts):
    client.force_login(region_user)
    assert client.post("/zielvereinbarungen/zip/", {"year": "2025"}).status_code == 403
    assert "als ZIP" not in client.get("/zielvereinbarungen/?jahr=2025").content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_an_unknown_year_starts_nothing(client, ministry_user, year_2025):
    client.force_login(ministry_user)
    response = client.post("/zielvereinbarungen/zip/", {"year": "1999"})
    assert response.status_code == 302 and not Job.objects.exists()
