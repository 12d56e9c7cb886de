"""Steering pages (Steuerung): the ministry's overview of the 26 regions with map and charts,
the drill-down region → measure type → project → quarter, the region's printable report
(PDF), exports of every table (XLSX/CSV) and the ministry's settings of a year
(docs/steering.md, "Dashboards").

Every figure comes from the goal assessment (`assessment.assessment`); participant counts on
state pages are suppressed there (and the tables by quarter here, `tables`)."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, REGION_OBJECT, access
from aqb.budgets import selectors as budget_selectors
from aqb.budgets.exports import FORMATS, export_response
from aqb.budgets.models import ProgrammeYear
from aqb.german.money import format_number
from aqb.monitoring.figures import figure_counts
from aqb.monitoring.suppression import EXPLANATION
from aqb.projects.selectors import PROJECT
from aqb.regions.models import Region
from aqb.regions.selectors import REGION
from aqb.ui.downloads import attachment
from aqb.ui.forms import apply_service_errors

from . import tables as st
from .assessment import assessment, region_assessment, thresholds_of
from .dashboard_forms import AdjustmentForm, SettingsForm
from .models import TargetAdjustment
from .reviews import action_list, review_list
from .services import steering_year_save, target_adjustment_record

# A project's steering page is for the state and the project's region: a provider sees its
# projects' figures under Kennzahlen, but not the steering between ministry and region.
STEERING_PROJECT = replace(PROJECT, provider_of=None)


def _years() -> list[int]:
    return list(ProgrammeYear.objects.order_by("-year").values_list("year", flat=True))


def _respond(request, tables: list[st.SteeringTable], filename: str, template: str,
             context: dict):
    """The page, or one of its tables as a download (?tabelle=KEY&format=csv|xlsx)."""
    fmt = request.GET.get("format")
    if fmt:
        table = next((t for t in tables if t.key == request.GET.get("tabelle")), None)
        if fmt not in FORMATS or table is None:
            raise Http404("Diese Tabelle gibt es nicht.")
        return export_response(table.export(filename), fmt)
    return render(request, template, {**context, "tables": tables,
                                      "explanation": EXPLANATION, "years": _years()})


@access(LOGIN)
def index(request):
    """The programme years to choose from; a region user lands on its region's pages."""
    p = policy.principal(request.user)
    return render(request, "steering/index.html", {
        "years": _years(), "allowed": p.sees_all_regions or bool(p.region_ids),
        "ministry": p.ministry})


@access(LOGIN)
def overview(request, year: int):
    """The ministry's (state's) overview of the 26 regions. A region user is sent to its own
    region's page; a provider has no steering pages."""
    py = budget_selectors.programme_year_get(year=year)
    user = request.user
    p = policy.principal(user)
    if not p.sees_all_regions:
        if len(p.region_ids) == 1:
            ags = Region.objects.get(pk=next(iter(p.region_ids))).ags
            return redirect("steering:region", year=year, ags=ags)
        if not p.region_ids:
            return render(request, "steering/none.html", {"year": year})
    result = assessment(user=user, year=year)
    links = {ra.region.pk: reverse("steering:region", args=[year, ra.region.ags])
             for ra in result.regions}
    tables = [st.overview_table(result, links), st.entries_map_table(result, links),
              st.payments_bar_table(result, links), st.ratings_table(result)]
    return _respond(request, tables, f"steuerung-{year}", "steering/overview.html", {
        "py": py, "year": year, "result": result, "state": p.sees_all_regions,
        "behind": st.behind(result), "ministry": p.ministry})


def _entries_by_quarter(*, user, year: int, suppressed: bool, line, key: str, title: str,
                        **scope) -> st.SteeringTable:
    """The quarters of a region or project; `line` is its row of the assessment (its hidden
    totals stay hidden here)."""
    counts = {k[0]: v for k, v in figure_counts(user=user, year=year, by=["quarter"],
                                                 **scope).items()}
    return st.entries_quarter_table(
        key=key, title=title, counts=counts, suppressed=suppressed,
        total_hidden=line is not None and line.entries is None,
        exits_hidden=line is not None and line.exits is None)


def _region_tables(user, year: int, region, measure: int | None = None):
    result, ra = region_assessment(user=user, year=year, region=region)
    if measure not in {m.key for m in ra.measures}:
        measure = None
    base = reverse("steering:region", args=[year, region.ags])
    project_links = {p.key: reverse("steering:project", args=[year, p.key])
                     for p in ra.projects}
    tables = [
        st.changes_table(ra, year),
        st.measures_table(ra, year, {m.key: f"{base}?massnahme={m.key}#t-projekte"
                                     for m in ra.measures}),
        st.projects_table(ra, year, project_links, measure),
        st.money_table(ra, year),
        _entries_by_quarter(user=user, year=year, suppressed=ra.suppressed,
                            line=ra.total, key="quartale",
                            title=f"Eintritte und Austritte je Quartal: {region.name}, {year}",
                            region=region),
        st.paid_quarter_table(ra, year),
    ]
    return result, ra, tables, measure


def _adjustments(year: int, region) -> list[TargetAdjustment]:
    return list(TargetAdjustment.objects.filter(
        programme_year__year=year, region=region).select_related("created_by").order_by(
        "-created_at", "-pk"))


@access(REGION_OBJECT, REGION)
def region_page(request, year: int, region):
    """A region's steering page: the region's own view for its coordinator, the same page
    for the ministry (suppressed for the state)."""
    py = budget_selectors.programme_year_get(year=year)
    measures = request.GET.get("massnahme")
    measure = int(measures) if measures and measures.isdigit() else None
    result, ra, tables, measure = _region_tables(request.user, year, region, measure)
    p = policy.principal(request.user)
    return _respond(request, tables, f"steuerung-{year}-{region.ags}", "steering/region.html", {
        "py": py, "year": year, "region": region, "result": result, "ra": ra,
        "measure": measure, "state": p.sees_all_regions, "ministry": p.ministry,
        "adjustments": _adjustments(year, region),
        "reviews": list(review_list(user=request.user, year=year).filter(region=region)),
        "open_actions": action_list(user=request.user, region=region).count()})


@access(REGION_OBJECT, STEERING_PROJECT)
def project_page(request, year: int, project):
    """One project: its targets (original, adjusted, expected), actuals and quarters."""
    py = budget_selectors.programme_year_get(year=year)
    user = request.user
    result, ra = region_assessment(user=user, year=year, region=project.region)
    line = next((p for p in ra.projects if p.key == project.pk), None)
    tables = [_entries_by_quarter(
        user=user, year=year, suppressed=ra.suppressed, line=line, key="quartale",
        title=f"Eintritte und Austritte je Quartal: {project.name}, {year}", project=project)]
    if line is not None:
        tables.insert(0, st.SteeringTable(
            key="ziel", title=f"Zielerreichung: {project.name}, {year}",
            columns=["Projekt", *st.LINE_COLUMNS],
            rows=[st.Row(project.name, st.line_cells(line))]))
    return _respond(request, tables, f"steuerung-{year}-projekt-{project.pk}",
                    "steering/project.html", {
                        "py": py, "year": year, "project": project, "region": project.region,
                        "ra": ra, "line": line, "result": result})


@access(REGION_OBJECT, REGION)
def region_report(request, year: int, region):
    """The region's steering report as PDF (A4, printable), with the same figures as the
    page (suppressed for the state)."""
    from .report import report_pdf

    budget_selectors.programme_year_get(year=year)
    result, ra, tables, _ = _region_tables(request.user, year, region)
    pdf = report_pdf(result=result, ra=ra, tables=tables,
                     adjustments=_adjustments(year, region))
    return attachment(HttpResponse(pdf, content_type="application/pdf"),
                      f"steuerungsbericht-{year}-{region.ags}.pdf", inline=True)


@access(MINISTRY)
def year_settings(request, year: int):
    """The ministry's settings of a year: thresholds and course; adjustments of targets."""
    py = budget_selectors.programme_year_get(year=year)
    current = thresholds_of(py)
    which = request.POST.get("formular") if request.method == "POST" else None
    settings_form = SettingsForm(request.POST if which == "schwellen" else None, initial={
        "on_track_from": format_number(current.on_track_from.normalize()),
        "watch_from": format_number(current.watch_from.normalize()),
        "course": current.course}, prefix="s")
    initial_region = Region.objects.filter(ags=request.GET.get("gebiet", "")).first()
    adjustment_form = AdjustmentForm(request.POST if which == "anpassung" else None,
                                     initial={"region": initial_region}, prefix="a")
    if request.method == "POST":
        if which == "schwellen" and settings_form.is_valid():
            d = settings_form.cleaned_data
            try:
                steering_year_save(actor=request.user, programme_year=py,
                                   on_track_from=d["on_track_from"],
                                   watch_from=d["watch_from"], course=d["course"])
            except ValidationError as exc:
                apply_service_errors(settings_form, exc)
            else:
                messages.success(request, "Die Bewertung der Zielerreichung wurde gespeichert.")
                return redirect("steering:settings", year=year)
        elif which == "anpassung" and adjustment_form.is_valid():
            d = adjustment_form.cleaned_data
            try:
                target_adjustment_record(actor=request.user, programme_year=py,
                                         region=d["region"], factor=d["factor_value"],
                                         reason=d["reason"])
            except ValidationError as exc:
                apply_service_errors(adjustment_form, exc)
            else:
                messages.success(request, f"Die Anpassung der Ziele von {d['region'].name} "
                                          "wurde erfasst.")
                return redirect(reverse("steering:region", args=[year, d["region"].ags])
                                + "#anpassungen")
        elif which not in ("schwellen", "anpassung"):
            messages.error(request, "Unbekanntes Formular.")
    adjustments = TargetAdjustment.objects.filter(programme_year=py).select_related(
        "region", "created_by").order_by("-created_at", "-pk")
    return render(request, "steering/settings.html", {
        "py": py, "year": year, "settings_form": settings_form,
        "adjustment_form": adjustment_form, "adjustments": adjustments,
        "thresholds": current},
        status=400 if request.method == "POST" else 200)
