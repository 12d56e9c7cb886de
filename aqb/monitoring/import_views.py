"""The import page of a project and programme year: upload, check as a job, the errors as a
table and a CSV list, take over as a job; the template downloads.

Access: `PROJECT_RECORDS` for reading and saving alike: the project's provider and its region
import (both keep the project's records, see docs/monitoring.md); the ministry and the
authority never see record-level data, so they get no import page either.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from aqb.accounts.policy import LOGIN, PROJECT_RECORDS, access
from aqb.jobs.models import JobStatus
from aqb.jobs.selectors import job_get
from aqb.jobs.services import job_start
from aqb.projects.selectors import PROJECT
from aqb.ui.downloads import attachment
from aqb.ui.forms import storage_failed
from aqb.ui.uploads import UploadField, display_name, mb

from . import blanks
from .import_tasks import participants_import_job, result_of, upload_save
from .importing import COLUMNS, REQUIRED
from .reading import MAX_FILE_BYTES

PROJECT_YEAR = PROJECT  # the year is a plain URL parameter, checked against the project


class UploadForm(forms.Form):
    datei = UploadField(label="Teilnehmendenliste (CSV oder XLSX)",
                        max_bytes=MAX_FILE_BYTES, extensions=(".csv", ".xlsx", ".txt"),
                        help_text="Spalten wie in der Vorlage; höchstens "
                                  f"{mb(MAX_FILE_BYTES)}.")


def _year_of(project, year: int) -> int:
    if not project.runs_in(year):
        raise Http404("Das Projekt läuft in diesem Programmjahr nicht.")
    return year


def _page_url(project, year, job=None) -> str:
    url = reverse("monitoring_import:page", args=[project.pk, year])
    return f"{url}?auftrag={job.pk}" if job else url


def _job_of_page(request, project, year):
    """The check/store job named in ?auftrag=, if it is the user's and of this page."""
    key = request.GET.get("auftrag", "")
    if not key:
        return None
    job = job_get(user=request.user, pk=key)
    params = job.params
    if params.get("project_id") != project.pk or params.get("year") != year:
        raise Http404("Auftrag nicht gefunden.")
    return job


def _save_upload(upload) -> str:
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    return upload_save(upload, suffix)


@access(PROJECT_RECORDS, PROJECT_YEAR)
def import_page(request, project, year: int):
    year = _year_of(project, year)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["datei"]
        name = display_name(upload.name)
        try:
            stored = _save_upload(upload)
        except OSError as exc:  # the file store failed: no job, no file
            status = storage_failed(request, form, exc)
            return render(request, "monitoring/import.html", {
                "project": project, "year": year, "form": form, "job": None, "result": None,
                "statuses": JobStatus, "columns": COLUMNS, "required": REQUIRED,
                "explanation": blanks.explanation(), "can_take_over": False}, status=status)
        job = job_start(user=request.user, task=participants_import_job,
                        title=f"Teilnehmendenliste prüfen: {project.label}, {year}",
                        back_url="", project_id=project.pk, year=year, upload=stored,
                        name=name, store=False)
        job.back_url = _page_url(project, year, job)
        job.save(update_fields=["back_url"])
        return redirect("jobs:detail", pk=job.pk)
    job = _job_of_page(request, project, year)
    result = result_of(job) if job is not None and job.status == JobStatus.DONE else None
    return render(request, "monitoring/import.html", {
        "project": project, "year": year, "form": form, "job": job, "result": result,
        "statuses": JobStatus, "columns": COLUMNS, "required": REQUIRED,
        "explanation": blanks.explanation(),
        "can_take_over": bool(result and not result["store"] and not result["errors_total"]
                              and result["rows"]),
    })


@access(PROJECT_RECORDS, PROJECT_YEAR)
def import_take_over(request, project, year: int):
    year = _year_of(project, year)
    if request.method != "POST":
        return redirect(_page_url(project, year))
    check = job_get(user=request.user, pk=request.POST.get("auftrag", ""))
    params = check.params
    result = result_of(check) if check.status == JobStatus.DONE else None
    if (params.get("project_id") != project.pk or params.get("year") != year
            or result is None or result["store"] or result["errors_total"]):
        messages.error(request, "Übernehmen geht nur nach einer fehlerfreien Prüfung dieser "
                                "Datei. Bitte die Datei erneut hochladen.")
        return redirect(_page_url(project, year))
    job = job_start(user=request.user, task=participants_import_job,
                    title=f"Teilnehmendenliste übernehmen: {project.label}, {year}",
                    back_url="", project_id=project.pk, year=year,
                    upload=params["upload"], name=params["name"], store=True)
    job.back_url = _page_url(project, year, job)
    job.save(update_fields=["back_url"])
    return redirect("jobs:detail", pk=job.pk)


def _template_response(content: bytes, content_type: str, name: str) -> HttpResponse:
    return attachment(HttpResponse(content, content_type=content_type), name)


@access(LOGIN)
def template_csv(request):
    return _template_response(blanks.template_csv(), "text/csv; charset=utf-8",
                              blanks.CSV_NAME)


@access(LOGIN)
def template_xlsx(request):
    return _template_response(blanks.template_xlsx(), blanks.XLSX_TYPE, blanks.XLSX_NAME)
