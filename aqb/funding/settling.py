"""Settlement (Schlussabrechnung) of a notice after the final proof of use, the refund
(Erstattung) with its part payments and deferral, and the ministry's table of base rates.

Keyword-only services, one transaction each, every change audited; refusals are German
`ValidationError`s (nothing changed) or `PermissionDenied` for the wrong role. The decisions
(effective date, due date, order of payments, deferral) are in docs/funding.md, "Abrechnung
und Erstattung"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.german.dates import add_months
from aqb.german.money import MoneyError, format_eur, money_check

from .actors import person, require_authority
from .base_rates import base_rate_on
from .models import (
    BaseRate,
    Notice,
    NoticeStatus,
    PaymentStatus,
    Proof,
    ProofKind,
    ProofStatus,
    Refund,
    RefundPayment,
    RefundStatus,
    Settlement,
)
from .rates import base_rate_table
from .refunds import HeldInterest, held_interest_rows_unscoped, refund_state
from .settlement import Financing, recognised_amount, refund_amount

ZERO = Decimal("0.00")
#: Final proofs the authority has checked: the settlement is made from these.
SETTLEABLE = (ProofStatus.ACCEPTED, ProofStatus.REFUND)
#: Months between the refund notice and the day the refund is due (Zahlungsfrist).
DUE_MONTHS = 1


def _d(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def final_proof_unscoped(notice: Notice, *, submitted: bool = False) -> Proof | None:
    """The latest final proof of ``notice`` the authority has checked (with ``submitted``:
    also one submitted and not yet checked). Internal: no check."""
    statuses = (*SETTLEABLE, ProofStatus.SUBMITTED) if submitted else SETTLEABLE
    return notice.proofs.filter(kind=ProofKind.FINAL, status__in=statuses).order_by(
        "-date", "-pk").first()


@dataclass(frozen=True)
class SettlementPreview:
    """What a settlement on ``date`` would fix, before anything is written."""

    notice: Notice
    proof: Proof
    date: date
    effective: date
    financing: str
    share_percent: Decimal | None
    granted: Decimal
    costs: Decimal
    own_funds: Decimal
    third_party: Decimal
    recognised: Decimal
    paid: Decimal
    refund: Decimal
    held: HeldInterest

    @property
    def financing_label(self) -> str:
        return Financing(self.financing).label

    @property
    def creates_refund(self) -> bool:
        return self.refund > 0 or self.held.total > 0


def settlement_preview(*, notice: Notice, date: date, effective: date | None = None,
                       check_proof: bool = False) -> SettlementPreview:
    """The figures of a settlement of ``notice`` on ``date`` with the notice ceasing to have
    effect on ``effective`` (default: ``date``). German ValidationError when it cannot be
    settled; writes nothing."""
    effective = effective or date
    if notice.status == NoticeStatus.SETTLED or Settlement.objects.filter(
            notice=notice).exists():
        raise ValidationError(f"Der Zuwendungsbescheid {notice.number} ist bereits "
                              "abgerechnet.")
    proof = final_proof_unscoped(notice, submitted=check_proof)
    if proof is None:
        raise ValidationError(
            "Es gibt noch keinen geprüften Verwendungsnachweis (geprüft ohne Beanstandung "
            "oder mit Rückforderung); erst danach kann abgerechnet werden.")
    first = notice.versions.order_by("version").first()
    if effective < first.date:
        raise ValidationError(
            f"„Bescheid unwirksam ab“: Der {_d(effective)} liegt vor dem Datum des "
            f"Zuwendungsbescheids ({_d(first.date)}).")
    if effective > date:
        raise ValidationError(
            f"„Bescheid unwirksam ab“: Der {_d(effective)} liegt nach dem Datum der Abrechnung "
            f"({_d(date)}); die Unwirksamkeit wird mit der Abrechnung festgestellt.")
    if date < proof.date:
        raise ValidationError(
            f"„Datum der Abrechnung“: Der {_d(date)} liegt vor dem Verwendungsnachweis vom "
            f"{_d(proof.date)}.")
    if date > timezone.localdate():
        raise ValidationError(f"„Datum der Abrechnung“: Der {_d(date)} liegt in der Zukunft.")
    pending = notice.payment_requests.filter(
        status__in=(PaymentStatus.REQUESTED, PaymentStatus.RELEASED)).count()
    if pending:
        raise ValidationError(
            f"Über {pending} Mittelabruf{'e' if pending > 1 else ''} ist noch nicht "
            "abschließend entschieden (beantragt oder angewiesen); bitte zuerst auszahlen "
            "oder ablehnen.")
    version = notice.current
    table = base_rate_table()
    try:
        recognised = recognised_amount(
            financing=version.financing, granted=version.amount, actual_costs=proof.costs,
            share_percent=version.share_percent, own_funds=proof.own_funds,
            third_party=proof.third_party_funds)
        paid = sum(notice.payment_requests.filter(status=PaymentStatus.PAID).values_list(
            "amount", flat=True), ZERO)
        refund = refund_amount(paid, recognised)
        held = held_interest_rows_unscoped(notice, table)
        if refund:
            base_rate_on(effective, table)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    return SettlementPreview(
        notice=notice, proof=proof, date=date, effective=effective,
        financing=version.financing, share_percent=version.share_percent,
        granted=version.amount, costs=proof.costs, own_funds=proof.own_funds,
        third_party=proof.third_party_funds, recognised=recognised, paid=paid, refund=refund,
        held=held)


def refund_number(notice: Notice) -> str:
    return f"{notice.number}-E"


@transaction.atomic
def settle(*, actor, notice: Notice, date: date, effective: date | None = None,
           check_proof: bool = False) -> Settlement:
    """Settle ``notice`` from its checked final proof: the recognised amount by the financing
    type of the current version, the paid amount, and the refund (a `Refund` when money is to
    be paid back or § 49a Abs. 4 interest is owed). The notice becomes "abgerechnet" and
    ceases to have effect on ``effective`` (default: the settlement date).

    ``check_proof``: a final proof that is submitted but not yet checked is checked by this
    settlement (geprüft ohne Beanstandung, or mit Rückforderung when money is to be paid
    back), audited as the proof's review; the API's settlement does this, so that a client
    can go from the proof straight to the settlement (docs/funding.md)."""
    require_authority(actor, "Nur die Bewilligungsbehörde darf Zuwendungen abrechnen.")
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    p = settlement_preview(notice=notice, date=date, effective=effective,
                           check_proof=check_proof)
    if p.proof.status == ProofStatus.SUBMITTED:
        from . import proofs

        note = "Mit der Schlussabrechnung geprüft."
        if p.refund > 0:
            proofs.proof_refund(actor=actor, proof=p.proof, note=note)
        else:
            proofs.proof_accept(actor=actor, proof=p.proof, note=note)
    try:
        with transaction.atomic():
            settlement = Settlement.objects.create(
                notice=notice, proof=p.proof, date=p.date, effective=p.effective,
                recognised=p.recognised, paid=p.paid, refund_amount=p.refund,
                created_by=person(actor))
    except IntegrityError:
        raise ValidationError(f"Der Zuwendungsbescheid {notice.number} ist bereits "
                              "abgerechnet.") from None
    notice.status, notice.ceased_on = NoticeStatus.SETTLED, p.effective
    notice.save(update_fields=["status", "ceased_on"])
    audit_record(actor=actor, action="notice.settle", obj=notice, changes={
        "status": {"before": NoticeStatus.ACTIVE, "after": NoticeStatus.SETTLED},
        "ceased_on": {"before": None, "after": p.effective.isoformat()},
        "recognised": {"before": None, "after": str(p.recognised)},
        "paid": {"before": None, "after": str(p.paid)},
        "refund_amount": {"before": None, "after": str(p.refund)}},
        summary=f"Abgerechnet: anerkannt {format_eur(p.recognised)}, ausgezahlt "
                f"{format_eur(p.paid)}, Erstattung {format_eur(p.refund)}")
    if p.creates_refund:
        refund = Refund.objects.create(
            settlement=settlement, notice=notice, number=refund_number(notice), date=p.date,
            amount=p.refund, interest_from=p.effective, due_on=add_months(p.date, DUE_MONTHS),
            created_by=person(actor))
        audit_record(actor=actor, action="refund.issue", obj=refund, changes={
            "amount": {"before": None, "after": str(refund.amount)},
            "interest_from": {"before": None, "after": refund.interest_from.isoformat()},
            "due_on": {"before": None, "after": refund.due_on.isoformat()}},
            summary=f"Erstattung von {format_eur(refund.amount)} festgesetzt, verzinst ab "
                    f"{_d(refund.interest_from)}, fällig am {_d(refund.due_on)}")
    return settlement


def _locked_refund(refund: Refund) -> Refund:
    return Refund.objects.select_for_update().select_related("notice").get(pk=refund.pk)


@transaction.atomic
def refund_payment_record(*, actor, refund: Refund, date: date, amount: Decimal
                          ) -> RefundPayment:
    """Record a (part) payment received on ``refund``. It goes to the principal first, then
    to the interest; the refund is "erstattet" when principal and interest are paid. A
    payment above what is open on its day is refused."""
    require_authority(actor, "Nur die Bewilligungsbehörde darf Zahlungen auf Erstattungen "
                      "erfassen.")
    refund = _locked_refund(refund)
    try:
        amount = money_check(amount, field="Gezahlter Betrag")
    except MoneyError as exc:
        raise ValidationError({"amount": str(exc)}) from None
    if amount <= 0:
        raise ValidationError({"amount": "Der Betrag muss größer als 0 sein."})
    if refund.status == RefundStatus.PAID:
        raise ValidationError(f"Der Erstattungsbescheid {refund.number} ist bereits "
                              "vollständig erstattet.")
    if date < refund.notice.versions.order_by("version").first().date:
        raise ValidationError({"date": f"Der {_d(date)} liegt vor dem Zuwendungsbescheid."})
    if date > timezone.localdate():
        raise ValidationError({"date": f"Der {_d(date)} liegt in der Zukunft."})
    if refund.payments.filter(date__gt=date).exists():
        raise ValidationError({"date": "Es ist schon eine spätere Zahlung erfasst; Zahlungen "
                                       "werden in der Reihenfolge ihres Eingangs erfasst."})
    try:
        before = refund_state(refund, until=date)
        # paying the whole open principal on `date` stops the interest the day before
        full = refund_state(refund, until=date, extra=(date, before.open_principal))
        payable = before.open_principal + full.open_interest
        after = refund_state(refund, until=date, extra=(date, amount))
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if amount > payable:
        raise ValidationError({"amount": (
            f"Am {_d(date)} sind nur noch {format_eur(payable)} offen (Erstattung "
            f"{format_eur(before.open_principal)}, Zinsen {format_eur(full.open_interest)}); "
            f"{format_eur(amount)} wären zu viel.")})
    payment = RefundPayment.objects.create(refund=refund, date=date, amount=amount,
                                           recorded_by=person(actor))
    status_before = refund.status
    if after.open_total == 0:
        refund.status = RefundStatus.PAID
        refund.save(update_fields=["status"])
    audit_record(actor=actor, action="refund.payment", obj=refund, changes={
        "payment_amount": {"before": None, "after": str(amount)},
        "payment_date": {"before": None, "after": date.isoformat()},
        "status": {"before": status_before, "after": refund.status}},
        summary=f"Zahlung über {format_eur(amount)} vom {_d(date)} erfasst; offen "
                f"{format_eur(after.open_total)}")
    return payment


@transaction.atomic
def refund_defer(*, actor, refund: Refund, until: date, reason: str) -> Refund:
    """Defer (stunden) ``refund`` until ``until``: no reminders while deferred; the interest
    under § 49a Abs. 3 keeps running (docs/funding.md)."""
    require_authority(actor, "Nur die Bewilligungsbehörde darf Erstattungen stunden.")
    refund = _locked_refund(refund)
    reason = (reason or "").strip()
    if refund.status == RefundStatus.PAID:
        raise ValidationError(f"Der Erstattungsbescheid {refund.number} ist bereits "
                              "vollständig erstattet; eine Stundung ist nicht mehr möglich.")
    if not reason:
        raise ValidationError({"reason": "Bitte den Grund der Stundung angeben."})
    if until <= refund.due_on:
        raise ValidationError({"until": (
            f"Die Stundung muss über die Fälligkeit ({_d(refund.due_on)}) hinausgehen.")})
    before = {"status": refund.status, "deferred_until": refund.deferred_until,
              "deferral_reason": refund.deferral_reason}
    refund.status, refund.deferred_until, refund.deferral_reason = (
        RefundStatus.DEFERRED, until, reason)
    refund.save(update_fields=["status", "deferred_until", "deferral_reason"])
    audit_record(actor=actor, action="refund.defer", obj=refund, changes={
        "status": {"before": before["status"], "after": refund.status},
        "deferred_until": {"before": before["deferred_until"] and before[
            "deferred_until"].isoformat(), "after": until.isoformat()},
        "deferral_reason": {"before": before["deferral_reason"], "after": reason}},
        summary=f"Gestundet bis {_d(until)}")
    return refund


@transaction.atomic
def base_rate_add(*, actor, valid_from: date, percent: Decimal) -> BaseRate:
    """Add a base rate (§ 247 BGB) to the ministry's table. It changes on 1 January and
    1 July; each date once; at most two decimal places."""
    policy.require_ministry(actor, "Basiszinssätze eintragen")
    if not isinstance(percent, Decimal) or not percent.is_finite():
        raise ValidationError({"percent": "Bitte einen Prozentsatz wie „1,27“ eingeben."})
    if percent != percent.quantize(Decimal("0.01")):
        raise ValidationError({"percent": "Höchstens zwei Nachkommastellen."})
    if not Decimal("-10") <= percent <= Decimal("20"):
        raise ValidationError({"percent": "Der Basiszinssatz liegt zwischen -10 und 20 "
                                          "Prozent."})
    if (valid_from.month, valid_from.day) not in ((1, 1), (7, 1)):
        raise ValidationError({"valid_from": "Der Basiszinssatz ändert sich nur zum 1. Januar "
                                             "und zum 1. Juli (§ 247 Abs. 1 BGB)."})
    if BaseRate.objects.filter(valid_from=valid_from).exists():
        raise ValidationError({"valid_from": f"Für den {_d(valid_from)} ist schon ein "
                                             "Basiszinssatz eingetragen."})
    try:
        with transaction.atomic():
            rate = BaseRate.objects.create(valid_from=valid_from, percent=percent)
    except IntegrityError:
        raise ValidationError({"valid_from": f"Für den {_d(valid_from)} ist schon ein "
                                             "Basiszinssatz eingetragen."}) from None
    audit_record(actor=actor, action="base_rate.create", obj=rate, changes={
        "valid_from": {"before": None, "after": valid_from.isoformat()},
        "percent": {"before": None, "after": str(percent)}},
        summary=f"Basiszinssatz {percent} % ab {_d(valid_from)} eingetragen")
    return rate
