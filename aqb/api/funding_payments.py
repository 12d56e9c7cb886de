"""/api/v1/funding/: payment requests (Mittelabruf) and the ledger of a notice, with the same
policy as the pages (region: its own notices; authority and ministry: all; provider: none).
Amounts are decimal strings, dates ISO; refusals are 422 with a German `detail`.

No `from __future__ import annotations` here: the access wrapper hands ninja the view's
signature, whose annotations must be real types, not strings.

The POST endpoints read their JSON body after the object check (`bodies.read_body`), so a
stranger gets 403/404 whatever it sends, never a hint about the body; the body's schema is
declared in the OpenAPI document all the same."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from aqb.accounts import policy
from aqb.funding import ledger, payments

from .bodies import documented, read_body
from .endpoints import ERRORS
from .funding import MONEY, POST_ERRORS, _refused

router = Router(tags=["Förderverfahren"])


class PaymentRequestIn(Schema):
    date: dt.date
    amount: str = MONEY
    needed_by: dt.date
    reason: str = Field(..., max_length=4000)
    use_of_earlier: str = Field("", max_length=4000)


class PaymentPayIn(Schema):
    date: dt.date


class PaymentOut(Schema):
    id: int
    number: int
    notice: int
    date: dt.date
    amount: str
    needed_by: dt.date
    status: str
    status_label: str
    paid_on: dt.date | None = None


class NoticeOut(Schema):
    id: int
    number: str
    region: str
    year: int
    status: str
    amount: str
    financing: str
    share_percent: str | None = None
    version: int
    granted: str
    requested: str
    paid: str
    used: str
    recognised: str
    refunded: str
    available: str
    payment_requests: list[PaymentOut]






def _payment(pr) -> dict:
    return {"id": pr.pk, "number": pr.number, "notice": pr.notice_id, "date": pr.date,
            "amount": format(pr.amount, "f"), "needed_by": pr.needed_by, "status": pr.status,
            "status_label": pr.get_status_display(), "paid_on": pr.paid_on}


@router.get("/funding/notices/{notice_id}", response={200: NoticeOut, **ERRORS},
            summary="Zuwendungsbescheid mit den Zahlen der Haushaltsüberwachung")
@policy.access(policy.REGION_OBJECT, ledger.NOTICE.under(notice_id="pk"), api=True)
def funding_notice(request, notice):
    version = notice.current
    figures = ledger.ledger_notice(user=request.user, notice=notice)
    return {"id": notice.pk, "number": notice.number, "region": notice.region.ags,
            "year": notice.programme_year.year, "status": notice.status,
            "amount": format(version.amount, "f"), "financing": version.financing,
            "share_percent": None if version.share_percent is None
            else format(version.share_percent, "f"),
            "version": version.version, **figures.as_strings(),
            "available": format(figures.available, "f"),
            "payment_requests": [_payment(p) for p in notice.payment_requests.all()]}


@router.post("/funding/notices/{notice_id}/payment-requests",
             response={201: PaymentOut, **POST_ERRORS},
             summary="Mittelabruf stellen (Gebietskörperschaft); höchstens bis zum "
                     "bewilligten Betrag, Mittel benötigt binnen zwei Monaten",
             openapi_extra=documented(PaymentRequestIn))
@policy.access(policy.REGION_EDIT, ledger.NOTICE.under(notice_id="pk"), api=True)
def funding_payment_request(request, notice):
    payload = read_body(request, PaymentRequestIn)
    try:
        pr = payments.payment_request(
            actor=request.user, notice=notice, date=payload.date,
            amount=Decimal(payload.amount), needed_by=payload.needed_by,
            reason=payload.reason, use_of_earlier=payload.use_of_earlier)
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, _payment(pr))


@router.post("/funding/payment-requests/{payment_id}/pay",
             response={200: PaymentOut, **POST_ERRORS},
             summary="Mittelabruf auszahlen (Bewilligungsbehörde); ein noch beantragter "
                     "Abruf wird dabei zugleich angewiesen",
             openapi_extra=documented(PaymentPayIn))
@policy.access(policy.STATE, ledger.PAYMENT.under(payment_id="pk"), api=True)
def funding_payment_pay(request, payment):
    payload = read_body(request, PaymentPayIn)
    try:
        pr = payments.payment_release_and_pay(actor=request.user, payment=payment,
                                              paid_on=payload.date)
    except ValidationError as exc:
        return _refused(exc)
    return Status(200, _payment(pr))
