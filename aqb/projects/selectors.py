"""Projects, scoped: the state sees all, a region its own, a provider the ones it runs."""

from django.db.models import QuerySet

from aqb.accounts import policy

from .models import Project


def project_list(*, user) -> QuerySet[Project]:
    qs = Project.objects.select_related("region", "provider")
    return policy.scope_by_region_or_provider(user, qs)


# A view of one project: `@access(PROJECT_OBJECT, PROJECT)` on a URL with <int:pk>.
PROJECT = policy.Resolver(
    "project", {"pk": int},
    load=lambda pk: Project.objects.select_related("region", "provider").filter(pk=pk).first(),
    region_of=lambda project: project.region_id,
    provider_of=lambda project: project.provider_id,
    not_found="Projekt nicht gefunden.")


def project_get(*, user, pk: int) -> Project:
    """The project, if the user is the state, its region or its provider; 404 otherwise."""
    return policy.resolve(user, policy.PROJECT_OBJECT, PROJECT, pk=pk)


def measure_title(project: Project) -> str:
    """The title of the project's measure type in its first year (default titles otherwise)."""
    from aqb.budgets.models import DEFAULT_MEASURE_TYPES, MeasureType

    row = MeasureType.objects.filter(programme_year__year=project.first_year,
                                     number=project.measure_number).first()
    return row.title if row else DEFAULT_MEASURE_TYPES.get(project.measure_number, "")
