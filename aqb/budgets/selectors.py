"""Reads of programme years and allocations, scoped to the user."""

from django.db.models import QuerySet, Sum
from django.http import Http404

from aqb.accounts import policy

from .models import Allocation, ProgrammeYear


def programme_year_list() -> QuerySet[ProgrammeYear]:
    """Programme years are not secret to logged-in users; their region split is scoped."""
    return ProgrammeYear.objects.all()


def programme_year_get(*, year: int) -> ProgrammeYear:
    py = ProgrammeYear.objects.filter(year=year).first()
    if py is None:
        raise Http404("Programmjahr nicht gefunden.")
    return py


def allocation_list(*, user, programme_year: ProgrammeYear) -> QuerySet[Allocation]:
    qs = Allocation.objects.filter(programme_year=programme_year).select_related("region")
    return policy.scope_by_region(user, qs)


def allocation_total(*, programme_year: ProgrammeYear):
    return programme_year.allocations.aggregate(s=Sum("amount"))["s"]


def allocations_for_region(*, user, region) -> QuerySet[Allocation]:
    if not policy.can_view_region(user, region.pk):
        return Allocation.objects.none()
    return Allocation.objects.filter(region=region).select_related("programme_year")
