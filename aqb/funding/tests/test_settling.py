"""Settlement and refund with interest (issue 9, item 6) at the service level."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aqb.accounts import policy
from aqb.audit.models import AuditEntry
from aqb.funding import settling
from aqb.funding.interest import fraction_to_cents, refund_interest
from aqb.funding.models import (
    BaseRate,
    NoticeStatus,
    PaymentRequest,
    PaymentStatus,
    Proof,
    ProofKind,
    ProofStatus,
    Refund,
    RefundStatus,
    Settlement,
)
from aqb.funding.rates import base_rate_table
from aqb.funding.refunds import refund_state

D = Decimal


def pay(notice, amount, *, number=1, paid_on=date(2025, 5, 10), used_on=None,
        status=PaymentStatus.PAID):
    return PaymentRequest.objects.create(
        notice=notice, number=number, date=paid_on - timedelta(days=5), amount=D(amount),
        needed_by=paid_on, reason="Abruf", status=status,
        paid_on=paid_on if status == PaymentStatus.PAID else None, used_on=used_on)


def proof(notice, costs, *, own="0", third="0", status=ProofStatus.ACCEPTED,
          kind=ProofKind.FINAL, day=date(2025, 10, 1)):
    return Proof.objects.create(notice=notice, kind=kind, date=day, report="Bericht",
                                costs=D(costs), own_funds=D(own), third_party_funds=D(third),
                                status=status)


@pytest.fixture
def settled(notice, authority_user):
    """80 000 granted (Anteil 80 %), 80 000 paid, 90 000 costs proven: 72 000 recognised,
    8 000 to be refunded, interest from 1.6.2025."""
    pay(notice, "80000")
    proof(notice, "90000")
    return settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 20),
                           effective=date(2025, 6, 1))


def test_settlement_fixes_recognised_paid_and_refund(settled, notice):
    assert (settled.recognised, settled.paid, settled.refund_amount) == (
        D("72000.00"), D("80000.00"), D("8000.00"))
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SETTLED
    assert notice.ceased_on == date(2025, 6, 1)
    refund = settled.refund
    assert refund.amount == D("8000.00")
    assert refund.interest_from == date(2025, 6, 1)
    assert refund.due_on == date(2025, 11, 20)  # one month after the refund notice
    assert refund.number == f"{notice.number}-E"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"notice.settle", "refund.issue"} <= actions


def test_effective_defaults_to_the_settlement_date(notice, authority_user):
    pay(notice, "80000")
    proof(notice, "90000")
    s = settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 20))
    assert s.effective == s.refund.interest_from == date(2025, 10, 20)


def test_no_refund_row_when_nothing_is_to_be_paid_back(notice, authority_user):
    pay(notice, "60000")
    proof(notice, "100000")
    s = settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 20))
    assert (s.recognised, s.refund_amount) == (D("80000.00"), D("0.00"))
    assert not Refund.objects.exists()


@pytest.mark.parametrize(("financing", "share", "costs", "own", "expected"), [
    ("anteil", D("80"), "90000", "0", "72000.00"),
    ("fehlbedarf", None, "90000", "25000", "65000.00"),
    ("fehlbedarf", None, "90000", "5000", "80000.00"),  # at most the grant
    ("festbetrag", None, "90000", "0", "80000.00"),
    ("festbetrag", None, "70000", "0", "70000.00"),  # costs below the fixed amount
    ("vollfinanzierung", None, "75000", "0", "75000.00"),
])
def test_recognised_follows_the_financing_type(notice, authority_user, financing, share,
                                               costs, own, expected):
    notice.versions.update(financing=financing, share_percent=share)
    pay(notice, "80000")
    proof(notice, costs, own=own)
    s = settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 20))
    assert s.recognised == D(expected)
    assert s.refund_amount == D("80000.00") - D(expected)


def test_it_refuses_without_a_checked_final_proof(notice, authority_user):
    pay(notice, "80000")
    with pytest.raises(ValidationError, match="keinen geprüften Verwendungsnachweis"):
        settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 20))
    proof(notice, "90000", status=ProofStatus.SUBMITTED)
    proof(notice, "90000", kind=ProofKind.INTERIM)
    with pytest.raises(ValidationError, match="keinen geprüften Verwendungsnachweis"):
        settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 20))
    assert not Settlement.objects.exists()


def test_it_refuses_a_second_settlement(settled, notice, authority_user):
    with pytest.raises(ValidationError, match="bereits abgerechnet"):
        settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 21))
    assert Settlement.objects.count() == 1


@pytest.mark.parametrize(("day", "effective", "message"), [
    (date(2025, 10, 20), date(2025, 4, 14), "vor dem Datum des Zuwendungsbescheids"),
    (date(2025, 10, 20), date(2025, 10, 21), "nach dem Datum der Abrechnung"),
    (date(2025, 9, 30), None, "vor dem Verwendungsnachweis"),
    (date.today() + timedelta(days=400), date(2025, 6, 1), "in der Zukunft"),
])
def test_it_refuses_wrong_dates(notice, authority_user, day, effective, message):
    pay(notice, "80000")
    proof(notice, "90000")
    with pytest.raises(ValidationError, match=message):
        settling.settle(actor=authority_user, notice=notice, date=day, effective=effective)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ACTIVE and notice.ceased_on is None


def test_it_refuses_while_a_payment_request_is_open(notice, authority_user):
    pay(notice, "50000")
    pay(notice, "10000", number=2, status=PaymentStatus.RELEASED)
    proof(notice, "90000")
    with pytest.raises(ValidationError, match="Mittelabruf ist noch nicht"):
        settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 20))


def test_only_the_authority_settles(notice, region_user, ministry_user):
    pay(notice, "80000")
    proof(notice, "90000")
    for user in (region_user, ministry_user):
        with pytest.raises(PermissionDenied):
            settling.settle(actor=user, notice=notice, date=date(2025, 10, 20))
    assert not Settlement.objects.exists()


# --- interest under § 49a Abs. 3 ------------------------------------------------------------

def test_interest_is_computed_per_base_rate_period(settled):
    state = refund_state(settled.refund, until=date(2025, 12, 31))
    # 8 000 € from 1.6.2025: 30 days at 7,27 %, 184 days at 6,27 %, both over 365 days
    assert [(p.start, p.end, p.days, p.days_in_year, p.rate) for p in state.periods] == [
        (date(2025, 6, 1), date(2025, 6, 30), 30, 365, D("7.27")),
        (date(2025, 7, 1), date(2025, 12, 31), 184, 365, D("6.27"))]
    exact = Fraction(8000) * (Fraction("7.27") * 30 + Fraction("6.27") * 184) / (100 * 365)
    assert state.interest == fraction_to_cents(exact) == D("300.66")
    assert state.open_total == D("8300.66")


def test_a_part_payment_goes_to_the_principal_first(settled, authority_user):
    refund = settled.refund
    settling.refund_payment_record(actor=authority_user, refund=refund,
                                   date=date(2025, 9, 1), amount=D("3000"))
    state = refund_state(refund, until=date(2025, 12, 31))
    assert state.open_principal == D("5000.00")
    assert state.paid_principal == D("3000.00") and state.paid_interest == D("0.00")
    expected = refund_interest(D("8000"), start=date(2025, 6, 1), paid_on=date(2025, 9, 1))
    rest = refund_interest(D("5000"), start=date(2025, 9, 1), paid_on=date(2026, 1, 1))
    assert state.interest == fraction_to_cents(expected.exact + rest.exact)
    assert AuditEntry.objects.filter(action="refund.payment").count() == 1
    refund.refresh_from_db()
    assert refund.status == RefundStatus.OPEN


def test_the_refund_is_repaid_when_principal_and_interest_are_paid(settled, authority_user):
    refund = settled.refund
    day = date(2025, 11, 3)
    settling.refund_payment_record(actor=authority_user, refund=refund, date=day,
                                   amount=D("8000"))
    state = refund_state(refund, until=date(2026, 3, 1))
    assert state.principal_cleared_on == day
    interest = refund_interest(D("8000"), start=date(2025, 6, 1), paid_on=day).amount
    assert state.interest == interest  # no interest after the principal was paid
    assert state.open_interest == interest
    refund.refresh_from_db()
    assert refund.status == RefundStatus.OPEN
    with pytest.raises(ValidationError, match="zu viel"):
        settling.refund_payment_record(actor=authority_user, refund=refund,
                                       date=date(2025, 11, 10), amount=interest + D("0.01"))
    settling.refund_payment_record(actor=authority_user, refund=refund,
                                   date=date(2025, 11, 10), amount=interest)
    refund.refresh_from_db()
    assert refund.status == RefundStatus.PAID
    assert refund_state(refund, until=date(2026, 3, 1)).open_total == 0


def test_one_payment_of_everything_open_settles_it(settled, authority_user):
    refund = settled.refund
    day = date(2025, 12, 1)
    owed = refund_state(refund, until=day - timedelta(days=1)).open_total
    settling.refund_payment_record(actor=authority_user, refund=refund, date=day, amount=owed)
    refund.refresh_from_db()
    assert refund.status == RefundStatus.PAID


@pytest.mark.parametrize(("day", "amount", "message"), [
    (date(2025, 9, 1), D("0"), "größer als 0"),
    (date(2025, 9, 1), D("9000"), "zu viel"),
    (date(2025, 4, 1), D("100"), "vor dem Zuwendungsbescheid"),
    (date.today() + timedelta(days=3), D("100"), "in der Zukunft"),
])
def test_it_refuses_wrong_payments(settled, authority_user, day, amount, message):
    with pytest.raises(ValidationError, match=message):
        settling.refund_payment_record(actor=authority_user, refund=settled.refund, date=day,
                                       amount=amount)
    assert not settled.refund.payments.exists()


def test_a_region_records_no_payment(settled, region_user):
    with pytest.raises(PermissionDenied):
        settling.refund_payment_record(actor=region_user, refund=settled.refund,
                                       date=date(2025, 9, 1), amount=D("100"))


def test_deferral_keeps_the_interest_running(settled, authority_user):
    refund = settled.refund
    before = refund_state(refund, until=date(2026, 6, 30))
    settling.refund_defer(actor=authority_user, refund=refund, until=date(2026, 6, 30),
                          reason="Haushaltslage der Gebietskörperschaft")
    refund.refresh_from_db()
    assert refund.status == RefundStatus.DEFERRED
    assert refund.deferred_until == date(2026, 6, 30)
    assert refund_state(refund, until=date(2026, 6, 30)).interest == before.interest > 0
    assert AuditEntry.objects.filter(action="refund.defer").exists()


def test_deferral_needs_a_reason_and_a_later_date(settled, authority_user):
    with pytest.raises(ValidationError, match="Grund"):
        settling.refund_defer(actor=authority_user, refund=settled.refund,
                              until=date(2026, 6, 30), reason=" ")
    with pytest.raises(ValidationError, match="über die Fälligkeit"):
        settling.refund_defer(actor=authority_user, refund=settled.refund,
                              until=date(2025, 11, 1), reason="Grund")


# --- interest on money held longer than two months (§ 49a Abs. 4) --------------------------

def test_money_used_late_bears_interest_and_makes_a_refund(notice, authority_user):
    pay(notice, "60000", paid_on=date(2025, 5, 10), used_on=date(2025, 8, 11))
    proof(notice, "100000")
    s = settling.settle(actor=authority_user, notice=notice, date=date(2025, 10, 20))
    assert s.refund_amount == 0
    refund = s.refund  # a refund notice for the interest alone
    state = refund_state(refund, until=date(2025, 12, 31))
    # two months end on 10.7.2025: 11.7. up to 10.8. = 31 days at 6,27 % on 60 000 €
    row, = state.held.rows
    assert [(p.start, p.end, p.days) for p in row.periods] == [
        (date(2025, 7, 11), date(2025, 8, 10), 31)]
    assert state.held.total == fraction_to_cents(
        Fraction(60000) * Fraction("6.27") * 31 / (100 * 365)) == D("319.51")
    assert state.interest == 0 and state.open_total == D("319.51")


# --- the ministry's base rates ---------------------------------------------------------------

def test_the_ministry_adds_a_base_rate(ministry_user):
    rate = settling.base_rate_add(actor=ministry_user, valid_from=date(2026, 7, 1),
                                  percent=D("1.02"))
    assert base_rate_table()[-1] == (date(2026, 7, 1), D("1.02"))
    assert AuditEntry.objects.filter(action="base_rate.create", object_id=str(rate.pk)).exists()


@pytest.mark.parametrize(("day", "percent", "message"), [
    (date(2026, 3, 1), D("1.00"), "1. Januar und zum 1. Juli"),
    (date(2025, 7, 1), D("1.00"), "schon ein Basiszinssatz"),
    (date(2026, 7, 1), D("1.005"), "zwei Nachkommastellen"),
    (date(2026, 7, 1), D("25"), "zwischen -10 und 20"),
])
def test_wrong_base_rates_are_refused(ministry_user, day, percent, message):
    count = BaseRate.objects.count()
    with pytest.raises(ValidationError, match=message):
        settling.base_rate_add(actor=ministry_user, valid_from=day, percent=percent)
    assert BaseRate.objects.count() == count


def test_only_the_ministry_adds_base_rates(authority_user):
    with pytest.raises(PermissionDenied):
        settling.base_rate_add(actor=authority_user, valid_from=date(2026, 7, 1),
                               percent=D("1"))


# --- properties through the services --------------------------------------------------------

AMOUNT = st.integers(min_value=0, max_value=8_000_000).map(lambda c: D(c) / 100)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(financing=st.sampled_from(["anteil", "fehlbedarf", "festbetrag", "vollfinanzierung"]),
       costs=st.integers(min_value=0, max_value=20_000_000).map(lambda c: D(c) / 100),
       own=AMOUNT, paid=AMOUNT,
       effective=st.dates(min_value=date(2025, 4, 15), max_value=date(2025, 10, 20)),
       until=st.dates(min_value=date(2025, 4, 15), max_value=date(2027, 12, 31)))
def test_settlement_properties(notice, authority_user, financing, costs, own, paid,
                               effective, until):
    sid = transaction.savepoint()
    try:
        notice.versions.update(financing=financing,
                               share_percent=D("80") if financing == "anteil" else None)
        if paid:
            pay(notice, paid)
        proof(notice, costs, own=own)
        s = settling.settle(actor=policy.SYSTEM, notice=notice, date=date(2025, 10, 20),
                            effective=effective)
        assert 0 <= s.recognised <= D("80000")
        assert s.paid == paid
        assert s.refund_amount == max(D(0), paid - s.recognised)
        if s.refund_amount:
            state = refund_state(s.refund, until=until)
            exact = sum((p.interest for p in state.periods), Fraction(0))
            assert state.interest == fraction_to_cents(exact)
            assert sum(p.days for p in state.periods) == max(0, (until - effective).days + 1)
        else:
            assert not Refund.objects.filter(notice=notice).exists()
    finally:
        transaction.savepoint_rollback(sid)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(parts=st.lists(st.tuples(st.integers(min_value=0, max_value=400),
                                st.integers(min_value=1, max_value=900_000)),
                      min_size=1, max_size=5))
def test_part_payments_properties(settled, parts):
    """However the region pays, what was paid and what is open add up to what is owed; a
    payment above the open amount is refused and nothing is stored; paying all that is open
    repays the refund."""
    sid = transaction.savepoint()
    try:
        refund = settled.refund
        day = date(2025, 6, 1)
        for offset, cents in sorted(parts):
            day = max(day, date(2025, 6, 1) + timedelta(days=offset))
            amount = D(cents) / 100
            before = refund.payments.count()
            try:
                settling.refund_payment_record(actor=policy.SYSTEM, refund=refund, date=day,
                                               amount=amount)
            except ValidationError:
                assert refund.payments.count() == before
            state = refund_state(refund, until=day)
            assert state.paid_principal + state.open_principal == state.amount
            assert state.paid == state.paid_principal + state.paid_interest
            assert state.open_total >= 0
            assert state.paid <= state.owed
        refund.refresh_from_db()
        if refund.status != RefundStatus.PAID:
            last = day + timedelta(days=1)
            owed = refund_state(refund, until=last - timedelta(days=1))
            full = refund_state(refund, until=last, extra=(last, owed.open_principal))
            settling.refund_payment_record(actor=policy.SYSTEM, refund=refund, date=last,
                                           amount=owed.open_principal + full.open_interest)
            refund.refresh_from_db()
        assert refund.status == RefundStatus.PAID
        assert refund_state(refund, until=date(2028, 1, 1)).open_total == 0
    finally:
        transaction.savepoint_rollback(sid)


def test_a_part_payment_over_the_bound_gets_the_german_message(settled, authority_user):
    from django.core.exceptions import ValidationError

    refund = settled.refund
    with pytest.raises(ValidationError, match="zu hoch"):
        settling.refund_payment_record(actor=authority_user, refund=refund,
                                       date=date(2025, 7, 1), amount=Decimal("2000000000"))
    assert not refund.payments.exists()
