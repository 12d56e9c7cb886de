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


def record_overview(*, user):
    """Per project and programme year the number of records the user may see (the index of
    the record pages): rows of project id, year and count, no record data."""
    from django.db.models import Count

    return (participants(user=user).values("project", "year")
            .annotate(n=Count("id")).order_by("-year", "project"))


def record_accesses(*, user) -> QuerySet:
    """The log of openings of record-level data: the ministry (data-protection oversight) sees
    all of it, a region the openings of its projects' records, nobody else any."""
    from .models import RecordAccess

    qs = RecordAccess.objects.select_related("project", "project__region")
    p = policy.principal(user)
    if p.ministry:
        return qs
    return qs.filter(project__region_id__in=p.region_ids)


def participant_revision(record: Participant) -> str:
    """A short fingerprint of a record's correctable content (the form's fields, the last
    entry date and the count of entries). The correction form carries it; `participant_save`
    refuses the correction when it no longer matches, i.e. someone else changed the record
    since the form was loaded (no lost update; docs/reliability.md, "Concurrency")."""
    from aqb.ui.revisions import fingerprint

    from .records import FIELDS

    return fingerprint({f: getattr(record, f) for f in (*FIELDS, "last_entry_date", "entries")})
