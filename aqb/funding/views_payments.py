"""Pages of the payment requests (Mittelabruf) and the ledger (Haushaltsüberwachung): the
requests of a notice with its figures and the region's form, one request with the
authority's steps, the ledger of a year for the state and for one region."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.policy import REGION_EDIT, REGION_OBJECT, STATE, access
from aqb.audit.selectors import history_for
from aqb.budgets import selectors as budget_selectors
from aqb.regions.selectors import REGION
from aqb.ui.forms import confirm_page, form_page

from . import ledger, payments
from .forms_payments import PaymentPayForm, PaymentRefuseForm, PaymentRequestForm
from .ledger import NOTICE, PAYMENT
from .models import NoticeStatus, PaymentStatus


def notice_payments_url(notice) -> str:
    return f"/foerderung/bescheide/{notice.pk}/mittelabrufe/"


def payment_url(payment) -> str:
    return f"/foerderung/mittelabrufe/{payment.pk}/"


@access(REGION_OBJECT, NOTICE, post=REGION_EDIT)
def notice_payments(request, notice):
    """The requests of a notice, its ledger figures and (for the region) the request form."""
    may_request = (notice.status == NoticeStatus.ACTIVE
                   and policy.can_edit_region_data(request.user, notice.region_id))
    today = timezone.localdate()
    form = PaymentRequestForm(request.POST or None, initial={
        "date": today, "needed_by": payments.latest_needed_by(today)})
    if request.method == "POST" and not may_request:
        form.is_valid()
        form.add_error(None, "Zu diesem Zuwendungsbescheid können keine Mittel mehr abgerufen "
                             "werden.")

    def save(f):
        c = f.cleaned_data
        payments.payment_request(actor=request.user, notice=notice, date=c["date"],
                                 amount=c["amount"], needed_by=c["needed_by"],
                                 reason=c["reason"], use_of_earlier=c["use_of_earlier"])

    return form_page(
        request, form=form, title=f"Mittelabrufe zum Zuwendungsbescheid {notice.number}",
        save=save if may_request else (lambda f: None), success="Mittelabruf gestellt.",
        target=notice_payments_url(notice), template="funding/payments.html",
        context={"notice": notice, "version": notice.current,
                 "figures": ledger.ledger_notice(user=request.user, notice=notice),
                 "rows": notice.payment_requests.select_related("released_by"),
                 "may_request": may_request})


@access(REGION_OBJECT, PAYMENT)
def payment_detail(request, payment):
    p = policy.principal(request.user)
    return render(request, "funding/payment_detail.html", {
        "pr": payment, "notice": payment.notice,
        "may_withdraw": payment.status == PaymentStatus.REQUESTED
        and policy.can_edit_region_data(request.user, payment.notice.region_id),
        "is_authority": p.authority,
        "history": history_for(payment)[:50],
    })


def _confirm(request, payment, *, title, question, confirm, act, success):
    return confirm_page(
        request, template="confirm.html", act=act, success=success,
        target=payment_url(payment),
        context={"title": title, "question": question, "confirm_label": confirm,
                 "subject": str(payment), "cancel_url": payment_url(payment)})


@access(REGION_EDIT, PAYMENT)
def payment_withdraw(request, payment):
    return _confirm(
        request, payment, title="Mittelabruf zurückziehen", confirm="Zurückziehen",
        question="Den Mittelabruf zurückziehen? Der Betrag steht danach wieder zur "
                 "Verfügung.",
        act=lambda: payments.payment_withdraw(actor=request.user, payment=payment),
        success="Mittelabruf zurückgezogen.")


@access(STATE, PAYMENT)
def payment_release(request, payment):
    return _confirm(
        request, payment, title="Mittelabruf anweisen", confirm="Anweisen",
        question="Den Mittelabruf geprüft und die Auszahlung angewiesen? Ihr Name und der "
                 "heutige Zeitpunkt werden vermerkt.",
        act=lambda: payments.payment_release(actor=request.user, payment=payment),
        success="Mittelabruf angewiesen.")


@access(STATE, PAYMENT)
def payment_refuse(request, payment):
    form = PaymentRefuseForm(request.POST or None)
    return form_page(
        request, form=form, title="Mittelabruf ablehnen", target=payment_url(payment),
        success="Mittelabruf abgelehnt.",
        save=lambda f: payments.payment_refuse(actor=request.user, payment=payment,
                                               reason=f.cleaned_data["reason"]),
        context={"submit_label": "Ablehnen", "intro": str(payment)})


@access(STATE, PAYMENT)
def payment_pay(request, payment):
    form = PaymentPayForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    return form_page(
        request, form=form, title="Auszahlung erfassen", target=payment_url(payment),
        success="Auszahlung erfasst.",
        save=lambda f: payments.payment_mark_paid(actor=request.user, payment=payment,
                                                  paid_on=f.cleaned_data["paid_on"]),
        context={"submit_label": "Als ausgezahlt erfassen",
                 "intro": f"{payment}: Tag, an dem der Betrag ausgezahlt wurde."})


def _years() -> list[int]:
    return sorted(budget_selectors.programme_year_list().values_list("year", flat=True))


@access(STATE)
def ledger_state(request, year):
    rows, total = ledger.ledger_regions(user=request.user, year=year)
    years, all_years = ledger.ledger_years(user=request.user)
    return render(request, "funding/ledger.html", {
        "year": year, "rows": rows, "total": total, "years": years, "all_years": all_years,
        "year_choices": _years(), "labels": ledger.LABELS})


@access(REGION_OBJECT, REGION)
def ledger_region(request, region, year):
    notices = ledger.ledger_notices(user=request.user, year=year, region=region)
    rows = [ledger.LedgerRow(label=n.number, figures=ledger.Figures(
        **{f: getattr(n, f) for f in ledger.FIGURES}), year=year, region=n) for n in notices]
    total = ledger.LedgerRow(label=f"Summe {region.name}", year=year, region=region,
                             figures=ledger.ledger_total(user=request.user, year=year,
                                                         region=region))
    return render(request, "funding/ledger_region.html", {
        "region": region, "year": year, "rows": rows, "total": total,
        "year_choices": _years(), "labels": ledger.LABELS,
        "is_state": policy.is_staff_of_state(request.user)})
