"""Reads of the settlement and the refund: resolvers for their pages, the state of a refund
(principal, payments, interest under § 49a Abs. 3 and 4 HVwVfG with the periods it was
computed from) and the interest on money held too long.

`refund_state` and `held_interest_rows_unscoped` take an object the caller has resolved (and
so checked) through a resolver below; lists of refunds for a user are in `selectors.py`.
How payments are applied and what a deferral does: docs/funding.md, "Abrechnung und
Erstattung"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from aqb.accounts import policy

from . import selectors
from .base_rates import BaseRateTable
from .held_interest import held_interest
from .interest import InterestPeriod, fraction_to_cents, refund_interest_with_payments
from .models import Notice, PaymentRequest, PaymentStatus, Refund, Settlement
from .rates import base_rate_table

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class HeldRow:
    """One payment used later than two months after it was paid (§ 49a Abs. 4 HVwVfG)."""

    request: PaymentRequest
    amount: Decimal
    paid_on: date
    used_on: date
    interest: Decimal
    exact: Fraction
    periods: list[InterestPeriod]


@dataclass(frozen=True)
class HeldInterest:
    rows: list[HeldRow] = field(default_factory=list)
    total: Decimal = ZERO  # the exact sum of all rows, rounded half up once


def held_interest_rows_unscoped(notice: Notice, table: BaseRateTable | None = None
                                ) -> HeldInterest:
    """The interest under § 49a Abs. 4 of every paid request of ``notice`` whose use the proof
    records later than two months after payment. Internal: no check."""
    table = table or base_rate_table()
    rows = []
    requests = notice.payment_requests.filter(
        status=PaymentStatus.PAID, paid_on__isnull=False, used_on__isnull=False)
    for request in requests.order_by("number"):
        result = held_interest(request.amount, paid_on=request.paid_on,
                               used_on=request.used_on, table=table)
        if result.periods:
            rows.append(HeldRow(request=request, amount=request.amount,
                                paid_on=request.paid_on, used_on=request.used_on,
                                interest=result.amount, exact=result.exact,
                                periods=result.periods))
    exact = sum((row.exact for row in rows), Fraction(0))
    return HeldInterest(rows=rows, total=fraction_to_cents(exact))


@dataclass(frozen=True)
class RefundState:
    """A refund as of ``until`` (inclusive): what was owed, paid and is still open.

    ``interest`` is the § 49a Abs. 3 interest from ``interest_from`` through ``until`` (or to
    the day before the principal was paid in full), the exact sum of ``periods`` rounded
    once; ``held`` the § 49a Abs. 4 interest fixed by the proof. Payments go to the principal
    first, then to the interest."""

    refund: Refund
    until: date
    amount: Decimal
    interest: Decimal
    periods: list[InterestPeriod]
    held: HeldInterest
    paid: Decimal
    paid_principal: Decimal
    paid_interest: Decimal
    open_principal: Decimal
    open_interest: Decimal
    principal_cleared_on: date | None

    @property
    def owed(self) -> Decimal:
        return self.amount + self.interest + self.held.total

    @property
    def open_total(self) -> Decimal:
        return self.open_principal + self.open_interest

    @property
    def interest_total(self) -> Decimal:
        return self.interest + self.held.total


def refund_state(refund: Refund, *, until: date, table: BaseRateTable | None = None,
                 extra: tuple[date, Decimal] | None = None) -> RefundState:
    """The state of ``refund`` as of ``until`` (payments up to that day count; interest days
    run through it). ``extra`` is a payment not yet recorded (to check one before saving)."""
    table = table or base_rate_table()
    payments = sorted([(p.date, p.amount) for p in refund.payments.all() if p.date <= until]
                      + ([extra] if extra else []))
    principal = refund.amount
    open_principal = principal
    to_principal: list[tuple[date, Decimal]] = []
    paid_interest = ZERO
    cleared_on = None
    for day, amount in payments:
        part = min(amount, open_principal)
        open_principal -= part
        paid_interest += amount - part
        if part:
            to_principal.append((day, part))
        if principal and not open_principal and cleared_on is None:
            cleared_on = day
    end = until + timedelta(days=1)
    if cleared_on is not None:
        end = min(end, cleared_on)
    if principal and end > refund.interest_from:
        result = refund_interest_with_payments(
            principal, start=refund.interest_from, paid_on=end,
            payments=[(d, a) for d, a in to_principal if d <= end], table=table)
        interest, periods = result.amount, result.periods
    else:
        interest, periods = ZERO, []
    held = held_interest_rows_unscoped(refund.notice, table)
    paid = sum((a for _d, a in payments), ZERO)
    return RefundState(
        refund=refund, until=until, amount=principal, interest=interest, periods=periods,
        held=held, paid=paid, paid_principal=principal - open_principal,
        paid_interest=paid_interest, open_principal=open_principal,
        open_interest=max(ZERO, interest + held.total - paid_interest),
        principal_cleared_on=cleared_on)


# One notice, one settlement, one refund: `@access(KIND, RESOLVER)` on a URL with <int:pk>.
NOTICE = selectors.NOTICE
SETTLEMENT = policy.Resolver(
    "settlement", {"pk": int},
    load=lambda pk: Settlement.objects.select_related("notice__region", "proof").filter(
        pk=pk).first(),
    region_of=lambda s: s.notice.region_id, not_found="Schlussabrechnung nicht gefunden.")
REFUND = policy.Resolver(
    "refund", {"pk": int},
    load=lambda pk: Refund.objects.select_related(
        "notice__region", "notice__programme_year", "settlement").filter(pk=pk).first(),
    region_of=lambda r: r.notice.region_id, not_found="Erstattungsbescheid nicht gefunden.")
