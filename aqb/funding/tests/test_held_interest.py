"""§ 49a Abs. 4 HVwVfG: interest on money used later than two months after payment."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aqb.funding.held_interest import held_interest, two_months_end
from aqb.funding.interest import INTEREST_MARGIN, fraction_to_cents, refund_interest

D = Decimal
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
AMOUNTS = st.integers(min_value=0, max_value=10**11).map(lambda c: D(c) / 100)


@pytest.mark.parametrize(("paid", "end"), [
    (date(2025, 3, 1), date(2025, 5, 1)),
    (date(2025, 12, 31), date(2026, 2, 28)),
    (date(2023, 12, 31), date(2024, 2, 29)),
    (date(2025, 11, 15), date(2026, 1, 15)),
])
def test_two_months_end_like_the_civil_code(paid, end):
    assert two_months_end(paid) == end


def test_money_used_within_two_months_bears_none():
    for used in (date(2025, 3, 1), date(2025, 5, 1), date(2025, 5, 2)):
        result = held_interest(D("1000"), paid_on=date(2025, 3, 1), used_on=used)
        assert result.amount == 0 and result.periods == []


def test_worked_example():
    # 10 000 € paid 1.3.2025, used 1.8.2025: 2.5.–30.6. at 7,27 %, 1.7.–31.7. at 6,27 %
    result = held_interest(D("10000"), paid_on=date(2025, 3, 1), used_on=date(2025, 8, 1))
    assert [(p.start, p.end, p.days, p.rate) for p in result.periods] == [
        (date(2025, 5, 2), date(2025, 6, 30), 60, D("7.27")),
        (date(2025, 7, 1), date(2025, 7, 31), 31, D("6.27"))]
    exact = Fraction(10000) * (Fraction("7.27") * 60 + Fraction("6.27") * 31) / 36500
    assert result.amount == fraction_to_cents(exact) == D("172.76")


def test_wrong_input_is_refused_in_german():
    with pytest.raises(ValueError, match="vor der Auszahlung"):
        held_interest(D("1"), paid_on=date(2025, 3, 1), used_on=date(2025, 2, 1))
    with pytest.raises(ValueError, match="negativ"):
        held_interest(D("-1"), paid_on=date(2025, 3, 1), used_on=date(2025, 9, 1))
    with pytest.raises(ValueError, match="kein Basiszinssatz"):
        held_interest(D("1"), paid_on=date(2023, 1, 1), used_on=date(2023, 9, 1))


@given(amount=AMOUNTS, paid=DAYS, delay=st.integers(min_value=0, max_value=900))
def test_days_beyond_two_months_until_use(amount, paid, delay):
    used = paid + timedelta(days=delay)
    result = held_interest(amount, paid_on=paid, used_on=used)
    first = two_months_end(paid) + timedelta(days=1)
    assert sum(p.days for p in result.periods) == max(0, (used - first).days)
    assert all(p.principal == amount for p in result.periods)
    assert all(p.rate == p.base_rate + INTEREST_MARGIN for p in result.periods)
    assert result.amount == fraction_to_cents(sum((p.interest for p in result.periods),
                                                  Fraction(0)))
    if used > first:
        assert result == refund_interest(amount, start=first, paid_on=used)


@given(amount=AMOUNTS, paid=DAYS, a=st.integers(0, 900), b=st.integers(0, 900))
def test_later_use_never_costs_less(amount, paid, a, b):
    early, late = sorted((a, b))
    assert held_interest(amount, paid_on=paid, used_on=paid + timedelta(days=early)).exact \
        <= held_interest(amount, paid_on=paid, used_on=paid + timedelta(days=late)).exact
