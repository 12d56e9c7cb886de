"""Interest on a refund under § 49a Abs. 3 HVwVfG.

The amount to be refunded bears interest at five percentage points above the base rate
(Basiszinssatz, § 247 BGB) per year, from the day the notice ceased to have effect (the
*effective date*, set by the authority) up to the day before payment.

How it is computed (see docs/funding.md, "Berechnungen"):

* The days ``start <= day < paid_on`` bear interest: the effective date counts, the day of
  payment does not. ``paid_on == start`` gives no interest.
* The interval is split into periods at every change of the base rate, at every 1 January
  (a year's days are counted over that year's length: 365, or 366 in a leap year) and, with
  part payments, at every payment day.
* Interest of a period = principal × (base rate + 5) / 100 × days / days in year, kept exact
  as a :class:`~fractions.Fraction` (never rounded).
* Only the total is rounded, once, half up to the cent (:func:`aqb.german.money.round_cents`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from aqb.german.money import money_check, round_cents

from .base_rates import BASE_RATES, BaseRateTable, base_rate_on, check_table

__all__ = [
    "INTEREST_MARGIN",
    "InterestPeriod",
    "InterestResult",
    "fraction_to_cents",
    "refund_interest",
    "refund_interest_with_payments",
]

#: Percentage points above the base rate (§ 49a Abs. 3 Satz 1 HVwVfG).
INTEREST_MARGIN = Decimal(5)


@dataclass(frozen=True)
class InterestPeriod:
    """One period of one principal, one rate and one calendar year.

    ``start`` and ``end`` are both interest days (``end`` inclusive); ``days`` is their
    number; ``days_in_year`` 365 or 366; ``base_rate`` the Basiszinssatz and ``rate`` the
    interest rate (base rate + 5), both in percent per year; ``interest`` is the exact,
    unrounded interest of the period as a Fraction of Euro."""

    start: date
    end: date
    days: int
    days_in_year: int
    base_rate: Decimal
    rate: Decimal
    principal: Decimal
    interest: Fraction


@dataclass(frozen=True)
class InterestResult:
    """``amount``: the total interest in Euro, rounded half up to the cent once;
    ``periods``: the periods it was computed from; ``exact``: their unrounded sum."""

    amount: Decimal
    periods: list[InterestPeriod] = field(default_factory=list)
    exact: Fraction = Fraction(0)


def fraction_to_cents(value: Fraction) -> Decimal:
    """``value`` rounded half up to the cent through :func:`round_cents`, exactly.

    A Fraction such as x/365 has no finite decimal form; it is first cut (towards zero) to
    ten places. That cannot change the rounding: every half cent is a number with ten
    places, so the cut value lies on the same side of it as ``value`` (or on it exactly
    when ``value`` is), and half up is symmetric about zero."""
    places = 10
    scaled = int(value * 10**places)  # truncates towards zero
    return round_cents(Decimal(scaled).scaleb(-places))


def _check_dates(start: date, paid_on: date) -> None:
    for name, value in (("Beginn der Verzinsung", start), ("Zahlungstag", paid_on)):
        if not isinstance(value, date):
            raise ValueError(f"„{name}“: „{value}“ ist kein Datum.")
    if paid_on < start:
        raise ValueError(f"Der Zahlungstag ({paid_on:%d.%m.%Y}) liegt vor dem Beginn der "
                         f"Verzinsung ({start:%d.%m.%Y}).")


def _boundaries(start: date, paid_on: date, table: BaseRateTable,
                extra: Iterable[date] = ()) -> list[date]:
    """Sorted days in ``(start, paid_on)`` where a new period begins."""
    cuts = {valid_from for valid_from, _ in table}
    cuts.update(date(year, 1, 1) for year in range(start.year + 1, paid_on.year + 1))
    cuts.update(extra)
    return sorted(day for day in cuts if start < day < paid_on)


def _periods(principal_on, start: date, paid_on: date, table: BaseRateTable,
             extra: Iterable[date] = ()) -> list[InterestPeriod]:
    """The periods of ``[start, paid_on)``; ``principal_on(day)`` gives the principal owed
    from ``day`` on (it is constant within a period: payment days are among the cuts)."""
    periods = []
    edges = [start, *_boundaries(start, paid_on, table, extra), paid_on]
    for begin, stop in zip(edges, edges[1:], strict=False):
        days = (stop - begin).days
        if days <= 0:
            continue
        principal = principal_on(begin)
        days_in_year = 366 if calendar.isleap(begin.year) else 365
        base = base_rate_on(begin, table)
        rate = base + INTEREST_MARGIN
        interest = (Fraction(principal) * Fraction(rate) * days) / (100 * days_in_year)
        periods.append(InterestPeriod(start=begin, end=stop - timedelta(days=1), days=days,
                                      days_in_year=days_in_year, base_rate=base, rate=rate,
                                      principal=principal, interest=interest))
    return periods


def _result(periods: list[InterestPeriod]) -> InterestResult:
    exact = sum((period.interest for period in periods), Fraction(0))
    return InterestResult(amount=fraction_to_cents(exact), periods=periods, exact=exact)


def refund_interest(principal: Decimal | int, *, start: date, paid_on: date,
                    table: BaseRateTable = BASE_RATES) -> InterestResult:
    """Interest on ``principal`` (Euro, at most to the cent) for the days from ``start``
    (the effective date, counted) up to the day before ``paid_on`` (the day of payment, or
    the day up to which the figure is shown, not counted).

    German ``ValueError`` for a negative amount, ``paid_on`` before ``start``, or a day not
    covered by ``table``."""
    principal = money_check(principal, field="Erstattungsbetrag")
    _check_dates(start, paid_on)
    check_table(table)
    return _result(_periods(lambda _day: principal, start, paid_on, table))


def refund_interest_with_payments(
        principal: Decimal | int, *, start: date, paid_on: date,
        payments: Iterable[tuple[date, Decimal | int]] = (),
        table: BaseRateTable = BASE_RATES) -> InterestResult:
    """Like :func:`refund_interest`, with part payments: each ``(day, amount)`` reduces the
    principal from ``day`` on (the payment day itself bears no interest on the amount paid;
    a payment on or before ``start`` reduces it from the start).

    German ``ValueError`` for a negative payment, a payment after ``paid_on``, or payments
    that together exceed ``principal``."""
    principal = money_check(principal, field="Erstattungsbetrag")
    _check_dates(start, paid_on)
    check_table(table)
    checked: list[tuple[date, Decimal]] = []
    for number, (day, amount) in enumerate(payments, start=1):
        if not isinstance(day, date):
            raise ValueError(f"Teilzahlung {number}: „{day}“ ist kein Datum.")
        amount = money_check(amount, field=f"Teilzahlung {number}")
        if day > paid_on:
            raise ValueError(f"Teilzahlung {number} ({day:%d.%m.%Y}) liegt nach dem "
                             f"Zahlungstag ({paid_on:%d.%m.%Y}).")
        checked.append((day, amount))
    if sum((amount for _day, amount in checked), Decimal(0)) > principal:
        raise ValueError("Die Teilzahlungen übersteigen zusammen den Erstattungsbetrag.")

    def principal_on(day: date) -> Decimal:
        return principal - sum((amount for paid, amount in checked if paid <= day),
                               Decimal(0))

    return _result(_periods(principal_on, start, paid_on, table,
                            extra=[day for day, _amount in checked]))
