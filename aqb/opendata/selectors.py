"""What the public may see: published programme years (no user: everything here is public)."""

from __future__ import annotations

from django.http import Http404

from aqb.budgets.models import ProgrammeYear


def public_years() -> list[int]:
    """The published programme years, oldest first."""
    return list(ProgrammeYear.objects.filter(publication__isnull=False)
                .order_by("year").values_list("year", flat=True))


def public_year_get(year: int) -> ProgrammeYear:
    """The published programme year; 404 for any other (also an existing unpublished one)."""
    py = ProgrammeYear.objects.filter(year=year, publication__isnull=False).first()
    if py is None:
        raise Http404("Für dieses Jahr sind keine Daten veröffentlicht.")
    return py
