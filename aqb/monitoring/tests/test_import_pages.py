"""The import page: upload, check as a job, errors as a table and CSV, take over; access."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from aqb.jobs.models import Job
from aqb.monitoring.models import Participant

from .test_importing import GOOD, HEADER

WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def page(project, year=2025):
    return reverse("monitoring_import:page", args=[project.pk, year])


def upload(client, project, text, name="liste.csv"):
    response = client.post(page(project), {
        "datei": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")})
    job = Job.objects.order_by("-created_at").first()
    assert response.status_code == 302 and response["Location"] == \
        reverse("jobs:detail", args=[job.pk])
    run_worker()
    job.refresh_from_db()
    return job


@WORKER
def test_upload_shows_every_error_then_the_fixed_file_is_taken_over(client, project,
                                                                    provider_user):
    client.force_login(provider_user)
    bad = "\n".join([HEADER, GOOD, "A-2;13.02.2025;;q;2004;SGB II;;06635;;nein"])
    job = upload(client, project, bad)
    assert job.back_url == f"{page(project)}?auftrag={job.pk}"
    html = client.get(job.back_url).content.decode()
    assert "1 Fehler in 2 Zeilen. Es wurde nichts gespeichert." in html
    assert "„q“ ist nicht zulässig. Zulässig: w, m, d, keine Angabe." in html
    assert ">Übernehmen<" not in html
    listing = client.get(reverse("jobs:download", args=[job.pk]))
    text = b"".join(listing.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1] == "3;geschlecht;„q“ ist nicht zulässig. Zulässig: w, m, d, " \
                                   "keine Angabe."
    # refused take-over of a file with errors
    client.post(reverse("monitoring_import:take_over", args=[project.pk, 2025]),
                {"auftrag": str(job.pk)})
    assert Job.objects.count() == 1

    job = upload(client, project, bad.replace(";q;", ";w;"))
    html = client.get(job.back_url).content.decode()
    assert "Geprüft: 2 Zeilen, keine Fehler." in html and ">Übernehmen<" in html
    assert not Participant.objects.exists()
    response = client.post(reverse("monitoring_import:take_over", args=[project.pk, 2025]),
                           {"auftrag": str(job.pk)})
    run_worker()
    store = Job.objects.order_by("-created_at").first()
    assert response["Location"] == reverse("jobs:detail", args=[store.pk])
    html = client.get(store.back_url).content.decode()
    assert "2 Zeilen übernommen: 2 neu" in html
    assert Participant.objects.filter(project=project, year=2025).count() == 2


@WORKER
def test_a_file_that_is_no_participant_list_fails_with_its_reason(client, project,
                                                                  region_user):
    client.force_login(region_user)  # the region imports too
    job = upload(client, project, "Datum;Betrag\n01.01.2025;3")
    html = client.get(job.back_url).content.decode()
    assert "ist keine Teilnehmendenliste" in html and "fehlen die Spalten" in html


@pytest.mark.django_db
def test_foreign_region_provider_and_state_are_refused(client, project, foreign_region_user,
                                                       ministry_user, provider_user,
                                                       foreign_project):
    client.force_login(foreign_region_user)
    assert client.get(page(project)).status_code == 404
    client.force_login(ministry_user)
    assert client.get(page(project)).status_code == 403
    client.force_login(provider_user)
    assert client.get(page(foreign_project)).status_code == 404
    assert client.get(page(project, 2019)).status_code == 404
    response = client.post(page(foreign_project), {
        "datei": SimpleUploadedFile("l.csv", (HEADER + "\n" + GOOD).encode())})
    assert response.status_code == 404 and not Job.objects.exists()


@pytest.mark.django_db
def test_someone_elses_check_job_cannot_be_shown_or_taken_over(client, project, provider_user,
                                                               region_user):
    from aqb.monitoring.import_tasks import participants_import_job

    job = Job.objects.create(user=region_user, title="x",
                             task_path=participants_import_job.module_path,
                             params={"project_id": project.pk, "year": 2025, "upload": "a.csv",
                                     "name": "a.csv", "store": False})
    client.force_login(provider_user)
    assert client.get(f"{page(project)}?auftrag={job.pk}").status_code == 404
    response = client.post(reverse("monitoring_import:take_over", args=[project.pk, 2025]),
                           {"auftrag": str(job.pk)})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_templates_download(client, provider_user):
    client.force_login(provider_user)
    response = client.get(reverse("monitoring_import:template_csv"))
    assert response.content.decode("utf-8-sig").startswith("teilnehmer_id;vorname;nachname;")
    assert "Teilnehmende-Vorlage.csv" in response["Content-Disposition"]
    response = client.get(reverse("monitoring_import:template_xlsx"))
    assert response.content[:2] == b"PK"


def test_old_uploads_are_pruned(tmp_path, settings):
    import os
    import time

    from aqb.monitoring.import_tasks import UPLOADS, uploads_prune

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / UPLOADS).mkdir(parents=True)
    old, new = tmp_path / UPLOADS / "alt.csv", tmp_path / UPLOADS / "neu.csv"
    old.write_text("x")
    new.write_text("y")
    os.utime(old, (time.time() - 8 * 86400,) * 2)
    assert uploads_prune(7) == 1 and not old.exists() and new.exists()
