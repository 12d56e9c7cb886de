"""Reading participant records: only the project's region and provider (never the state,
which sees figures); the resolver of one record for views and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from aqb.accounts import policy

from .models import Participant

# A view of one record: `@access(PROJECT_RECORDS, PARTICIPANT)` on a URL with <int:pk>.
PARTICIPANT = policy.Resolver(
    "participant", {"pk": int},
    load=lambda pk: Participant.objects.select_related(
        "project", "project__region", "project__provider").filter(pk=pk).first(),
    region_of=lambda record: record.project.region_id,
    provider_of=lambda record: record.project.provider_id,
    not_found="Datensatz nicht gefunden.")


def participants(*, user, project=None, year: int | None = None) -> QuerySet[Participant]:
    """Records the user may see (region or provider of the project), optionally of one project
    and year. Callers that show them log the access (`access_log`)."""
    qs = policy.scope_records(user, Participant.objects.select_related("project"),
                              region_field="project__region_id",
                              provider_field="project__provider_id")
    if project is not None:
        qs = qs.filter(project=project)
    if year is not None:
        qs = qs.filter(year=year)
    return qs
