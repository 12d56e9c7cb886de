"""Service level: dated changes during the year and the cash plan (tranches)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from aqb.audit.models import AuditEntry
from aqb.budgets import changes, planning, selectors, services
from aqb.budgets.models import Allocation, CashPlanEntry
from aqb.regions.models import Region

from .helpers import planned_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(ministry_user, tmp_path):
    py, ind, sc = planned_year(ministry_user, tmp_path)
    planning.earmark_distribute_fixed(actor=ministry_user, earmark=py.earmarks.get(),
                                      amounts={"06635": Decimal("500000"),
                                               "06411": Decimal("500000")})
    planning.scenario_adopt(actor=ministry_user, scenario=sc)
    return py


def test_a_cut_is_dated_and_keeps_before_and_after(ministry_user, adopted):
    wf = Region.objects.get(ags="06635")
    initial = Allocation.objects.get(programme_year=adopted, region=wf).amount
    changes.allocation_change_record(
        actor=ministry_user, programme_year=adopted, kind="cut", effective_date=date(2025, 7, 1),
        reason="Haushaltssperre", lines=[changes.ChangeLine(wf, None, Decimal("-50000"))])
    assert Allocation.objects.get(programme_year=adopted, region=wf).amount == initial
    before = selectors.allocation_current_unscoped(wf, adopted, on=date(2025, 6, 30))
    after = selectors.allocation_current_unscoped(wf, adopted, on=date(2025, 7, 1))
    assert before.current == initial
    assert after.current == initial - Decimal("50000")
    [change] = selectors.allocation_changes(user=ministry_user, programme_year=adopted)
    [line] = change.visible_lines
    assert (line.region_before, line.region_after) == (initial, initial - Decimal("50000"))
    assert change.created_by == ministry_user
    assert AuditEntry.objects.filter(action="allocation_change.cut").exists()


def test_a_shift_between_earmark_and_general_part_keeps_the_region_total(ministry_user,
                                                                          adopted):
    wf = Region.objects.get(ags="06635")
    em = adopted.earmarks.get()
    total = selectors.allocation_current_unscoped(wf, adopted).current
    changes.allocation_change_record(
        actor=ministry_user, programme_year=adopted, kind="shift",
        effective_date=date(2025, 9, 1), reason="Teilzeitausbildung nicht ausgeschöpft",
        lines=[changes.ChangeLine(wf, em, Decimal("-100000")),
               changes.ChangeLine(wf, None, Decimal("100000"))])
    now = selectors.allocation_current_unscoped(wf, adopted)
    assert now.current == total
    assert {p.label: p.current for p in now.parts}["Teilzeitausbildung"] == Decimal("400000")


def test_a_shift_must_add_up_to_zero_and_nothing_is_kept(ministry_user, adopted):
    wf, da = Region.objects.get(ags="06635"), Region.objects.get(ags="06411")
    with pytest.raises(ValidationError, match="Summe 0"):
        changes.allocation_change_record(
            actor=ministry_user, programme_year=adopted, kind="shift",
            effective_date=date(2025, 9, 1), reason="x",
            lines=[changes.ChangeLine(wf, None, Decimal("-10")),
                   changes.ChangeLine(da, None, Decimal("20"))])
    assert not adopted.allocation_changes.exists()


def test_a_cut_beyond_the_part_is_refused(ministry_user, adopted):
    wf = Region.objects.get(ags="06635")
    with pytest.raises(ValidationError, match="reichen"):
        changes.allocation_change_record(
            actor=ministry_user, programme_year=adopted, kind="cut",
            effective_date=date(2025, 9, 1), reason="x",
            lines=[changes.ChangeLine(wf, adopted.earmarks.get(), Decimal("-500000.01"))])


def test_after_a_change_nothing_is_overwritten(ministry_user, adopted):
    wf = Region.objects.get(ags="06635")
    changes.allocation_change_record(
        actor=ministry_user, programme_year=adopted, kind="increase",
        effective_date=date(2025, 5, 1), reason="Nachtrag",
        lines=[changes.ChangeLine(wf, None, Decimal("1000"))])
    with pytest.raises(ValidationError, match="datierte Änderung"):
        services.allocation_set(actor=ministry_user, programme_year=adopted, region=wf,
                                amount=Decimal("1"))
    with pytest.raises(ValidationError, match="datierte Änderung"):
        planning.scenario_adopt(actor=ministry_user, scenario=adopted.scenarios.get())
    with pytest.raises(ValidationError, match="01.05.2025"):
        changes.allocation_change_record(
            actor=ministry_user, programme_year=adopted, kind="increase",
            effective_date=date(2025, 4, 1), reason="rückwirkend",
            lines=[changes.ChangeLine(wf, None, Decimal("1000"))])


def test_region_users_see_only_their_lines_of_a_shift(ministry_user, region_user, adopted):
    wf, da = Region.objects.get(ags="06635"), Region.objects.get(ags="06411")
    changes.allocation_change_record(
        actor=ministry_user, programme_year=adopted, kind="shift",
        effective_date=date(2025, 9, 1), reason="Ausgleich",
        lines=[changes.ChangeLine(da, None, Decimal("-1000")),
               changes.ChangeLine(wf, None, Decimal("1000"))])
    [change] = selectors.allocation_changes(user=region_user, programme_year=adopted)
    assert [ln.region.ags for ln in change.visible_lines] == ["06635"]


def test_cash_plan_spreads_a_tranche_over_calendar_years(ministry_user, region_user, adopted):
    wf = Region.objects.get(ags="06635")
    current = selectors.allocation_current_unscoped(wf, adopted).current
    changes.cash_plan_set(actor=region_user, programme_year=adopted, region=wf,
                          amounts={2025: Decimal("400000"), 2026: Decimal("300000")})
    rows = selectors.cash_by_calendar_year(user=region_user, region=wf)
    assert [(r["calendar_year"], r["s"]) for r in rows] == [
        (2025, Decimal("400000.00")), (2026, Decimal("300000.00"))]
    with pytest.raises(ValidationError, match="2030"):
        changes.cash_plan_set(actor=ministry_user, programme_year=adopted, region=wf,
                              amounts={2030: Decimal("1")})
    with pytest.raises(ValidationError, match="nur"):
        changes.cash_plan_set(actor=ministry_user, programme_year=adopted, region=wf,
                              amounts={2025: current + 1})
    assert CashPlanEntry.objects.count() == 2


def test_a_region_cannot_plan_cash_of_another(foreign_region_user, adopted):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        changes.cash_plan_set(actor=foreign_region_user, programme_year=adopted,
                              region=Region.objects.get(ags="06635"),
                              amounts={2025: Decimal("1")})
