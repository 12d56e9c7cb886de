"""Titles of the measure types (Maßnahmearten) for lists that know only a number and a year.

Titles are configurable per programme year; a project names its measure type by number and
has a first year. The title shown is that of the project's first year, else of the latest
earlier year, else of the earliest year there is (a project planned before any year exists).
One project at a time: `aqb.projects.selectors.measure_title`."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import MeasureType


def measure_title_expression(*, year: str = "first_year", number: str = "measure_number"):
    """An expression for `.annotate(measure_title=...)` on rows with a year and a number."""
    same = MeasureType.objects.filter(number=OuterRef(number))
    return Coalesce(
        Subquery(same.filter(programme_year__year__lte=OuterRef(year))
                 .order_by("-programme_year__year").values("title")[:1]),
        Subquery(same.order_by("programme_year__year").values("title")[:1]),
    )

