"""Reads of programme years and allocations, scoped to the user.

Every read of region-bound rows takes the user (keyword, required) and shows only what the
user may see. Unscoped reads for services, documents and commands carry `_unscoped` in their
name; views never call them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from aqb.accounts import policy

from .models import (
    Allocation,
    AllocationChange,
    AllocationChangeLine,
    AllocationPart,
    CashPlanEntry,
    Earmark,
    EarmarkShare,
    IndicatorSet,
    ProgrammeYear,
    Scenario,
    ScenarioAmount,
)

ZERO = Decimal("0.00")
GENERAL = "Allgemeiner Anteil"
_MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def programme_year_list() -> QuerySet[ProgrammeYear]:
    """Programme years are not secret to logged-in users; their region split is scoped."""
    return ProgrammeYear.objects.all()


def programme_year_get(*, year: int) -> ProgrammeYear:
    py = ProgrammeYear.objects.filter(year=year).first()
    if py is None:
        raise Http404("Programmjahr nicht gefunden.")
    return py


def _deltas_until(on: date | None) -> Coalesce:
    """Sum of change deltas for the outer allocation's region up to `on` (inclusive)."""
    lines = AllocationChangeLine.objects.filter(
        change__programme_year=OuterRef("programme_year"), region=OuterRef("region"))
    if on is not None:
        lines = lines.filter(change__effective_date__lte=on)
    sums = lines.order_by().values("region").annotate(s=Sum("delta")).values("s")
    return Coalesce(Subquery(sums, output_field=_MONEY_FIELD), Value(ZERO),
                    output_field=_MONEY_FIELD)


def allocations_current_unscoped(*, programme_year: ProgrammeYear,
                                 on: date | None = None) -> QuerySet[Allocation]:
    """All regions' allocations of the year with `changes` (sum of dated changes up to `on`,
    default: all) and `current` = amount + changes, computed in the database. Internal."""
    qs = Allocation.objects.filter(programme_year=programme_year).select_related("region")
    delta = _deltas_until(on)
    return qs.annotate(changes=delta).annotate(current=delta + Coalesce(
        "amount", Value(ZERO), output_field=_MONEY_FIELD))


def allocations_current(*, user, programme_year: ProgrammeYear,
                        on: date | None = None) -> QuerySet[Allocation]:
    """`allocations_current_unscoped`, of the regions the user may see."""
    return policy.scope_by_region(
        user, allocations_current_unscoped(programme_year=programme_year, on=on))


def allocation_list(*, user, programme_year: ProgrammeYear) -> QuerySet[Allocation]:
    return allocations_current(programme_year=programme_year, user=user)


def allocation_total(*, user, programme_year: ProgrammeYear):
    """Sum of the initial allocations the user may see (the state: Hessen's total)."""
    return policy.scope_by_region(user, programme_year.allocations.all()).aggregate(
        s=Sum("amount"))["s"]


def changes_total(*, user, programme_year: ProgrammeYear, on: date | None = None) -> Decimal:
    """Sum of the dated changes of the regions the user may see."""
    qs = AllocationChangeLine.objects.filter(change__programme_year=programme_year)
    if on is not None:
        qs = qs.filter(change__effective_date__lte=on)
    return policy.scope_by_region(user, qs).aggregate(s=Sum("delta"))["s"] or ZERO


def allocations_for_region(*, user, region) -> QuerySet[Allocation]:
    if not policy.can_view_region(user, region.pk):
        return Allocation.objects.none()
    return Allocation.objects.filter(region=region).select_related("programme_year").annotate(
        changes=_deltas_until(None)).annotate(
        current=_deltas_until(None) + Coalesce("amount", Value(ZERO), output_field=_MONEY_FIELD))


@dataclass
class PartFigure:
    label: str
    earmark_id: int | None
    initial: Decimal
    changes: Decimal
    current: Decimal


@dataclass
class CurrentAllocation:
    """A region's allocation of a year on a day: adopted amount, dated changes, current."""

    region: object
    programme_year: ProgrammeYear
    on: date | None
    initial: Decimal
    changes: Decimal
    current: Decimal
    parts: list[PartFigure] = field(default_factory=list)
    is_demo: bool = False


def allocation_current(*, user, region, programme_year: ProgrammeYear,
                       on: date | None = None) -> CurrentAllocation | None:
    """`allocation_current_unscoped` if the user may see the region; 404 otherwise."""
    if not policy.can_view_region(user, region.pk):
        raise Http404("Gebietskörperschaft nicht gefunden.")
    return allocation_current_unscoped(region, programme_year, on)


def allocation_current_unscoped(region, programme_year: ProgrammeYear,
                                on: date | None = None) -> CurrentAllocation | None:
    """The region's allocation of the programme year as valid on `on` (default: today and
    later, i.e. all recorded changes), with its parts (general part and earmark parts).

    Internal (services, documents): no access check. None if the year has no allocation for it.
    """
    alloc = allocations_current_unscoped(programme_year=programme_year, on=on).filter(
        region=region).first()
    if alloc is None:
        return None
    lines = AllocationChangeLine.objects.filter(change__programme_year=programme_year,
                                                region=region)
    if on is not None:
        lines = lines.filter(change__effective_date__lte=on)
    line_sums = {row["earmark"]: row["s"] for row in
                 lines.order_by().values("earmark").annotate(s=Sum("delta"))}
    initial_parts = {p.earmark_id: p for p in
                     AllocationPart.objects.filter(allocation=alloc).select_related("earmark")}
    names = dict(Earmark.objects.filter(programme_year=programme_year).values_list("pk", "name"))
    keys = list(dict.fromkeys([None, *sorted(k for k in initial_parts if k),
                               *sorted(k for k in line_sums if k)]))
    parts = []
    for key in keys:
        if key in initial_parts:
            initial = initial_parts[key].amount
        else:
            initial = alloc.amount if (key is None and not initial_parts) else ZERO
        changes = line_sums.get(key) or ZERO
        parts.append(PartFigure(GENERAL if key is None else names.get(key, "?"), key,
                                initial, changes, initial + changes))
    return CurrentAllocation(region, programme_year, on, alloc.amount, alloc.changes,
                             alloc.current, parts, alloc.is_demo)


def allocation_changes(*, user, programme_year: ProgrammeYear, region=None):
    """Dated changes of the year, oldest first, each with the lines the user may see."""
    lines = AllocationChangeLine.objects.filter(change__programme_year=programme_year)
    lines = policy.scope_by_region(user, lines)
    if region is not None:
        lines = lines.filter(region=region)
    lines = lines.select_related("region", "earmark")
    by_change: dict[int, list] = {}
    for line in lines:
        by_change.setdefault(line.change_id, []).append(line)
    changes = list(AllocationChange.objects.filter(pk__in=by_change).select_related(
        "created_by").order_by("effective_date", "pk"))
    for change in changes:
        change.visible_lines = by_change[change.pk]
    return changes


def earmark_shares(*, user, programme_year: ProgrammeYear) -> QuerySet[EarmarkShare]:
    """All earmark parts of the year (by earmark, then region), in one query, scoped."""
    qs = EarmarkShare.objects.filter(earmark__programme_year=programme_year).select_related(
        "region", "earmark").order_by("earmark__name", "region__ags")
    return policy.scope_by_region(user, qs)


def earmark_totals(*, user, programme_year: ProgrammeYear) -> dict[int, Decimal]:
    """Per earmark, the sum of the parts the user may see."""
    rows = policy.scope_by_region(user, EarmarkShare.objects.filter(
        earmark__programme_year=programme_year)).order_by() \
        .values("earmark").annotate(s=Sum("amount"))
    return {r["earmark"]: r["s"] for r in rows}


def indicator_sets(*, programme_year: ProgrammeYear) -> QuerySet[IndicatorSet]:
    return programme_year.indicator_sets.all()


def scenarios(*, user, programme_year: ProgrammeYear) -> QuerySet[Scenario]:
    """Scenarios with the Hessen-wide sum they distribute: the state's planning material."""
    if not policy.is_staff_of_state(user):
        return Scenario.objects.none()
    return programme_year.scenarios.select_related("indicator_set").annotate(
        distributed=Sum("amounts__amount"))


def scenario_amounts(*, user, scenario: Scenario) -> dict[str, Decimal]:
    """Amount per AGS of the regions the user may see."""
    return dict(policy.scope_by_region(user, ScenarioAmount.objects.filter(scenario=scenario))
                .values_list("region__ags", "amount"))


def previous_amounts_unscoped(*, programme_year: ProgrammeYear) -> dict[str, Decimal]:
    """Current allocations of the year before, per AGS (for the change limit). Internal."""
    prev = ProgrammeYear.objects.filter(year=programme_year.year - 1).first()
    if prev is None:
        return {}
    return {a.region.ags: a.current for a in allocations_current_unscoped(programme_year=prev)}


def cash_plan(*, user, programme_year: ProgrammeYear, region=None) -> QuerySet[CashPlanEntry]:
    qs = CashPlanEntry.objects.filter(programme_year=programme_year).select_related("region")
    if region is not None:
        qs = qs.filter(region=region)
    return policy.scope_by_region(user, qs)


def cash_by_calendar_year(*, user, region=None) -> list[dict]:
    """Planned cash per calendar year over all programme years (the cash view), in the DB."""
    qs = policy.scope_by_region(user, CashPlanEntry.objects.all())
    if region is not None:
        qs = qs.filter(region=region)
    return list(qs.order_by().values("calendar_year", "programme_year__year")
                .annotate(s=Sum("amount")).order_by("calendar_year", "programme_year__year"))
