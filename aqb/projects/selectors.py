"""Projects, scoped: the state sees all, a region its own, a provider the ones it runs."""

from django.db.models import QuerySet
from django.http import Http404

from aqb.accounts import policy

from .models import Project


def project_list(*, user) -> QuerySet[Project]:
    qs = Project.objects.select_related("region", "provider")
    return policy.scope_by_region_or_provider(user, qs)


def project_get(*, user, pk: int) -> Project:
    project = Project.objects.select_related("region", "provider").filter(pk=pk).first()
    if project is None or not policy.can_view_project(user, project.region_id,
                                                      project.provider_id):
        raise Http404("Projekt nicht gefunden.")
    return project


def measure_title(project: Project) -> str:
    """The title of the project's measure type in its first year (default titles otherwise)."""
    from aqb.budgets.models import DEFAULT_MEASURE_TYPES, MeasureType

    row = MeasureType.objects.filter(programme_year__year=project.first_year,
                                     number=project.measure_number).first()
    return row.title if row else DEFAULT_MEASURE_TYPES.get(project.measure_number, "")
