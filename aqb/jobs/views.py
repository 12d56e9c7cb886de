"""The page of a job: state and progress (polled by htmx while it runs), retry, download."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from aqb.accounts.policy import LOGIN, access
from aqb.ui.downloads import attachment

from .models import JobStatus
from .selectors import heartbeat_age_unscoped, job_get
from .services import JobError, job_retry

POLL_SECONDS = 2


@access(LOGIN)
def job_detail(request, pk):
    job = job_get(user=request.user, pk=pk)
    age = heartbeat_age_unscoped()
    context = {"job": job, "poll": not job.finished, "poll_seconds": POLL_SECONDS,
               "statuses": JobStatus,
               "worker_missing": age is None or age > settings.AQB_WORKER_MAX_AGE}
    if getattr(request, "htmx", False):
        return render(request, "jobs/_status.html", context)
    return render(request, "jobs/detail.html", context)


@access(LOGIN)
def job_retry_view(request, pk):
    job = job_get(user=request.user, pk=pk)  # first: a stranger's job is 404 for any method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        job_retry(user=request.user, job=job)
    except JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Der Auftrag wurde erneut gestartet.")
    return redirect("jobs:detail", pk=job.pk)


@access(LOGIN)
def job_download(request, pk):
    job = job_get(user=request.user, pk=pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("Dieser Auftrag hat (noch) keine Datei.")
    try:
        fh = default_storage.open(job.file, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("Die Datei dieses Auftrags ist nicht mehr vorhanden.") from None
    response = FileResponse(fh, content_type=job.file_type or
                            "application/octet-stream")
    return attachment(response, job.file_name or "ergebnis")
