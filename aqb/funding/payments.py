"""Payment requests (Mittelabruf) against a grant notice, and the authority's steps on them.

The region requests money it needs within two months (Nr. 1.4 ANBest-GK); the sum of the
requests that count (beantragt, angewiesen, ausgezahlt) never exceeds the amount granted by
the notice in force. The check and the number of the request run under a lock of the notice
row, so simultaneous requests are served one after the other and can never together
overdraw (docs/funding.md, "Mittelabruf und Haushaltsüberwachung").

Steps: beantragt → angewiesen (authority, records who and when) → ausgezahlt (authority, with
the date of payment); beantragt → abgelehnt (authority, with reason); beantragt →
zurückgezogen (region). Every step is audited; a wrong step is refused in German.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from aqb.audit.services import audit_record
from aqb.german.dates import add_months, format_date
from aqb.german.money import MoneyError, format_eur, money_check

from .actors import person, require_authority, require_region
from .models import PAYMENT_COUNTING, Notice, NoticeStatus, PaymentRequest, PaymentStatus

ZERO = Decimal("0")
#: How far ahead money may be requested: needed within two months of the request.
MONTHS_AHEAD = 2
REGION_ONLY = "Mittel ruft nur die Gebietskörperschaft des Bescheids ab."
AUTHORITY_ONLY = "Mittelabrufe prüft und weist nur die Bewilligungsbehörde an."


def latest_needed_by(day: date) -> date:
    """The latest date a request made on `day` may name as the day the money is needed."""
    try:
        return add_months(day, MONTHS_AHEAD)
    except ValueError:  # beyond the year 9999
        return date.max


def counting_total_unscoped(notice: Notice) -> Decimal:
    """The sum of the requests that count against the grant (beantragt, angewiesen,
    ausgezahlt). Internal: no check of the reader."""
    return notice.payment_requests.filter(status__in=PAYMENT_COUNTING).aggregate(
        s=Sum("amount"))["s"] or ZERO


@transaction.atomic
def payment_request(*, actor, notice: Notice, date: date, amount: Decimal, needed_by: date,
                    reason: str, use_of_earlier: str = "") -> PaymentRequest:
    """Request `amount` under `notice` (the region of the notice). Refused in German when the
    notice is settled, the money is needed later than two months after `date` or before it,
    the amount is not positive or above the bound, or when all counting requests with this
    one would exceed the amount granted."""
    require_region(actor, notice.region_id, REGION_ONLY)
    # The lock serialises every request of this notice: the sum below is read, checked and
    # extended by one transaction at a time (PostgreSQL; SQLite locks the whole database).
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != NoticeStatus.ACTIVE:
        raise ValidationError(f"Der Zuwendungsbescheid {notice.number} ist abgerechnet; "
                              "Mittel können nicht mehr abgerufen werden.")
    try:
        amount = money_check(amount, field="Angeforderter Betrag")
    except MoneyError as exc:
        raise ValidationError({"amount": str(exc)}) from None
    if amount <= 0:
        raise ValidationError({"amount": "Angeforderter Betrag: der Betrag muss größer als 0 "
                                         "sein."})
    if needed_by < date:
        raise ValidationError({"needed_by": (
            f"Das Datum, an dem die Mittel benötigt werden ({format_date(needed_by)}), liegt "
            f"vor dem Datum des Mittelabrufs ({format_date(date)}).")})
    latest = latest_needed_by(date)
    if needed_by > latest:
        raise ValidationError({"needed_by": (
            f"Mittel dürfen nur abgerufen werden, soweit sie innerhalb von zwei Monaten nach "
            f"der Auszahlung benötigt werden: bei einem Abruf am {format_date(date)} "
            f"spätestens für den {format_date(latest)}, nicht für den "
            f"{format_date(needed_by)}.")})
    if not reason.strip():
        raise ValidationError({"reason": "Bitte den Mittelabruf begründen."})
    granted = notice.current.amount
    counting = counting_total_unscoped(notice)
    if counting + amount > granted:
        raise ValidationError({"amount": (
            f"Der Mittelabruf über {format_eur(amount)} übersteigt die bewilligten Mittel: "
            f"bewilligt {format_eur(granted)}, bereits abgerufen {format_eur(counting)}, "
            f"noch verfügbar {format_eur(max(granted - counting, ZERO))}.")})
    number = (notice.payment_requests.aggregate(n=Max("number"))["n"] or 0) + 1
    pr = PaymentRequest.objects.create(
        notice=notice, number=number, date=date, amount=amount, needed_by=needed_by,
        reason=reason.strip(), use_of_earlier=use_of_earlier.strip(),
        status=PaymentStatus.REQUESTED, created_by=person(actor))
    audit_record(actor=actor, action="payment.request", obj=pr,
                 changes={"status": {"before": None, "after": pr.status},
                          "amount": {"before": None, "after": str(amount)},
                          "needed_by": {"before": None, "after": needed_by.isoformat()}},
                 summary=f"Mittelabruf {number} über {format_eur(amount)} gestellt")
    return pr


def _locked(pr: PaymentRequest) -> PaymentRequest:
    return PaymentRequest.objects.select_for_update().select_related("notice").get(pk=pr.pk)


def _expect(pr: PaymentRequest, status: str, step: str) -> None:
    if pr.status != status:
        raise ValidationError(
            f"Ein Mittelabruf im Status „{pr.get_status_display()}“ kann nicht {step} "
            f"werden; das geht nur im Status „{PaymentStatus(status).label}“.")


def _status_step(pr: PaymentRequest, actor, to: str, action: str, *, extra=None,
                 summary: str = "") -> PaymentRequest:
    before = pr.status
    pr.status = to
    pr.save()
    audit_record(actor=actor, action=action, obj=pr,
                 changes={"status": {"before": before, "after": to}, **(extra or {})},
                 summary=summary)
    return pr


@transaction.atomic
def payment_withdraw(*, actor, payment: PaymentRequest) -> PaymentRequest:
    """The region takes back a request not yet released."""
    pr = _locked(payment)
    require_region(actor, pr.notice.region_id, REGION_ONLY)
    _expect(pr, PaymentStatus.REQUESTED, "zurückgezogen")
    return _status_step(pr, actor, PaymentStatus.WITHDRAWN, "payment.withdraw")


@transaction.atomic
def payment_release(*, actor, payment: PaymentRequest) -> PaymentRequest:
    """The authority has checked the request and orders the payment (angewiesen)."""
    require_authority(actor, AUTHORITY_ONLY)
    pr = _locked(payment)
    _expect(pr, PaymentStatus.REQUESTED, "angewiesen")
    pr.released_by = person(actor)
    pr.released_at = timezone.now()
    return _status_step(pr, actor, PaymentStatus.RELEASED, "payment.release",
                        summary=f"Mittelabruf {pr.number} über {format_eur(pr.amount)} "
                                "angewiesen")


@transaction.atomic
def payment_refuse(*, actor, payment: PaymentRequest, reason: str) -> PaymentRequest:
    """The authority refuses a request (with reason); it no longer counts against the grant."""
    require_authority(actor, AUTHORITY_ONLY)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Bitte die Ablehnung begründen."})
    pr = _locked(payment)
    _expect(pr, PaymentStatus.REQUESTED, "abgelehnt")
    pr.refusal_reason = reason.strip()
    return _status_step(pr, actor, PaymentStatus.REFUSED, "payment.refuse",
                        extra={"refusal_reason": {"before": "", "after": pr.refusal_reason}})


@transaction.atomic
def payment_mark_paid(*, actor, payment: PaymentRequest, paid_on: date) -> PaymentRequest:
    """The money left the authority's account on `paid_on` (angewiesen → ausgezahlt)."""
    require_authority(actor, AUTHORITY_ONLY)
    pr = _locked(payment)
    _expect(pr, PaymentStatus.RELEASED, "als ausgezahlt erfasst")
    if paid_on < pr.date:
        raise ValidationError({"paid_on": (
            f"Das Auszahlungsdatum ({format_date(paid_on)}) liegt vor dem Datum des "
            f"Mittelabrufs ({format_date(pr.date)}).")})
    pr.paid_on = paid_on
    return _status_step(pr, actor, PaymentStatus.PAID, "payment.pay",
                        extra={"paid_on": {"before": None, "after": paid_on.isoformat()}},
                        summary=f"Mittelabruf {pr.number}: {format_eur(pr.amount)} ausgezahlt "
                                f"am {format_date(paid_on)}")


@transaction.atomic
def payment_release_and_pay(*, actor, payment: PaymentRequest, paid_on: date) -> PaymentRequest:
    """Both steps of the authority at once (the API's `pay`): a request still "beantragt" is
    released and then marked paid; one already "angewiesen" is only marked paid. Two audit
    entries, one transaction: a refused payment date leaves the request as it was."""
    require_authority(actor, AUTHORITY_ONLY)
    pr = _locked(payment)
    if pr.status == PaymentStatus.REQUESTED:
        pr = payment_release(actor=actor, payment=pr)
    return payment_mark_paid(actor=actor, payment=pr, paid_on=paid_on)
