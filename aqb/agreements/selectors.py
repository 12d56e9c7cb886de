"""Reads of agreements, scoped to the user; the public sees only published ones."""

from django.db.models import QuerySet
from django.http import Http404

from aqb.accounts import policy

from .models import Agreement, Status


def agreement_list(*, user, year: int | None = None) -> QuerySet[Agreement]:
    qs = Agreement.objects.select_related("region", "programme_year")
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    return policy.scope_by_region(user, qs)


def agreement_get(*, user, pk: int) -> Agreement:
    agreement = Agreement.objects.select_related("region", "programme_year", "template").filter(
        pk=pk).first()
    if agreement is None or not policy.can_view_region(user, agreement.region_id):
        raise Http404("Zielvereinbarung nicht gefunden.")
    return agreement


def published_list(*, year: int | None = None) -> QuerySet[Agreement]:
    """What the public may see: the newest published version per region and year."""
    qs = Agreement.objects.filter(status=Status.PUBLISHED).select_related(
        "region", "programme_year").order_by("-programme_year__year", "region__ags", "-version")
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    seen, keep = set(), []
    for a in qs:
        key = (a.region_id, a.programme_year_id)
        if key not in seen:
            seen.add(key)
            keep.append(a.pk)
    return Agreement.objects.filter(pk__in=keep).select_related(
        "region", "programme_year").order_by("-programme_year__year", "region__ags")


def published_get(*, pk: int) -> Agreement:
    agreement = Agreement.objects.filter(pk=pk, status=Status.PUBLISHED).select_related(
        "region", "programme_year").first()
    if agreement is None:
        raise Http404("Keine veröffentlichte Zielvereinbarung.")
    return agreement


def published_for_region(region) -> QuerySet[Agreement]:
    return published_list().filter(region=region)
