"""Reads of conferences and good practice, scoped to the reader.

Conferences belong to no region: the state and the regions see them (providers do not).
Registrations are personal: the state sees all, a region only its own people's; counts of
places are shown to everyone who sees the conference. Good-practice entries: the state sees
all, a region its own; the public (and so everyone) sees published ones through
`published_practice_*`.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from aqb.accounts import policy

from .models import (
    Conference,
    PracticeEntry,
    PracticeStatus,
    Registration,
    RegistrationStatus,
)


def may_see_conferences(*, user) -> bool:
    p = policy.principal(user)
    return p.sees_all_regions or bool(p.region_ids)


def conference_list(*, user) -> QuerySet[Conference]:
    if not may_see_conferences(user=user):
        return Conference.objects.none()
    return Conference.objects.annotate(
        registered=Count("registrations", filter=Q(
            registrations__status=RegistrationStatus.REGISTERED)),
        waiting=Count("registrations", filter=Q(
            registrations__status=RegistrationStatus.WAITING))).order_by("-starts_at", "pk")


def conference_counts(*, user, conference: Conference) -> dict:
    """Places taken, free, waiting and attended (counts only, no names)."""
    if not may_see_conferences(user=user):
        return {}
    raw = conference.registrations.aggregate(
        n_registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        n_waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        n_attended=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED, attended=True)),
        n_absent=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED, attended=False)))
    counts = {k.removeprefix("n_"): v for k, v in raw.items()}
    counts["free"] = max(conference.capacity - counts["registered"], 0)
    return counts


def conference_registrations(*, user, conference: Conference) -> QuerySet[Registration]:
    """Live registrations (places and waiting list) the user may see: the state all of them,
    a region its own people's, anyone else only their own."""
    qs = conference.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related(
        "user", "region").order_by("status", "position", "created_at", "pk")
    p = policy.principal(user)
    if p.sees_all_regions:
        return qs
    return qs.filter(Q(region__in=p.region_ids) | Q(user=user)) if user.is_authenticated \
        else qs.none()


def registration_own(*, user, conference: Conference) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return conference.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(
        user=user).first()


REGISTRATION = policy.Resolver(
    "registration", {"pk": int},
    load=lambda pk: Registration.objects.select_related("conference", "user").filter(
        pk=pk).first(),
    region_of=lambda r: r.region_id, not_found="Anmeldung nicht gefunden.")


def practice_list(*, user) -> QuerySet[PracticeEntry]:
    """All entries for the state, a region's own (drafts and published) for a region."""
    qs = PracticeEntry.objects.select_related("region", "measure_type", "project")
    return policy.scope_by_region(user, qs).order_by("region__name", "title", "pk")


PRACTICE = policy.Resolver(
    "practice", {"pk": int},
    load=lambda pk: PracticeEntry.objects.select_related(
        "region", "measure_type", "project").filter(pk=pk).first(),
    region_of=lambda e: e.region_id, not_found="Beispiel nicht gefunden.")


# --- public ---------------------------------------------------------------------------------

def published_practice_search(*, query: str = "", region: str = "",
                              measure: int | None = None) -> QuerySet[PracticeEntry]:
    """Published entries matching every word of `query` (title, text, region, measure type,
    project; case-insensitive on every database), of the region with AGS `region` and the
    measure type number `measure`."""
    qs = PracticeEntry.objects.filter(status=PracticeStatus.PUBLISHED).select_related(
        "region", "measure_type", "project")
    for word in (query or "").split()[:10]:
        qs = qs.filter(Q(title__icontains=word) | Q(what_worked__icontains=word)
                       | Q(region__name__icontains=word)
                       | Q(measure_type__title__icontains=word)
                       | Q(project__name__icontains=word))
    if region:
        qs = qs.filter(region__ags=region)
    if measure:
        qs = qs.filter(measure_type__number=measure)
    return qs.order_by("-published_at", "title", "pk")


def published_practice_facets() -> dict:
    """The regions and measure types that published entries have (the filters' choices)."""
    qs = PracticeEntry.objects.filter(status=PracticeStatus.PUBLISHED)
    regions = list(qs.values_list("region__ags", "region__name").distinct().order_by(
        "region__name"))
    measures = {}
    for number, title in qs.values_list("measure_type__number", "measure_type__title") \
            .order_by("measure_type__number", "-measure_type__programme_year__year"):
        measures.setdefault(number, title)
    return {"regions": regions, "measures": sorted(measures.items())}


PUBLISHED_PRACTICE = policy.Resolver(
    "published_practice", {"pk": int},
    load=lambda pk: PracticeEntry.objects.select_related(
        "region", "measure_type", "project").filter(
        pk=pk, status=PracticeStatus.PUBLISHED).first(),
    region_of=lambda e: e.region_id, not_found="Beispiel nicht gefunden.")
