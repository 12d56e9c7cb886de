"""/api/v1/funding/: the settlement of a notice and the state of a refund with its interest
(docs/funding.md, "Abrechnung und Erstattung"). Same policy as the pages; amounts are decimal
strings, dates ISO; refusals are 422 with a German `detail`."""

# no `from __future__ import annotations`: the access wrapper hands ninja the signature, whose
# string annotations it could not resolve in this module
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from aqb.accounts import policy
from aqb.funding import settling
from aqb.funding.interest import fraction_to_cents
from aqb.funding.refunds import NOTICE, REFUND, refund_state

from .bodies import documented, read_body
from .endpoints import ERRORS
from .errors import problem
from .schemas import Problem

router = Router(tags=["Förderverfahren"])
POST_ERRORS = {400: Problem, **ERRORS}
UNTIL = Query(None, description="Zinsen bis einschließlich, z. B. 2025-12-31")


class SettlementIn(Schema):
    date: dt.date
    effective: dt.date | None = None


class SettlementOut(Schema):
    id: int
    notice: int
    date: dt.date
    effective: dt.date
    recognised: str
    paid: str
    refund: str
    refund_id: int | None = None


class PeriodOut(Schema):
    start: dt.date
    end: dt.date
    days: int
    days_in_year: int
    base_rate: str
    rate: str
    principal: str
    interest: str


class HeldOut(Schema):
    payment_request: int
    amount: str
    paid_on: dt.date
    used_on: dt.date
    interest: str
    periods: list[PeriodOut]


class RefundOut(Schema):
    id: int
    number: str
    notice: int
    status: str
    date: dt.date
    due_on: dt.date
    deferred_until: dt.date | None
    interest_from: dt.date
    until: dt.date
    amount: str
    interest: str
    periods: list[PeriodOut]
    held_interest: str
    held: list[HeldOut]
    paid: str
    open_principal: str
    open_interest: str
    open_total: str


def _s(value) -> str:
    return format(value, "f")


def _periods(periods) -> list[dict]:
    return [{"start": p.start, "end": p.end, "days": p.days, "days_in_year": p.days_in_year,
             "base_rate": _s(p.base_rate), "rate": _s(p.rate), "principal": _s(p.principal),
             "interest": _s(fraction_to_cents(p.interest))} for p in periods]




@router.post("/funding/notices/{notice_id}/settlement",
             response={201: SettlementOut, **POST_ERRORS},
             openapi_extra=documented(SettlementIn),
             summary="Zuwendungsbescheid abrechnen (Bewilligungsbehörde): anerkannter Betrag "
                     "aus dem Verwendungsnachweis (ein noch ungeprüfter gilt damit als "
                     "geprüft), Erstattung")
@policy.access(policy.STATE, NOTICE.under(notice_id="pk"), api=True)
def funding_settle(request, notice):
    payload = read_body(request, SettlementIn)
    try:
        s = settling.settle(actor=request.user, notice=notice, date=payload.date,
                            effective=payload.effective, check_proof=True)
    except ValidationError as exc:
        return problem(422, " ".join(exc.messages))
    refund = getattr(s, "refund", None)
    return Status(201, {"id": s.pk, "notice": notice.pk, "date": s.date,
                        "effective": s.effective, "recognised": _s(s.recognised),
                        "paid": _s(s.paid), "refund": _s(s.refund_amount),
                        "refund_id": refund.pk if refund else None})


@router.get("/funding/refunds/{refund_id}", response={200: RefundOut, **ERRORS},
            summary="Erstattung mit Zinsen (§ 49a Abs. 3 und 4 HVwVfG) bis einschließlich "
                    "`until` (Standard: heute), mit den Zinszeiträumen")
@policy.access(policy.REGION_OBJECT, REFUND.under(refund_id="pk"), api=True)
def funding_refund(request, refund, until: dt.date | None = UNTIL):
    until = until or timezone.localdate()
    try:
        state = refund_state(refund, until=until)
    except ValueError as exc:
        return problem(422, str(exc))
    return {"id": refund.pk, "number": refund.number, "notice": refund.notice_id,
            "status": refund.status, "date": refund.date, "due_on": refund.due_on,
            "deferred_until": refund.deferred_until, "interest_from": refund.interest_from,
            "until": until, "amount": _s(state.amount), "interest": _s(state.interest),
            "periods": _periods(state.periods), "held_interest": _s(state.held.total),
            "held": [{"payment_request": row.request.number, "amount": _s(row.amount),
                      "paid_on": row.paid_on, "used_on": row.used_on,
                      "interest": _s(row.interest), "periods": _periods(row.periods)}
                     for row in state.held.rows],
            "paid": _s(state.paid), "open_principal": _s(state.open_principal),
            "open_interest": _s(state.open_interest), "open_total": _s(state.open_total)}
