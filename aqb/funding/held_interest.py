"""Interest on money paid out but not used in time (§ 49a Abs. 4 HVwVfG).

Money drawn from a grant must be used within two months of its payment (Nr. 1.4 ANBest-GK /
ANBest-P). Where the proof of use shows that a payment was used later (`paid_on`, `used_on`
of a `PaymentRequest`), the authority may ask for interest under § 49a Abs. 4 HVwVfG at the
rate of Abs. 3 (five percentage points above the base rate) for the time beyond the two
months until the money was used. Pure arithmetic, no database (docs/funding.md,
"Abrechnung und Erstattung"):

* The two months end under §§ 187 (1), 188 (2), (3) BGB: on the day of the second month after
  the payment whose number is the payment day's, or the last day of that month if it has no
  such day (paid 31.12. -> 28./29.2.). The first interest day is the day after.
* The day of use bears no interest (like the payment day of a refund): interest days are
  ``two_months_end(paid_on) < day < used_on``.
* Periods, days in year and rounding are those of :func:`.interest.refund_interest` (each base
  rate and calendar year separately, exact fractions, the total rounded half up once).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from aqb.german.dates import add_months
from aqb.german.money import money_check

from .base_rates import BASE_RATES, BaseRateTable
from .interest import InterestResult, refund_interest

__all__ = ["held_interest", "two_months_end"]


def two_months_end(paid_on: date) -> date:
    """The last day of the two months that begin with the payment on ``paid_on``."""
    return add_months(paid_on, 2)


def held_interest(amount: Decimal | int, *, paid_on: date, used_on: date,
                  table: BaseRateTable = BASE_RATES) -> InterestResult:
    """Interest under § 49a Abs. 4 HVwVfG on ``amount`` paid out on ``paid_on`` and used in
    full on ``used_on``: for the days after the two months up to the day before use.

    0 (no periods) when the money was used within the two months or on the first day after
    them. German ``ValueError`` for a negative amount, a use before the payment, or a day not
    covered by ``table``."""
    amount = money_check(amount, field="Ausgezahlter Betrag")
    for name, value in (("Auszahlung", paid_on), ("Verwendung", used_on)):
        if not isinstance(value, date):
            raise ValueError(f"„{name}“: „{value}“ ist kein Datum.")
    if used_on < paid_on:
        raise ValueError(f"Die Verwendung ({used_on:%d.%m.%Y}) liegt vor der Auszahlung "
                         f"({paid_on:%d.%m.%Y}).")
    start = two_months_end(paid_on) + timedelta(days=1)
    if used_on <= start:
        return InterestResult(amount=Decimal("0.00"), periods=[], exact=Fraction(0))
    return refund_interest(amount, start=start, paid_on=used_on, table=table)
