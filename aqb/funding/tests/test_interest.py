"""Interest on refunds (§ 49a Abs. 3 HVwVfG): worked examples by hand and properties.

Rates: base rate 3,62 % from 1.1.2024, 3,37 % from 1.7.2024, 2,27 % from 1.1.2025, 1,27 %
from 1.7.2025 and 1.1.2026; interest rate = base rate + 5 percentage points.
"""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aqb.funding.base_rates import BASE_RATES, base_rate_on
from aqb.funding.interest import (
    fraction_to_cents,
    refund_interest,
    refund_interest_with_payments,
)
from aqb.german.money import round_cents

FIRST, LAST = date(2024, 1, 1), date(2028, 12, 31)
days = st.dates(min_value=FIRST, max_value=LAST)
amounts = st.decimals(min_value=0, max_value=Decimal("10000000"), places=2)


def ordered(*values):
    return sorted(values)


# --- base rates -----------------------------------------------------------------------------

def test_published_base_rates():
    assert base_rate_on(date(2024, 1, 1)) == Decimal("3.62")
    assert base_rate_on(date(2024, 6, 30)) == Decimal("3.62")
    assert base_rate_on(date(2024, 7, 1)) == Decimal("3.37")
    assert base_rate_on(date(2025, 1, 1)) == Decimal("2.27")
    assert base_rate_on(date(2025, 7, 1)) == Decimal("1.27")
    assert base_rate_on(date(2026, 1, 1)) == Decimal("1.27")
    assert base_rate_on(date(2030, 5, 5)) == Decimal("1.27")


def test_a_day_before_the_table_is_refused_in_german():
    with pytest.raises(ValueError, match="kein Basiszinssatz hinterlegt"):
        base_rate_on(date(2023, 12, 31))
    with pytest.raises(ValueError, match="kein Basiszinssatz hinterlegt"):
        refund_interest(Decimal(100), start=date(2023, 12, 1), paid_on=date(2024, 2, 1))


def test_an_unsorted_table_is_refused():
    table = ((date(2025, 1, 1), Decimal("2")), (date(2024, 1, 1), Decimal("3")))
    with pytest.raises(ValueError, match="aufsteigend geordnet"):
        base_rate_on(date(2025, 2, 1), table)


def test_the_table_is_an_argument():
    """The ministry's table replaces the shipped one: a flat 0 % base rate gives 5 %."""
    table = ((date(2020, 1, 1), Decimal(0)),)
    # 36.500 € × 5 % = 1.825 € a year, 5 € a day; 10 days (2023 has 365 days) = 50,00 €
    result = refund_interest(Decimal(36500), start=date(2023, 3, 1), paid_on=date(2023, 3, 11),
                             table=table)
    assert result.amount == Decimal("50.00")


# --- worked examples ------------------------------------------------------------------------

def test_ten_thousand_euro_from_june_2024_to_july_2025():
    """10.000 € from 1.6.2024 (effective date) through 31.7.2025 (paid on 1.8.2025):

    1.6.–30.6.2024     30 days at 8,62 % over 366: 10.000 × 0,0862 × 30/366  =  70,6557…
    1.7.–31.12.2024   184 days at 8,37 % over 366: 10.000 × 0,0837 × 184/366 = 420,7868…
    1.1.–30.6.2025    181 days at 7,27 % over 365: 10.000 × 0,0727 × 181/365 = 360,5123…
    1.7.–31.7.2025     31 days at 6,27 % over 365: 10.000 × 0,0627 × 31/365  =  53,2520…
    total 905,2070… → 905,21 €
    """
    result = refund_interest(Decimal("10000.00"), start=date(2024, 6, 1),
                             paid_on=date(2025, 8, 1))
    assert result.amount == Decimal("905.21")
    assert [(p.start, p.end, p.days, p.days_in_year, p.rate) for p in result.periods] == [
        (date(2024, 6, 1), date(2024, 6, 30), 30, 366, Decimal("8.62")),
        (date(2024, 7, 1), date(2024, 12, 31), 184, 366, Decimal("8.37")),
        (date(2025, 1, 1), date(2025, 6, 30), 181, 365, Decimal("7.27")),
        (date(2025, 7, 1), date(2025, 7, 31), 31, 365, Decimal("6.27")),
    ]
    assert [p.interest for p in result.periods] == [
        Fraction(862 * 30, 366), Fraction(837 * 184, 366),
        Fraction(727 * 181, 365), Fraction(627 * 31, 365)]
    assert result.exact == Fraction(179868, 366) + Fraction(151024, 365)


def test_only_the_total_is_rounded():
    """1.000 € over the same days: periods 7,0655… + 42,0786… + 36,0512… + 5,3252… =
    90,5207… → 90,52 €. Rounding each period first would give 7,07 + 42,08 + 36,05 + 5,33 =
    90,53 €: a cent too much."""
    result = refund_interest(Decimal(1000), start=date(2024, 6, 1), paid_on=date(2025, 8, 1))
    assert result.amount == Decimal("90.52")


def test_leap_day_counts_over_366():
    """36.600 € over 28.2.–1.3.2024 (3 days incl. 29.2.) at 8,62 %:
    36.600 × 0,0862 = 3.154,92 € a year / 366 = 8,62 € a day → 25,86 €.
    The same days in 2025 (28.2.–2.3., 3 days) at 7,27 %: 36.500 × 0,0727 / 365 = 7,27 € a
    day → 21,81 €."""
    leap = refund_interest(Decimal(36600), start=date(2024, 2, 28), paid_on=date(2024, 3, 2))
    assert (leap.amount, leap.periods[0].days, leap.periods[0].days_in_year) == (
        Decimal("25.86"), 3, 366)
    common = refund_interest(Decimal(36500), start=date(2025, 2, 28), paid_on=date(2025, 3, 3))
    assert (common.amount, common.periods[0].days, common.periods[0].days_in_year) == (
        Decimal("21.81"), 3, 365)


def test_a_period_is_split_at_the_turn_of_the_year():
    """10.000 € on 31.12.2024 and 1.1.2025: 837/366 + 727/365 = 2,2868… + 1,9917… = 4,2786…
    → 4,28 €."""
    result = refund_interest(Decimal(10000), start=date(2024, 12, 31), paid_on=date(2025, 1, 2))
    assert [(p.days, p.days_in_year) for p in result.periods] == [(1, 366), (1, 365)]
    assert result.amount == Decimal("4.28")


def test_a_rate_that_does_not_change_still_splits_at_new_year():
    """1.1.2026 repeats 1,27 %; 2025 and 2026 both have 365 days: periods split, same sum."""
    result = refund_interest(Decimal(36500), start=date(2025, 12, 30), paid_on=date(2026, 1, 3))
    assert [(p.start, p.days) for p in result.periods] == [
        (date(2025, 12, 30), 2), (date(2026, 1, 1), 2)]
    # 36.500 × 6,27 % / 365 = 6,27 € a day × 4 days
    assert result.amount == Decimal("25.08")


def test_payment_day_itself_bears_no_interest():
    assert refund_interest(Decimal(1000), start=date(2025, 3, 1),
                           paid_on=date(2025, 3, 1)).amount == 0
    one_day = refund_interest(Decimal(36500), start=date(2025, 3, 1), paid_on=date(2025, 3, 2))
    assert one_day.amount == Decimal("7.27")
    assert one_day.periods[0].start == one_day.periods[0].end == date(2025, 3, 1)


def test_bad_input_is_refused_in_german():
    with pytest.raises(ValueError, match="liegt vor dem Beginn der Verzinsung"):
        refund_interest(Decimal(1), start=date(2025, 3, 2), paid_on=date(2025, 3, 1))
    with pytest.raises(ValueError, match="nicht negativ"):
        refund_interest(Decimal(-1), start=date(2025, 3, 1), paid_on=date(2025, 3, 2))
    with pytest.raises(ValueError, match="kein Datum"):
        refund_interest(Decimal(1), start="2025-03-01", paid_on=date(2025, 3, 2))
    with pytest.raises(TypeError):
        refund_interest(1.5, start=date(2025, 3, 1), paid_on=date(2025, 3, 2))


# --- part payments --------------------------------------------------------------------------

def test_part_payment_reduces_the_principal_from_its_day():
    """36.500 € from 1.3.2025, 18.250 € paid on 11.3., the rest on 21.3.2025 (7,27 %):
    10 days × 7,27 € + 10 days × 3,635 € = 72,70 + 36,35 = 109,05 €."""
    result = refund_interest_with_payments(
        Decimal(36500), start=date(2025, 3, 1), paid_on=date(2025, 3, 21),
        payments=[(date(2025, 3, 11), Decimal(18250))])
    assert [(p.start, p.end, p.principal) for p in result.periods] == [
        (date(2025, 3, 1), date(2025, 3, 10), Decimal(36500)),
        (date(2025, 3, 11), date(2025, 3, 20), Decimal(18250))]
    assert result.amount == Decimal("109.05")


def test_bad_part_payments_are_refused_in_german():
    start, end = date(2025, 3, 1), date(2025, 4, 1)
    with pytest.raises(ValueError, match="übersteigen zusammen"):
        refund_interest_with_payments(Decimal(100), start=start, paid_on=end,
                                      payments=[(start, Decimal(60)), (end, Decimal(41))])
    with pytest.raises(ValueError, match="Teilzahlung 1 .* liegt nach dem Zahlungstag"):
        refund_interest_with_payments(Decimal(100), start=start, paid_on=end,
                                      payments=[(date(2025, 4, 2), Decimal(1))])
    with pytest.raises(ValueError, match="Teilzahlung 2"):
        refund_interest_with_payments(Decimal(100), start=start, paid_on=end,
                                      payments=[(start, Decimal(1)), (end, Decimal(-1))])


# --- properties -----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(amounts, days, days)
def test_total_is_the_sum_of_the_periods_rounded_once(principal, a, b):
    start, paid_on = ordered(a, b)
    result = refund_interest(principal, start=start, paid_on=paid_on)
    exact = sum((p.interest for p in result.periods), Fraction(0))
    assert result.exact == exact
    assert result.amount == fraction_to_cents(exact)
    # the same through Decimal arithmetic at 60 digits
    from decimal import localcontext
    with localcontext() as ctx:
        ctx.prec = 60
        as_decimal = Decimal(exact.numerator) / Decimal(exact.denominator)
    assert result.amount == round_cents(as_decimal)
    assert sum(p.days for p in result.periods) == (paid_on - start).days
    for period in result.periods:
        assert period.start.year == period.end.year
        assert period.days == (period.end - period.start).days + 1
        assert period.days_in_year == (366 if period.start.year % 4 == 0 else 365)
        assert base_rate_on(period.start) == base_rate_on(period.end) == period.base_rate
        assert period.rate == period.base_rate + 5


@settings(max_examples=150, deadline=None)
@given(amounts, days, days, days)
def test_splitting_the_interval_keeps_the_exact_total(principal, a, b, c):
    first, middle, last = ordered(a, b, c)
    whole = refund_interest(principal, start=first, paid_on=last)
    left = refund_interest(principal, start=first, paid_on=middle)
    right = refund_interest(principal, start=middle, paid_on=last)
    assert whole.exact == left.exact + right.exact


@settings(max_examples=100, deadline=None)
@given(amounts, amounts, days, days, days)
def test_interest_grows_with_days_and_principal(p1, p2, a, b, c):
    small, large = ordered(p1, p2)
    start, end1, end2 = ordered(a, b, c)
    shorter = refund_interest(small, start=start, paid_on=end1)
    assert shorter.amount <= refund_interest(small, start=start, paid_on=end2).amount
    assert shorter.amount <= refund_interest(large, start=start, paid_on=end1).amount
    assert shorter.amount >= 0


@settings(max_examples=50, deadline=None)
@given(amounts, days)
def test_zero_days_give_no_interest(principal, day):
    result = refund_interest(principal, start=day, paid_on=day)
    assert (result.amount, result.periods, result.exact) == (Decimal("0.00"), [], 0)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10_000_000), days)
def test_a_whole_year_from_new_year_is_the_rate_times_the_principal(cents, year_start):
    """From 1 January to 31 December of a year in which the rate does not change (2026 on),
    365 or 366 days over the same length: exactly principal × rate."""
    year = max(year_start.year, 2026)
    principal = Decimal(cents).scaleb(-2)
    result = refund_interest(principal, start=date(year, 1, 1), paid_on=date(year + 1, 1, 1))
    assert result.exact == Fraction(principal) * Fraction(Decimal("6.27")) / 100


@settings(max_examples=100, deadline=None)
@given(amounts, st.data(), days, days, days)
def test_a_part_payment_is_interest_on_two_principals(principal, data, a, b, c):
    """Paying X on day d: interest on (P − X) over the whole time plus on X until d − 1."""
    start, day, end = ordered(a, b, c)
    paid = data.draw(st.decimals(min_value=0, max_value=principal, places=2))
    with_payment = refund_interest_with_payments(principal, start=start, paid_on=end,
                                                 payments=[(day, paid)])
    assert with_payment.exact == (
        refund_interest(principal - paid, start=start, paid_on=end).exact
        + refund_interest(paid, start=start, paid_on=day).exact)
    assert with_payment.amount <= refund_interest(principal, start=start, paid_on=end).amount


@settings(max_examples=50, deadline=None)
@given(amounts, days, days)
def test_no_part_payments_is_the_plain_interest(principal, a, b):
    start, end = ordered(a, b)
    assert refund_interest_with_payments(principal, start=start, paid_on=end) == \
        refund_interest(principal, start=start, paid_on=end)
    everything_at_once = refund_interest_with_payments(
        principal, start=start, paid_on=end, payments=[(start - timedelta(days=3), principal)])
    assert everything_at_once.amount == 0


def test_shipped_table_is_sorted_and_starts_2024():
    assert BASE_RATES[0] == (date(2024, 1, 1), Decimal("3.62"))
    assert [d for d, _ in BASE_RATES] == sorted(d for d, _ in BASE_RATES)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=1, max_value=10**6))
def test_fraction_to_cents_is_exact_half_up(numerator, denominator):
    value = Fraction(numerator, denominator)
    cents = fraction_to_cents(value)
    # the result is the cent nearest to value, halves away from zero
    distance = abs(Fraction(cents) - value)
    assert distance <= Fraction(1, 200)
    if distance == Fraction(1, 200):
        assert abs(Fraction(cents)) > abs(value)
    assert fraction_to_cents(Fraction(1, 200)) == Decimal("0.01")
    assert fraction_to_cents(Fraction(-1, 200)) == Decimal("-0.01")
    assert fraction_to_cents(Fraction(1, 200) - Fraction(1, 10**15)) == Decimal("0.00")
