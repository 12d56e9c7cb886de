"""A budget change while the application is decided, on PostgreSQL, each in its own thread
and database connection (tests/concurrency.py; skipped on SQLite): the ministry cuts the
region's allocation while the authority issues the notice. Both lock the programme year, so
one of them sees the other's result; the region's grant never exceeds its allocation, the
loser gets a German message, the audit chain stays valid."""

import dataclasses
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from aqb.audit.models import AuditEntry
from aqb.budgets.changes import ChangeLine, allocation_change_record
from aqb.budgets.models import AllocationChange, ChangeKind
from aqb.budgets.selectors import allocation_current_unscoped
from aqb.funding.models import Notice, NoticeVersion
from aqb.funding.notices import NoticeInput, notice_amend, notice_input_from, notice_issue
from tests.concurrency import (
    ONLY_POSTGRES,
    assert_chain_valid,
    assert_no_errors,
    race,
    refusals,
    successes,
)

pytestmark = ONLY_POSTGRES


def _cut(actor, year, region, amount):
    def call():
        allocation_change_record(
            actor=actor, programme_year=year, kind=ChangeKind.CUT,
            effective_date=date(2025, 4, 15), reason="Haushaltssperre",
            lines=[ChangeLine(region=region, earmark=None, delta=-Decimal(amount))])
        return "Kürzung"
    return call


def _granted(region, year) -> Decimal:
    return NoticeVersion.objects.filter(
        notice__region=region, notice__programme_year=year, is_current=True).aggregate(
        s=Sum("amount"))["s"] or Decimal(0)


def _check_no_overdraw(region, year) -> None:
    current = allocation_current_unscoped(region, year).current
    assert _granted(region, year) <= current, (_granted(region, year), current)


def test_a_cut_while_the_notice_is_issued_never_overdraws(ready_application, year,
                                                          ministry_user, authority_user):
    region = ready_application.region  # 500 000 EUR allocated, 80 000 EUR to be granted
    outcomes = race(
        _cut(ministry_user, year, region, "450000"),
        lambda: notice_issue(actor=authority_user, application=ready_application,
                             data=NoticeInput(date=date(2025, 4, 15),
                                              share_percent=Decimal("80"))) and "Bescheid")
    assert_no_errors(outcomes)
    assert len(successes(outcomes)) == 1 and len(refusals(outcomes)) == 1, outcomes
    _check_no_overdraw(region, year)
    if successes(outcomes) == ["Kürzung"]:
        assert "übersteigt die aktuelle Zuweisung" in refusals(outcomes)[0]
        assert not Notice.objects.exists()
    else:
        assert "bewilligt" in refusals(outcomes)[0] and "Bitte laden" in refusals(outcomes)[0]
        assert not AllocationChange.objects.exists()
    assert AuditEntry.objects.filter(action__in=["notice.issue", "allocation_change.cut"]
                                     ).count() == 1
    assert_chain_valid()


def test_a_cut_while_the_notice_is_raised_never_overdraws(notice, year, ministry_user,
                                                          authority_user):
    region = notice.region  # 80 000 EUR granted of 500 000 EUR
    raised = notice_input_from(notice.current, day=date(2025, 5, 2))
    raised = dataclasses.replace(raised, amount=Decimal("100000"),
                                 eligible_costs=Decimal("125000"), share_percent=Decimal("80"),
                                 cash={2025: Decimal("100000")})
    outcomes = race(
        _cut(ministry_user, year, region, "420000"),
        lambda: notice_amend(actor=authority_user, notice=notice, data=raised,
                             reason="Mehrbedarf") and "Änderungsbescheid")
    assert_no_errors(outcomes)
    assert len(successes(outcomes)) == 1 and len(refusals(outcomes)) == 1, outcomes
    _check_no_overdraw(region, year)
    assert_chain_valid()
