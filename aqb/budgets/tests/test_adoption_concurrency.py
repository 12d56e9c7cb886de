"""Two adoptions in one programme year at the same time, on PostgreSQL, each in its own
thread and database connection (tests/concurrency.py; skipped on SQLite). The year's row
lock serialises them: one adoption writes the allocations, the other is refused with a
German message to reload; no allocation twice, one audit entry, the chain stays valid."""

from decimal import Decimal

from aqb.audit.models import AuditEntry
from aqb.budgets import planning
from aqb.budgets.models import Allocation, AllocationPart, ProgrammeYear
from tests.concurrency import (
    ONLY_POSTGRES,
    RELOAD,
    assert_chain_valid,
    assert_no_errors,
    race,
    refusals,
    successes,
)

from .helpers import planned_year

pytestmark = ONLY_POSTGRES


def _adopt(actor, scenario, seen=None):
    def call():
        planning.scenario_adopt(actor=actor, scenario=scenario, seen=seen)
        return scenario.name
    return call


def _stored(py) -> dict[int, Decimal]:
    return dict(Allocation.objects.filter(programme_year=py).values_list("region_id",
                                                                         "amount"))


def test_two_adoptions_of_the_same_scenario_write_it_once(ministry_user, tmp_path):
    py, _ind, sc = planned_year(ministry_user, tmp_path)
    outcomes = race(_adopt(ministry_user, sc), _adopt(ministry_user, sc))
    assert_no_errors(outcomes)
    assert len(successes(outcomes)) == 1 and len(refusals(outcomes)) == 1, outcomes
    assert "bereits übernommen" in refusals(outcomes)[0] and RELOAD in refusals(outcomes)[0]
    assert ProgrammeYear.objects.get(pk=py.pk).adopted_scenario_id == sc.pk
    assert Allocation.objects.filter(programme_year=py).count() == 26
    assert _stored(py) == planning.adoption_amounts(sc)
    assert AllocationPart.objects.filter(allocation__programme_year=py).count() == 26
    assert AuditEntry.objects.filter(action="scenario.adopt").count() == 1
    assert AuditEntry.objects.filter(action="allocation.set").count() == 26
    assert_chain_valid()


def test_two_people_adopting_different_scenarios_from_the_same_page(ministry_user, tmp_path):
    py, ind, first = planned_year(ministry_user, tmp_path)
    second = planning.scenario_create(actor=ministry_user, programme_year=py, name="B",
                                      indicator_set=ind, weights="einwohner=1",
                                      floor=Decimal("300000"), unit=Decimal("10"))
    # both opened their adoption page while no scenario was adopted (seen = "")
    outcomes = race(_adopt(ministry_user, first, seen=""),
                    _adopt(ministry_user, second, seen=""))
    assert_no_errors(outcomes)
    winners, losers = successes(outcomes), refusals(outcomes)
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0] == planning.STALE_ADOPTION and RELOAD in losers[0]
    winner = first if winners[0] == "A" else second
    assert ProgrammeYear.objects.get(pk=py.pk).adopted_scenario_id == winner.pk
    # the allocations are all the winner's: no mixture of two scenarios
    assert _stored(py) == planning.adoption_amounts(winner)
    assert AuditEntry.objects.filter(action="scenario.adopt").count() == 1
    assert_chain_valid()
