"""Reads of master data. Region lists are scoped to what the user may see."""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from aqb.accounts import policy

from .models import GrantingAuthority, MinistryName, Region, Signatory


class MinistryNameMissing(LookupError):
    pass


def ministry_on(day: date) -> MinistryName:
    """The ministry's name valid on `day`. Used everywhere a document names the ministry."""
    row = (
        MinistryName.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    if row is None:
        raise MinistryNameMissing(
            f"Für den {day:%d.%m.%Y} ist kein Name des Ministeriums hinterlegt.")
    return row


def granting_authority() -> GrantingAuthority | None:
    return GrantingAuthority.objects.order_by("pk").first()


def region_list(*, user) -> QuerySet[Region]:
    return policy.scope_regions(user, Region.objects.all())


# A view of a region: `@access(REGION_OBJECT, REGION)` on a URL with <str:ags>.
REGION = policy.Resolver(
    "region", {"ags": str}, load=lambda ags: Region.objects.filter(ags=ags).first(),
    region_of=lambda region: region.pk, not_found="Gebietskörperschaft nicht gefunden.")


def region_get(*, user, ags: str) -> Region:
    """The region with this key, if the user may see it; 404 otherwise (also for foreign ones,
    so that a region cannot probe which keys exist)."""
    return policy.resolve(user, policy.REGION_OBJECT, REGION, ags=ags)


def signatory_on(*, user, region: Region, day: date) -> Signatory | None:
    """The region's signatory on `day`, if the user may see the region; 404 otherwise."""
    if not policy.can_view_region(user, region.pk):
        raise Http404("Gebietskörperschaft nicht gefunden.")
    return signatory_on_unscoped(region, day)


def signatory_on_unscoped(region: Region, day: date) -> Signatory | None:
    """The region's signatory on `day`. Internal (documents, services): no access check."""
    return (
        region.signatories.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
