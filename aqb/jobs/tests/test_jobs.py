"""Jobs through the real database backend: started, run by the worker, failed, retried; the
job's page as htmx polls it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.http import Http404
from django_tasks_db.models import DBTaskResult

from aqb.jobs.models import Job, JobStatus
from aqb.jobs.selectors import job_get, job_list
from aqb.jobs.services import GENERAL_FAILURE, job_retry, job_run, job_start

from . import tasks
from .conftest import run_worker

HTMX = {"HTTP_HX_REQUEST": "true"}

WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _start(user, n=3):
    return job_start(user=user, task=tasks.count_to, title="Zählen", n=n)


@WORKER  # the worker commits and checks its connection like in production
def test_a_started_job_waits_in_the_database_until_the_worker_runs_it(ministry_user):
    job = _start(ministry_user)
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_result_id, status="READY").exists()
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.attempts) == (3, 3, 1)
    assert (Path(settings.MEDIA_ROOT) / job.file).read_text() == "1\n2\n3\n"
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"


@WORKER  # the worker commits and checks its connection like in production
def test_a_failed_job_says_why_in_german_leaves_no_file_and_can_be_retried(ministry_user):
    tasks.FAIL["with"] = "job"
    job = _start(ministry_user)
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "Die Vorlage für 2025 fehlt."
    assert not job.file
    assert not list((Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)).glob("*"))
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"

    tasks.FAIL["with"] = None
    job_retry(user=ministry_user, job=job)
    assert job.status == JobStatus.QUEUED and not job.message
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2


@WORKER  # the worker commits and checks its connection like in production
def test_an_unexpected_error_shows_a_general_german_message(ministry_user):
    tasks.FAIL["with"] = "crash"
    job = _start(ministry_user)
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == GENERAL_FAILURE
    assert "boom" not in job.message


@pytest.mark.django_db
def test_a_half_written_file_never_becomes_the_download(ministry_user):
    job = _start(ministry_user)
    with pytest.raises(RuntimeError), job_run(str(job.pk)) as run:
        with run.output("x.txt", "text/plain") as path:
            Path(path).write_text("halb")
            raise RuntimeError("mittendrin")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file
    assert not list((Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)).glob("*"))


@pytest.mark.django_db
def test_jobs_belong_to_whoever_started_them(ministry_user, authority_user):
    job = _start(ministry_user)
    assert list(job_list(user=authority_user)) == []
    with pytest.raises(Http404):
        job_get(user=authority_user, pk=job.pk)
    with pytest.raises(PermissionError):
        job_retry(user=authority_user, job=job)


@pytest.mark.django_db
def test_the_page_polls_while_the_job_runs_and_stops_when_it_is_done(client, ministry_user):
    client.force_login(ministry_user)
    job = _start(ministry_user, n=26)
    url = f"/auftraege/{job.pk}/"

    page = client.get(url).content.decode()
    assert "Zählen" in page and "wartet" in page and 'hx-trigger="every 2s"' in page

    with job_run(str(job.pk)) as run:
        run.progress(3, 26, "Kassel")
        partial = client.get(url, **HTMX).content.decode()
        assert "<html" not in partial
        assert "3 von 26 erledigt – Kassel" in partial and 'value="11"' in partial
        assert 'hx-trigger="every 2s"' in partial
        with run.output("zahlen.txt", "text/plain; charset=utf-8") as path:
            Path(path).write_text("fertig")

    partial = client.get(url, **HTMX).content.decode()
    assert "fertig" in partial.lower() and "hx-trigger" not in partial
    assert f"/auftraege/{job.pk}/datei/" in partial
    download = client.get(f"/auftraege/{job.pk}/datei/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="zahlen.txt"'
    assert b"".join(download.streaming_content) == b"fertig"


@WORKER  # the worker commits and checks its connection like in production
def test_a_failed_job_page_offers_retry_through_http(client, ministry_user):
    client.force_login(ministry_user)
    tasks.FAIL["with"] = "job"
    job = _start(ministry_user)
    run_worker()
    page = client.get(f"/auftraege/{job.pk}/", **HTMX).content.decode()
    assert "fehlgeschlagen" in page and "Die Vorlage für 2025 fehlt." in page
    assert "Erneut versuchen" in page and "hx-trigger" not in page
    assert client.get(f"/auftraege/{job.pk}/datei/").status_code == 404

    tasks.FAIL["with"] = None
    response = client.post(f"/auftraege/{job.pk}/wiederholen/")
    assert response.status_code == 302
    assert "wartet" in client.get(response["Location"]).content.decode()
    run_worker()
    assert "herunterladen" in client.get(f"/auftraege/{job.pk}/", **HTMX).content.decode()


@WORKER  # the worker commits and checks its connection like in production
def test_nobody_else_sees_or_retries_a_job(client, ministry_user, authority_user):
    tasks.FAIL["with"] = "job"
    job = _start(ministry_user)
    run_worker()
    client.force_login(authority_user)
    assert client.get(f"/auftraege/{job.pk}/").status_code == 404
    assert client.post(f"/auftraege/{job.pk}/wiederholen/").status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert Job.objects.count() == 1


@WORKER
def test_housekeeping_deletes_old_finished_jobs_their_files_and_task_rows(ministry_user):
    from datetime import timedelta

    from django.utils import timezone

    from aqb.jobs.tasks import housekeeping

    old, recent, waiting = _start(ministry_user), _start(ministry_user), _start(ministry_user)
    run_worker()
    waiting_again = _start(ministry_user)
    long_ago = timezone.now() - timedelta(days=30)
    Job.objects.filter(pk=old.pk).update(finished_at=long_ago)
    DBTaskResult.objects.filter(id=old.task_result_id).update(finished_at=long_ago)
    old_file = Path(settings.MEDIA_ROOT) / Job.objects.get(pk=old.pk).file

    counts = housekeeping.call()
    assert counts["jobs"] == 1 and counts["task_results"] == 1
    assert not old_file.exists() and not Job.objects.filter(pk=old.pk).exists()
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk,
                                                             waiting_again.pk}
    assert DBTaskResult.objects.filter(id=waiting_again.task_result_id).exists()


@pytest.mark.django_db
def test_the_page_says_when_no_worker_is_running(client, ministry_user):
    from aqb.jobs.services import heartbeat_beat

    client.force_login(ministry_user)
    job = _start(ministry_user)
    assert "Hintergrunddienst meldet sich zurzeit nicht" in \
        client.get(f"/auftraege/{job.pk}/", **HTMX).content.decode()
    heartbeat_beat(worker_id="w1")
    assert "Hintergrunddienst meldet sich" not in \
        client.get(f"/auftraege/{job.pk}/", **HTMX).content.decode()
