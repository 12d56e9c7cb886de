"""Record pages: the participants of one project and programme year, one record, the form to
enter and correct a record, deleting one entered in error, the record export, and the log of
who opened record-level data.

Who (docs/monitoring.md, "Datensätze und Formular"): the project's provider and its region see
and write records (`PROJECT_RECORDS`; the provider enters, the region reads and may correct,
enter or delete as well, e.g. for a project without a provider); the ministry and the
authority never see records. Every opening of a list, a record or an export is logged
(`access_log`) before the page answers.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, PROJECT_RECORDS, access
from aqb.budgets.exports import Table, csv_response
from aqb.projects.models import Project
from aqb.projects.selectors import PROJECT
from aqb.regions.models import Region
from aqb.ui.forms import apply_service_errors, confirm_page

from . import pseudonym
from .access_log import access_log
from .forms import ParticipantForm
from .models import AccessKind, Participant
from .records import CORRECTED, NEW, REENTRY, UNCHANGED, participant_delete, participant_save
from .selectors import PARTICIPANT, participants, record_accesses, record_overview

PER_PAGE = 50
STATUS = {"alle": "alle", "in": "in der Maßnahme", "aus": "ausgetreten"}
WHAT_SAID = {NEW: "Der Datensatz wurde angelegt.",
             REENTRY: "Die Person war in diesem Jahr schon erfasst: der Eintritt wurde als "
                      "Wiedereintritt zum bestehenden Datensatz gezählt.",
             CORRECTED: "Der Datensatz wurde korrigiert.",
             UNCHANGED: "Keine Änderung: die Angaben standen schon so im Datensatz."}


def _year_ok(year: int) -> bool:
    return 2000 <= year <= 2100


def _districts() -> dict[str, str]:
    return dict(Region.objects.values_list("ags", "official_name"))


def _row(record: Participant, districts: dict[str, str]) -> dict:
    """A record in German labels."""
    return {
        "record": record, "shown": pseudonym.shown(record.pseudonym),
        "gender": record.get_gender_display(), "scheme": record.get_scheme_display(),
        "employment": record.get_employment_display(),
        "education": record.get_education_display(),
        "nationality": record.get_nationality_display(),
        "disability": record.get_disability_display(),
        "residence": districts.get(record.residence_ags, record.residence_ags),
        "part_time": {True: "ja", False: "nein"}.get(record.part_time, ""),
        "exit_reason": record.get_exit_reason_display(),
        "outcome": record.get_outcome_display(), "outcome_6m": record.get_outcome_6m_display(),
        "consent": "ja" if record.consent else "nein",
    }


@access(LOGIN)
def record_index(request):
    """The projects and programme years whose records the user may see (provider, region)."""
    rows = list(record_overview(user=request.user))
    projects = Project.objects.in_bulk({r["project"] for r in rows})
    may_see = policy.principal(request.user)
    writable = policy.scope_records(
        request.user, Project.objects.select_related("region"), region_field="region_id",
        provider_field="provider_id").order_by("region__ags", "measure_number", "name")
    return render(request, "monitoring/record_index.html", {
        "rows": [{**r, "project": projects[r["project"]]} for r in rows],
        "projects": writable, "year": datetime.date.today().year,
        "state": may_see.sees_all_regions and not may_see.region_ids})


@access(PROJECT_RECORDS, PROJECT)
def record_list(request, project, year: int):
    if not _year_ok(year):
        return redirect("records:index")
    status = request.GET.get("status", "alle")
    status = status if status in STATUS else "alle"
    qs = participants(user=request.user, project=project, year=year)
    counts = {"alle": qs.count(), "in": qs.filter(exit_date__isnull=True).count()}
    counts["aus"] = counts["alle"] - counts["in"]
    if status == "in":
        qs = qs.filter(exit_date__isnull=True)
    elif status == "aus":
        qs = qs.filter(exit_date__isnull=False)
    page = Paginator(qs.order_by("entry_date", "id"), PER_PAGE).get_page(request.GET.get("seite"))
    access_log(user=request.user, kind=AccessKind.LIST, project=project, year=year,
               records=len(page.object_list), path=request.get_full_path())
    districts = _districts()
    return render(request, "monitoring/record_list.html", {
        "project": project, "year": year, "page": page, "status": status,
        "statuses": STATUS, "counts": counts,
        "rows": [_row(r, districts) for r in page.object_list]})


@access(PROJECT_RECORDS, PROJECT)
def record_export(request, project, year: int):
    """The records of one project and year as CSV (German Excel), streamed; logged."""
    qs = participants(user=request.user, project=project, year=year).order_by("entry_date", "id")
    access_log(user=request.user, kind=AccessKind.EXPORT, project=project, year=year,
               records=qs.count(), path=request.get_full_path())
    districts = _districts()

    def rows():
        for record in qs.iterator(chunk_size=2000):
            r = _row(record, districts)
            yield [record.pseudonym, record.entry_date, record.last_entry_date,
                   record.entries, record.exit_date, r["gender"], record.birth_year,
                   r["scheme"], r["employment"], r["education"], r["nationality"],
                   r["disability"], record.residence_ags, r["part_time"], r["exit_reason"],
                   r["outcome"], r["outcome_6m"], r["consent"]]

    return csv_response(Table(
        title="Teilnehmende",
        columns=["pseudonym", "eintritt", "letzter_eintritt", "eintritte", "austritt",
                 "geschlecht", "geburtsjahr", "rechtskreis", "erwerbsstatus", "bildung",
                 "staatsangehoerigkeit", "behinderung", "wohnort_ags", "teilzeitausbildung",
                 "austrittsgrund", "verbleib", "verbleib_6_monate", "einwilligung"],
        rows=rows(), filename=f"teilnehmende-{project.pk}-{year}"))


@access(PROJECT_RECORDS, PARTICIPANT)
def record_detail(request, participant):
    access_log(user=request.user, kind=AccessKind.RECORD, project=participant.project,
               year=participant.year, records=1, path=request.get_full_path())
    return render(request, "monitoring/record_detail.html", {
        "r": _row(participant, _districts()), "project": participant.project,
        "year": participant.year})


def _form_page(request, form, *, title: str, project, year: int, record=None):
    return render(request, "monitoring/record_form.html", {
        "form": form, "title": title, "project": project, "year": year, "record": record,
        "shown": pseudonym.shown(record.pseudonym) if record else "",
        "cancel_url": reverse("records:detail", args=[record.pk]) if record else
        reverse("records:list", args=[project.pk, year])},
        status=400 if request.method == "POST" else 200)


@sensitive_post_parameters("vorname", "nachname", "geburtsdatum")
@access(PROJECT_RECORDS, PROJECT)
def record_create(request, project, year: int):
    if not _year_ok(year):
        return redirect("records:index")
    form = ParticipantForm(request.POST or None, region_ags=project.region.ags)
    if request.method == "POST" and form.is_valid():
        record, what = participant_save(actor=request.user, project=project, year=year,
                                        data=form.data_out)
        messages.success(request, WHAT_SAID[what])
        return redirect("records:detail", record.pk)
    return _form_page(request, form, title=f"Teilnehmende Person erfassen: {project.label}, "
                                           f"{year}", project=project, year=year)


@access(PROJECT_RECORDS, PARTICIPANT)
def record_edit(request, participant):
    if request.method != "POST":
        access_log(user=request.user, kind=AccessKind.RECORD, project=participant.project,
                   year=participant.year, records=1, path=request.get_full_path())
    form = ParticipantForm(request.POST or None, record=participant)
    if request.method == "POST" and form.is_valid():
        try:
            record, what = participant_save(actor=request.user, project=participant.project,
                                            year=participant.year, data=form.data_out,
                                            record=participant,
                                            revision=form.cleaned_data.get("revision") or None)
        except ValidationError as exc:  # the record changed since the form was loaded
            apply_service_errors(form, exc)
        else:
            messages.success(request, WHAT_SAID[what])
            return redirect("records:detail", record.pk)
    return _form_page(request, form, title="Datensatz korrigieren",
                      project=participant.project, year=participant.year, record=participant)


@access(PROJECT_RECORDS, PARTICIPANT)
def record_delete(request, participant):
    project, year = participant.project, participant.year
    shown = pseudonym.shown(participant.pseudonym)
    return confirm_page(
        request, template="confirm.html", context={
            "title": "Datensatz löschen", "subject": f"Datensatz {shown} ({project.label}, "
                                                     f"{year})",
            "question": "Den Datensatz als irrtümlich erfasst löschen? Er fehlt danach auch in "
                        "den Zahlen. Ist die Person ausgetreten, bitte stattdessen den "
                        "Austritt eintragen.",
            "confirm_label": "Datensatz löschen",
            "cancel_url": reverse("records:detail", args=[participant.pk])},
        act=lambda: participant_delete(actor=request.user, record=participant),
        success="Der Datensatz wurde gelöscht.",
        target=reverse("records:list", args=[project.pk, year]))


@access(LOGIN)
def record_access_log(request):
    """Who opened record-level data: the ministry all, a region its projects, others none."""
    p = policy.principal(request.user)
    page = Paginator(record_accesses(user=request.user), 50).get_page(request.GET.get("seite"))
    return render(request, "monitoring/access_log.html", {
        "page": page, "sees": p.ministry or bool(p.region_ids), "ministry": p.ministry})
