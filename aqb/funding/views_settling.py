"""Pages of the settlement and the refund: the authority's settlement form with a preview,
the settlement and refund pages (interest periods, part payments, deferral), the list of
refunds and the ministry's table of base rates (docs/funding.md, "Abrechnung und
Erstattung")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, REGION_OBJECT, STATE, access
from aqb.audit.selectors import history_for
from aqb.german.money import format_number
from aqb.ui.forms import apply_service_errors, form_page

from . import selectors, settling
from .forms_settling import (
    BaseRateForm,
    DeferralForm,
    RefundPaymentForm,
    SettlementForm,
    UntilForm,
)
from .interest import INTEREST_MARGIN, fraction_to_cents
from .models import BaseRate, RefundStatus
from .refunds import NOTICE, REFUND, SETTLEMENT, refund_state


def percent(value) -> str:
    return f"{format_number(value, 2)}\u00a0%"


def period_rows(periods) -> list[dict]:
    """Interest periods for display: rates in percent, the interest rounded to the cent (the
    total is the exact sum rounded once, never the sum of these)."""
    return [{"start": p.start, "end": p.end, "days": p.days, "days_in_year": p.days_in_year,
             "base_rate": percent(p.base_rate), "rate": percent(p.rate),
             "principal": p.principal, "interest": fraction_to_cents(p.interest)}
            for p in periods]


def _refund_url(refund) -> str:
    return f"/foerderung/erstattungen/{refund.pk}/"


def _settlement_url(settlement) -> str:
    return f"/foerderung/abrechnungen/{settlement.pk}/"


@access(LOGIN)
def refund_index(request):
    return render(request, "funding/refund_index.html", {
        "rows": selectors.refund_list(user=request.user),
        "queue": selectors.settlement_queue(user=request.user),
        "is_authority": policy.principal(request.user).authority,
    })


@access(STATE, NOTICE)
def settle(request, notice):
    """GET: the form, and with its fields filled the preview (nothing written); POST: the
    settlement itself."""
    settlement = getattr(notice, "settlement", None)
    if settlement is not None:
        return render(request, "funding/settle.html", {"notice": notice,
                                                       "settlement": settlement})
    posted = request.method == "POST"
    data = request.POST if posted else (request.GET if "date" in request.GET else None)
    form = SettlementForm(data, initial={"date": timezone.localdate()})
    preview = None
    if data is not None and form.is_valid():
        day, effective = form.cleaned_data["date"], form.cleaned_data["effective"]
        try:
            if posted:
                done = settling.settle(actor=request.user, notice=notice, date=day,
                                       effective=effective)
                messages.success(request, "Abrechnung gespeichert.")
                return redirect(_settlement_url(done))
            preview = settling.settlement_preview(notice=notice, date=day, effective=effective)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "funding/settle.html", {
        "notice": notice, "form": form, "preview": preview,
        "version": notice.current,
        "is_authority": policy.principal(request.user).authority,
    }, status=400 if data is not None and preview is None else 200)


@access(REGION_OBJECT, SETTLEMENT)
def settlement_detail(request, settlement):
    notice = settlement.notice
    return render(request, "funding/settlement_detail.html", {
        "s": settlement, "notice": notice, "version": notice.current,
        "refund": getattr(settlement, "refund", None),
        "history": history_for(notice)[:50],
    })


@access(REGION_OBJECT, REFUND)
def refund_detail(request, refund):
    today = timezone.localdate()
    form = UntilForm(request.GET if "until" in request.GET else None,
                     initial={"until": today})
    until = form.cleaned_data["until"] if form.is_bound and form.is_valid() else today
    state, error = None, None
    try:
        state = refund_state(refund, until=until)
    except ValueError as exc:
        error = str(exc)
    is_authority = policy.principal(request.user).authority
    return render(request, "funding/refund_detail.html", {
        "r": refund, "form": form, "until": until, "state": state, "error": error,
        "periods": period_rows(state.periods) if state else [],
        "payments": refund.payments.all(), "settlement": refund.settlement,
        "is_authority": is_authority,
        "may_act": is_authority and refund.status != RefundStatus.PAID,
        "history": history_for(refund)[:50],
    }, status=400 if form.is_bound and not form.is_valid() else 200)


@access(STATE, REFUND)
def refund_payment(request, refund):
    form = RefundPaymentForm(request.POST or None)
    return form_page(
        request, form=form, title=f"Zahlung auf {refund.number} erfassen",
        target=_refund_url(refund), success="Zahlung erfasst.",
        save=lambda f: settling.refund_payment_record(
            actor=request.user, refund=refund, date=f.cleaned_data["date"],
            amount=f.cleaned_data["amount"]),
        context={"intro": "Zahlungen werden zuerst auf den Erstattungsbetrag, dann auf die "
                          "Zinsen angerechnet.", "submit_label": "Zahlung erfassen"})


@access(STATE, REFUND)
def refund_defer(request, refund):
    form = DeferralForm(request.POST or None, initial={"until": refund.deferred_until,
                                                       "reason": refund.deferral_reason})
    return form_page(
        request, form=form, title=f"{refund.number} stunden",
        target=_refund_url(refund), success="Stundung gespeichert.",
        save=lambda f: settling.refund_defer(
            actor=request.user, refund=refund, until=f.cleaned_data["until"],
            reason=f.cleaned_data["reason"]),
        context={"intro": "Während der Stundung wird nicht gemahnt; die Zinsen nach § 49a "
                          "Abs. 3 HVwVfG laufen weiter.", "submit_label": "Stunden"})


@access(LOGIN, post=MINISTRY)
def base_rates(request):
    form = BaseRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            settling.base_rate_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Basiszinssatz eingetragen.")
            return redirect("/foerderung/basiszinssaetze/")
    rows = list(BaseRate.objects.order_by("-valid_from"))
    for row in rows:
        row.percent_text = percent(row.percent)
        row.rate_text = percent(row.percent + INTEREST_MARGIN)
    return render(request, "funding/base_rates.html", {
        "rows": rows, "form": form,
        "may_edit": policy.is_ministry(request.user),
    }, status=400 if request.method == "POST" else 200)
