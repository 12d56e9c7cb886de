"""Service level: indicator uploads, scenarios, adoption, earmark parts."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.budgets import planning, selectors, services
from aqb.budgets.models import Allocation, IndicatorSet, Scenario

from .helpers import indicator_rows, planned_year, write_csv

pytestmark = pytest.mark.django_db


def test_a_scenario_splits_total_minus_earmarks_exactly(ministry_user, tmp_path):
    py, _, sc = planned_year(ministry_user, tmp_path)
    amounts = selectors.scenario_amounts(user=ministry_user, scenario=sc)
    assert len(amounts) == 26
    assert sum(amounts.values()) == Decimal("27700000.00") == sc.total
    assert all(a >= Decimal("300000") and a % 10 == 0 for a in amounts.values())


def test_a_bad_upload_names_row_and_column_and_stores_nothing(ministry_user, tmp_path):
    py = services.programme_year_create(actor=ministry_user, year=2025, total=Decimal("1000"))
    rows = indicator_rows()
    rows[3] = (rows[3][0], "-5", rows[3][2])
    rows[5] = ("06999", 1, 1)
    with pytest.raises(ValidationError) as err:
        planning.indicator_set_create(actor=ministry_user, programme_year=py, name="X",
                                      path=write_csv(tmp_path / "bad.csv", rows),
                                      filename="bad.csv")
    text = " ".join(err.value.message_dict["file"])
    assert "Zeile 5, Spalte B (arbeitslose)" in text and "negativ" in text
    assert "06999" in text
    assert not IndicatorSet.objects.exists()


def test_weights_naming_an_unknown_indicator_are_refused(ministry_user, tmp_path):
    py, ind, _ = planned_year(ministry_user, tmp_path)
    with pytest.raises(ValidationError, match="arbeitlose"):
        planning.scenario_create(actor=ministry_user, programme_year=py, name="B",
                                 indicator_set=ind, weights="arbeitlose=1", floor=Decimal("0"),
                                 unit=Decimal("1"))
    assert Scenario.objects.count() == 1


def test_adopting_writes_allocations_with_earmark_parts_and_audit(ministry_user, tmp_path):
    py, ind, sc = planned_year(ministry_user, tmp_path)
    em = py.earmarks.get()
    planning.earmark_distribute_by_key(actor=ministry_user, earmark=em, indicator_set=ind,
                                       weights="einwohner=1", unit=Decimal("100"))
    planning.scenario_adopt(actor=ministry_user, scenario=sc)
    assert selectors.allocation_total(user=ministry_user, programme_year=py) == Decimal(
        "28700000.00")
    wf = Allocation.objects.get(programme_year=py, region__ags="06635")
    current = selectors.allocation_current_unscoped(wf.region, py)
    labels = {p.label: p.current for p in current.parts}
    assert set(labels) == {"Allgemeiner Anteil", "Teilzeitausbildung"}
    assert sum(labels.values()) == wf.amount == current.current
    assert AuditEntry.objects.filter(action="scenario.adopt").count() == 1
    assert AuditEntry.objects.filter(action="allocation.set").count() == 26


def test_fixed_earmark_amounts_must_add_up(ministry_user, tmp_path):
    py, _, _ = planned_year(ministry_user, tmp_path)
    em = py.earmarks.get()
    with pytest.raises(ValidationError, match="Summe muss genau stimmen"):
        planning.earmark_distribute_fixed(actor=ministry_user, earmark=em,
                                          amounts={"06635": Decimal("999999")})
    planning.earmark_distribute_fixed(actor=ministry_user, earmark=em,
                                      amounts={"06635": Decimal("600000"),
                                               "06411": Decimal("400000")})
    assert em.shares.count() == 2 and em.rule == "fixed"


def test_the_change_limit_uses_the_previous_year(ministry_user, tmp_path):
    prev = services.programme_year_create(actor=ministry_user, year=2024,
                                          total=Decimal("27700000"))
    from aqb.regions.models import Region

    for region in Region.objects.all():
        services.allocation_set(actor=ministry_user, programme_year=prev, region=region,
                                amount=Decimal("1065380") if region.ags != "06635"
                                else Decimal("1065500"))
    py, ind, _ = planned_year(ministry_user, tmp_path)
    sc = planning.scenario_create(actor=ministry_user, programme_year=py, name="Grenze",
                                  indicator_set=ind, weights="arbeitslose=1",
                                  floor=Decimal("0"), unit=Decimal("10"),
                                  max_change=Decimal("0.05"))
    for ags, amount in selectors.scenario_amounts(user=ministry_user, scenario=sc).items():
        before = Decimal("1065500") if ags == "06635" else Decimal("1065380")
        assert before * Decimal("0.95") <= amount <= before * Decimal("1.05")


def test_regions_may_not_plan(region_user, ministry_user, tmp_path):
    py, ind, sc = planned_year(ministry_user, tmp_path)
    with pytest.raises(PermissionDenied):
        planning.scenario_adopt(actor=region_user, scenario=sc)
