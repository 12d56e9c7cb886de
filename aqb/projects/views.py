from django.db.models import Q
from django.shortcuts import render

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, PROJECT_OBJECT, access
from aqb.audit.selectors import history_for
from aqb.budgets.measures import measure_title_expression
from aqb.regions.models import Region

from .selectors import PROJECT, measure_title, project_list


def _year(request) -> int | None:
    raw = request.GET.get("jahr", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def _record_years(project) -> list[int]:
    """The programme years the project runs in (up to this year), newest first."""
    import datetime

    last = min(project.last_year or 9999, datetime.date.today().year)
    return list(range(max(last, project.first_year), project.first_year - 1, -1))


@access(LOGIN)
def project_index(request):
    editable = policy.principal(request.user).region_ids
    projects = project_list(user=request.user)
    year = _year(request)
    if year is not None:  # projects running in the programme year
        projects = projects.filter(first_year__lte=year).filter(
            Q(last_year__isnull=True) | Q(last_year__gte=year))
    return render(request, "projects/index.html", {
        "projects": projects.annotate(measure_title=measure_title_expression()),
        "year": year,
        # a region creates projects for itself; the ministry from a region's project list
        "new_for": Region.objects.filter(pk__in=editable).order_by("name")})


@access(PROJECT_OBJECT, PROJECT)
def project_detail(request, project):
    entries = project.agreement_entries.select_related(
        "measure__agreement__programme_year").order_by("-measure__agreement__programme_year__year")
    return render(request, "projects/detail.html", {
        "project": project, "entries": entries, "measure_title": measure_title(project),
        "can_edit": policy.can_edit_region_data(request.user, project.region_id),
        # participants' records (monitoring, /teilnehmende/): the region and the provider only
        "records_years": _record_years(project)
        if policy.can_see_records(request.user, project.region_id, project.provider_id)
        else None,
        # the provider sees its project, not who changed it (names of state and region staff)
        "history": history_for(project)[:50]
        if policy.can_view_region(request.user, project.region_id) else None})
