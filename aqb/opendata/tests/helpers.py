"""Published and unpublished programme years for the open-data tests."""

from datetime import date
from decimal import Decimal

from aqb.budgets import changes, services
from aqb.opendata.services import year_publish
from aqb.regions.models import Region


def year_with_allocations(ministry, year: int, *, publish: bool, base: int = 100_000):
    """A programme year with an allocation for each of the 26 regions (base + 1 000 x n) and,
    in it, one dated cut of 5 000 Euro for Waldeck-Frankenberg."""
    py = services.programme_year_create(actor=ministry, year=year, total=Decimal("5000000"))
    for n, region in enumerate(Region.objects.order_by("ags")):
        services.allocation_set(actor=ministry, programme_year=py, region=region,
                                amount=Decimal(base + 1000 * n))
    changes.allocation_change_record(
        actor=ministry, programme_year=py, kind="cut", effective_date=date(year, 7, 1),
        reason="Haushaltssperre", lines=[changes.ChangeLine(
            Region.objects.get(ags="06635"), None, Decimal("-5000"))])
    if publish:
        year_publish(actor=ministry, programme_year=py)
    return py
