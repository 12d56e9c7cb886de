"""The ledger per notice, per region and for Hessen: figures from the database, scoped to the
reader, consistent over any sequence of requests, releases, refusals and payments."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aqb.funding import ledger
from aqb.funding import models as fm
from aqb.funding import payments as fp

D = date(2025, 5, 2)


def pay(notice, region_user, authority_user, amount, *, paid=True):
    pr = fp.payment_request(actor=region_user, notice=notice, date=D, amount=Decimal(amount),
                            needed_by=D, reason="Bedarf")
    if paid:
        fp.payment_release_and_pay(actor=authority_user, payment=pr, paid_on=D)
    return pr


def proof(notice, costs, own="0", status=fm.ProofStatus.ACCEPTED, day=date(2025, 10, 1)):
    return fm.Proof.objects.create(notice=notice, kind=fm.ProofKind.INTERIM, date=day,
                                   report="Bericht", costs=Decimal(costs),
                                   own_funds=Decimal(own), status=status)


def test_figures_of_one_notice(notice, region_user, authority_user, foreign_region_user,
                               provider_user):
    pay(notice, region_user, authority_user, "30000")
    pay(notice, region_user, authority_user, "20000", paid=False)
    proof(notice, "45000", own="20000")  # shows 25 000 spent from the grant
    proof(notice, "99000", status=fm.ProofStatus.SUBMITTED, day=date(2025, 11, 1))  # unchecked
    f = ledger.ledger_notice(user=region_user, notice=notice)
    assert f == ledger.Figures(granted=Decimal("80000"), requested=Decimal("50000"),
                               paid=Decimal("30000"), used=Decimal("25000"))
    assert f.available == Decimal("30000")
    assert f.as_strings()["granted"] == "80000.00"
    # a later checked proof showing more than was paid: used is capped at paid
    proof(notice, "100000", own="20000", day=date(2025, 12, 1))
    assert ledger.ledger_notice(user=authority_user, notice=notice).used == Decimal("30000")
    for stranger in (foreign_region_user, provider_user):
        with pytest.raises(Http404):
            ledger.ledger_notice(user=stranger, notice=notice)


def test_recognised_and_refunded(notice, region_user, authority_user):
    pay(notice, region_user, authority_user, "80000")
    p = proof(notice, "90000", own="20000", status=fm.ProofStatus.REFUND)
    s = fm.Settlement.objects.create(notice=notice, proof=p, date=D, recognised=Decimal("70000"),
                                     paid=Decimal("80000"), refund_amount=Decimal("10000"))
    r = fm.Refund.objects.create(settlement=s, notice=notice, number="E-1", date=D,
                                 amount=Decimal("10000"), interest_from=D, due_on=D)
    fm.RefundPayment.objects.create(refund=r, date=D, amount=Decimal("4000"))
    fm.RefundPayment.objects.create(refund=r, date=D, amount=Decimal("6000.50"))
    f = ledger.ledger_notice(user=authority_user, notice=notice)
    assert (f.used, f.recognised, f.refunded) == (Decimal("70000"), Decimal("70000"),
                                                  Decimal("10000.50"))


def test_region_table_has_a_hessen_row_and_regions_see_their_own(
        notice, region_user, authority_user, foreign_region_user, ministry_user):
    pay(notice, region_user, authority_user, "12345.67")
    rows, total = ledger.ledger_regions(user=ministry_user, year=2025)
    assert [r.region.ags for r in rows] == ["06635"]
    assert total.label == "Hessen" and total.figures.paid == Decimal("12345.67")
    assert rows[0].figures == total.figures
    rows, total = ledger.ledger_regions(user=foreign_region_user, year=2025)
    assert rows == [] and total.figures == ledger.Figures()
    years, all_years = ledger.ledger_years(user=authority_user)
    assert [(y.year, y.figures.requested) for y in years] == [(2025, Decimal("12345.67"))]
    assert all_years.figures.granted == Decimal("80000")


STEPS = st.lists(st.one_of(
    st.tuples(st.just("request"), st.integers(1, 9_000_000).map(lambda c: Decimal(c) / 100)),
    st.tuples(st.sampled_from(["release", "refuse", "withdraw", "pay"]), st.integers(0, 9)),
    st.tuples(st.just("proof"), st.integers(0, 12_000_000).map(lambda c: Decimal(c) / 100)),
), max_size=25)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(steps=STEPS)
def test_the_figures_stay_consistent(notice, region_user, authority_user, steps):
    with transaction.atomic():
        model: dict[int, tuple[str, Decimal]] = {}
        for op, arg in steps:
            try:
                if op == "request":
                    pr = fp.payment_request(actor=region_user, notice=notice, date=D,
                                            amount=arg, needed_by=D, reason="x")
                    model[pr.pk] = (pr.status, pr.amount)
                elif op == "proof":
                    proof(notice, arg, own="10000")
                else:
                    pks = sorted(model)
                    if not pks:
                        continue
                    pr = fm.PaymentRequest.objects.get(pk=pks[arg % len(pks)])
                    if op == "release":
                        fp.payment_release(actor=authority_user, payment=pr)
                    elif op == "refuse":
                        fp.payment_refuse(actor=authority_user, payment=pr, reason="nein")
                    elif op == "withdraw":
                        fp.payment_withdraw(actor=region_user, payment=pr)
                    else:
                        fp.payment_mark_paid(actor=authority_user, payment=pr, paid_on=D)
                    pr.refresh_from_db()
                    model[pr.pk] = (pr.status, pr.amount)
            except ValidationError:
                pass
            f = ledger.ledger_notice(user=authority_user, notice=notice)
            counting = sum((a for s, a in model.values() if s in fm.PAYMENT_COUNTING),
                           Decimal(0))
            paid = sum((a for s, a in model.values() if s == fm.PaymentStatus.PAID), Decimal(0))
            assert f.requested == counting and f.paid == paid
            assert f.granted == Decimal("80000")
            assert Decimal(0) <= f.paid <= f.requested <= f.granted
            assert Decimal(0) <= f.used <= f.paid
            assert f.available == f.granted - f.requested
            rows, total = ledger.ledger_regions(user=authority_user, year=2025)
            assert rows[0].figures == total.figures == f
        transaction.set_rollback(True)
