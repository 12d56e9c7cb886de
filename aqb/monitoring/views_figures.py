"""Figures pages (Kennzahlen): the overview of a programme year (the state: Hessen,
suppressed; a region or provider: its own, unsuppressed), a region's figures and a project's
figures. Drill-down region -> measure type -> project -> quarter by links; every table has
its chart beside it and exports as XLSX and CSV (suppressed as shown)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, PROJECT_OBJECT, REGION_OBJECT, access
from aqb.budgets import selectors as budget_selectors
from aqb.budgets.exports import FORMATS, export_response
from aqb.budgets.models import ProgrammeYear
from aqb.projects.models import Project
from aqb.projects.selectors import PROJECT
from aqb.regions.models import Region
from aqb.regions.selectors import REGION

from . import figure_tables as ft
from .breakdown import EXIT_ATTRIBUTES, KEY_LABELS, Labels, rollup
from .figures import figure_counts, must_suppress, outcome_counts, reentries_shown
from .suppression import EXPLANATION
from .tally import ATTRIBUTES

DEFAULT_ATTRIBUTE = "gender"
# the outcome tables have their own section; the choice offers the others
CHOOSABLE = [k for k in ATTRIBUTES if k not in ("outcome", "outcome_6m")]


def _attribute(request) -> str:
    attribute = request.GET.get("merkmal", DEFAULT_ATTRIBUTE)
    return attribute if attribute in CHOOSABLE else DEFAULT_ATTRIBUTE


def _respond(request, tables: list[ft.FigureTable], filename: str, template: str,
             context: dict):
    """The page, or one of its tables as a download (?tabelle=KEY&format=csv|xlsx)."""
    fmt = request.GET.get("format")
    if fmt:
        table = next((t for t in tables if t.key == request.GET.get("tabelle")), None)
        if fmt not in FORMATS or table is None:
            raise Http404("Diese Tabelle gibt es nicht.")
        return export_response(table.export(filename), fmt)
    return render(request, template, {
        **context, "tables": tables, "explanation": EXPLANATION,
        "attributes": [(k, KEY_LABELS[k]) for k in CHOOSABLE],
        "years": ProgrammeYear.objects.order_by("-year").values_list("year", flat=True)})


def _regions() -> list[tuple[int, str, str]]:
    """(pk, ags, name) of the 26 regions, by AGS."""
    return list(Region.objects.order_by("ags").values_list("pk", "ags", "name"))


def _outcomes(*, suppressed: bool, **scope) -> list[ft.FigureTable]:
    counts = outcome_counts(**scope)
    return [ft.outcome_table(key=a, title=KEY_LABELS[a], attribute=a, counts=counts[a],
                             suppressed=suppressed, chart=f"Austritte: {KEY_LABELS[a]}")
            for a in ("outcome", "outcome_6m")]


@access(LOGIN)
def index(request):
    """The figures of the newest programme year."""
    py = ProgrammeYear.objects.order_by("-year").first()
    if py is None:
        raise Http404("Es gibt noch kein Programmjahr.")
    return redirect("kennzahlen:overview", year=py.year)


@access(LOGIN)
def overview(request, year: int):
    py = budget_selectors.programme_year_get(year=year)
    user = request.user
    suppressed = must_suppress(user=user)
    attribute = _attribute(request)
    metric = 1 if attribute in EXIT_ATTRIBUTES else 0

    def counts_of(by):
        return figure_counts(user=user, year=year, by=by)

    regions = _regions()
    names = {pk: name for pk, _, name in regions}
    ags_of = {pk: ags for pk, ags, _ in regions}
    # one grouped query feeds the tables by region, by measure type and by quarter
    org = counts_of(["region", "measure", "quarter"])
    by_region = {k[0]: v for k, v in rollup(org, ["region", "measure", "quarter"],
                                            ["region"]).items()}
    if policy.is_staff_of_state(user):
        region_order = [pk for pk, _, _ in regions]
    else:
        own = policy.principal(user).region_ids
        region_order = [pk for pk, _, _ in regions if pk in by_region or pk in own]
    measures = Labels(year).measures()
    by_measure = {k[0]: v for k, v in rollup(org, ["region", "measure", "quarter"],
                                             ["measure"]).items()}
    by_quarter = {k[0]: v for k, v in rollup(org, ["region", "measure", "quarter"],
                                             ["quarter"]).items()}
    tables = [
        ft.org_table(key="region", title=f"Teilnehmende nach Gebietskörperschaft, {year}",
                     counts=by_region, labels=names, order=region_order,
                     suppressed=suppressed, chart="Eintritte je Gebietskörperschaft",
                     links={pk: reverse("kennzahlen:region", args=[year, ags_of[pk]])
                            for pk in region_order if policy.can_view_region(user, pk)}),
        ft.org_table(key="measure", title=f"Teilnehmende nach Maßnahmeart, {year}",
                     counts=by_measure, labels={n: f"{n} – {t}" for n, t in measures.items()},
                     order=sorted(set(measures) | set(by_measure)), suppressed=suppressed,
                     chart="Eintritte je Maßnahmeart"),
        ft.cross_table(key=f"merkmal-{attribute}",
                       title=f"{'Austritte' if metric else 'Eintritte'} nach "
                             f"{KEY_LABELS[attribute]} und Gebietskörperschaft, {year}",
                       attribute=attribute, counts=counts_of(["region", attribute]),
                       row_key="region", labels=names, order=region_order, metric=metric,
                       suppressed=suppressed,
                       residences={ags: name for _, ags, name in regions},
                       chart=f"{'Austritte' if metric else 'Eintritte'} nach "
                             f"{KEY_LABELS[attribute]}"),
        ft.quarter_table(key="quartal", title=f"Teilnehmende nach Quartal, {year}",
                         counts=by_quarter,
                         suppressed=suppressed, chart="Eintritte je Quartal"),
        *_outcomes(suppressed=suppressed, user=user, year=year),
    ]
    if not policy.is_staff_of_state(user):
        by_project = {k[0]: v for k, v in counts_of(["project"]).items()}
        projects = Project.objects.filter(pk__in=by_project).order_by("region__ags", "name")
        tables.insert(2, ft.org_table(
            key="project", title=f"Teilnehmende nach Projekt, {year}", counts=by_project,
            labels={p.pk: p.name for p in projects}, order=[p.pk for p in projects],
            suppressed=False, chart="Eintritte je Projekt",
            links={p.pk: reverse("kennzahlen:project", args=[year, p.pk]) for p in projects}))
    return _respond(request, tables, f"kennzahlen-{year}", "monitoring/figures_overview.html",
                    {"py": py, "year": year, "suppressed": suppressed, "attribute": attribute,
                     "state": policy.is_staff_of_state(user),
                     "reentries": reentries_shown(user=user, year=year,
                                                  suppressed=suppressed)})


@access(REGION_OBJECT, REGION)
def region_figures(request, year: int, region):
    py = budget_selectors.programme_year_get(year=year)
    user = request.user
    suppressed = must_suppress(user=user, region=region)
    attribute = _attribute(request)
    metric = 1 if attribute in EXIT_ATTRIBUTES else 0
    measures = Labels(year).measures()
    measure = request.GET.get("massnahme")
    measure = int(measure) if measure in {str(n) for n in measures} else None

    def counts_of(by, **more):
        return figure_counts(user=user, year=year, by=by, region=region,
                             measure=measure, **more)

    by_measure = {k[0]: v for k, v in figure_counts(
        user=user, year=year, by=["measure"], region=region).items()}
    base = reverse("kennzahlen:region", args=[year, region.ags])
    by_project = {k[0]: v for k, v in counts_of(["project"]).items()}
    projects = Project.objects.filter(region=region, pk__in=by_project) \
        .order_by("measure_number", "name")
    project_names = {p.pk: p.name for p in projects}
    scope = f"{region.name}, {year}" + (f", Maßnahmeart {measure}" if measure else "")
    tables = [
        ft.org_table(key="measure", title=f"Teilnehmende nach Maßnahmeart: {region.name}, {year}",
                     counts=by_measure, labels={n: f"{n} – {t}" for n, t in measures.items()},
                     order=sorted(set(measures) | set(by_measure)), suppressed=suppressed,
                     chart="Eintritte je Maßnahmeart",
                     links={n: f"{base}?massnahme={n}" for n in measures}),
        ft.org_table(key="project", title=f"Teilnehmende nach Projekt: {scope}",
                     counts=by_project, labels=project_names, order=list(project_names),
                     suppressed=suppressed, chart="Eintritte je Projekt",
                     links={pk: reverse("kennzahlen:project", args=[year, pk])
                            for pk in project_names}),
        ft.quarter_table(key="quartal", title=f"Teilnehmende nach Quartal: {scope}",
                         counts={k[0]: v for k, v in counts_of(["quarter"]).items()},
                         suppressed=suppressed, chart="Eintritte je Quartal"),
        ft.cross_table(key=f"merkmal-{attribute}",
                       title=f"{'Austritte' if metric else 'Eintritte'} nach "
                             f"{KEY_LABELS[attribute]} und Projekt: {scope}",
                       attribute=attribute, counts=counts_of(["project", attribute]),
                       row_key="project", labels=project_names, order=list(project_names),
                       metric=metric, suppressed=suppressed,
                       residences=dict(Region.objects.values_list("ags", "name")),
                       chart=f"{'Austritte' if metric else 'Eintritte'} nach "
                             f"{KEY_LABELS[attribute]}"),
        *_outcomes(suppressed=suppressed, user=user, year=year, region=region,
                   measure=measure),
    ]
    return _respond(request, tables, f"kennzahlen-{year}-{region.ags}",
                    "monitoring/figures_region.html",
                    {"py": py, "year": year, "region": region, "suppressed": suppressed,
                     "attribute": attribute, "measure": measure,
                     "measure_title": measures.get(measure, "") if measure else "",
                     "state": policy.is_staff_of_state(user),
                     "reentries": reentries_shown(user=user, year=year, suppressed=suppressed,
                                                  region=region, measure=measure)})


@access(PROJECT_OBJECT, PROJECT)
def project_figures(request, year: int, project):
    py = budget_selectors.programme_year_get(year=year)
    user = request.user
    suppressed = must_suppress(user=user, project=project)
    attribute = _attribute(request)
    metric = 1 if attribute in EXIT_ATTRIBUTES else 0

    def counts_of(by):
        return figure_counts(user=user, year=year, by=by, project=project)

    scope = f"{project.name}, {year}"
    by_quarter_value = counts_of(["quarter", attribute])
    tables = [
        ft.quarter_table(key="quartal", title=f"Teilnehmende nach Quartal: {scope}",
                         counts={k[0]: v for k, v in counts_of(["quarter"]).items()},
                         suppressed=suppressed, chart="Eintritte je Quartal"),
        ft.cross_table(key=f"merkmal-{attribute}",
                       title=f"{'Austritte' if metric else 'Eintritte'} nach "
                             f"{KEY_LABELS[attribute]} und Quartal: {scope}",
                       attribute=attribute, counts=by_quarter_value, row_key="quarter",
                       labels={q: ft.quarter_label(q) for (q, _) in by_quarter_value},
                       order=sorted({q for (q, _) in by_quarter_value}),
                       metric=metric, suppressed=suppressed,
                       residences=dict(Region.objects.values_list("ags", "name")),
                       chart=f"{'Austritte' if metric else 'Eintritte'} nach "
                             f"{KEY_LABELS[attribute]}"),
        *_outcomes(suppressed=suppressed, user=user, year=year, project=project),
    ]
    return _respond(request, tables, f"kennzahlen-{year}-projekt-{project.pk}",
                    "monitoring/figures_project.html",
                    {"py": py, "year": year, "project": project, "region": project.region,
                     "suppressed": suppressed, "attribute": attribute,
                     "region_link": policy.can_view_region(user, project.region_id),
                     "reentries": reentries_shown(user=user, year=year, suppressed=suppressed,
                                                  project=project)})
