"""/api/v1/funding/: passing money on to providers (Weiterleitung) and the providers' expense
reports (docs/funding.md, "Weiterleitung an Träger"). Same policy as the pages: a provider
sees only pass-ons to it and reports of its projects. Amounts are decimal strings, dates ISO;
refusals are 422 with a German `detail`."""

# no `from __future__ import annotations`: the access wrapper hands ninja the signature
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from aqb.accounts import policy
from aqb.funding import passon, selectors
from aqb.funding.refunds import NOTICE
from aqb.german.money import round_cents

from .bodies import documented, read_body
from .endpoints import ERRORS, declare
from .errors import problem
from .schemas import Problem

router = Router(tags=["Förderverfahren"])
POST_ERRORS = {400: Problem, **ERRORS}
MONEY = Field(..., pattern=r"^\d{1,12}(\.\d{1,2})?$", description="Betrag, z. B. \"10000.00\"")


class PassOnIn(Schema):
    project: int = Field(..., ge=1, le=2**62)
    amount: str = MONEY
    date: dt.date
    basis: str = Field(..., pattern=r"^(decision|contract)$",
                       description="decision = Weiterleitungsbescheid, "
                                   "contract = Weiterleitungsvertrag")
    reference: str = Field(..., min_length=1, max_length=80)
    report_due: dt.date
    interim_report_due: dt.date | None = None
    anbest_p: bool = True
    anbest_p_version: str = Field(passon.ANBEST_P, max_length=300)


class PassOnOut(Schema):
    id: int
    notice: int
    project: int
    provider: str
    amount: str
    date: dt.date
    basis: str
    reference: str
    anbest_p: bool
    interim_report_due: dt.date | None
    report_due: dt.date


class LineIn(Schema):
    date: dt.date
    payee: str = Field(..., min_length=1, max_length=200)
    purpose: str = Field(..., min_length=1, max_length=300)
    amount: str = MONEY
    voucher: str = Field(..., min_length=1, max_length=60)


class LineCreated(Schema):
    id: int
    report: int
    total: str


class ReportOut(Schema):
    id: int
    notice: int
    project: int
    provider: str
    kind: str
    period_start: dt.date
    period_end: dt.date
    status: str
    total: str


def _s(value) -> str:
    return format(round_cents(value if value is not None else Decimal("0")), "f")




def _pass_on(row) -> dict:
    return {"id": row.pk, "notice": row.notice_id, "project": row.project_id,
            "provider": row.provider.name, "amount": _s(row.amount), "date": row.date,
            "basis": row.basis, "reference": row.reference, "anbest_p": row.anbest_p,
            "interim_report_due": row.interim_report_due, "report_due": row.report_due}


@router.get("/funding/pass-ons", response={200: list[PassOnOut], **ERRORS},
            summary="Weiterleitungen an Träger (Land alle, Region eigene, Träger die an ihn)")
@declare(policy.LOGIN)
def funding_pass_ons(request):
    return [_pass_on(r) for r in selectors.passon_list(user=request.user).order_by("pk")]


@router.post("/funding/notices/{notice_id}/pass-ons", response={201: PassOnOut, **POST_ERRORS},
             openapi_extra=documented(PassOnIn),
             summary="Mittel an den Träger eines Projekts weiterleiten (Gebietskörperschaft)")
@policy.access(policy.REGION_EDIT, NOTICE.under(notice_id="pk"), api=True)
def funding_pass_on_create(request, notice):
    payload = read_body(request, PassOnIn)
    try:
        row = passon.passon_create(actor=request.user, notice=notice, data=passon.PassOnInput(
            project_id=payload.project, amount=Decimal(payload.amount), date=payload.date,
            basis=payload.basis, reference=payload.reference, report_due=payload.report_due,
            interim_report_due=payload.interim_report_due, anbest_p=payload.anbest_p,
            anbest_p_version=payload.anbest_p_version))
    except ValidationError as exc:
        return problem(422, " ".join(exc.messages))
    return Status(201, _pass_on(row))


@router.get("/funding/expense-reports", response={200: list[ReportOut], **ERRORS},
            summary="Ausgabenberichte der Träger (Land alle, Region eigene, Träger eigene)")
@declare(policy.LOGIN)
def funding_expense_reports(request):
    return [{"id": r.pk, "notice": r.notice_id, "project": r.project_id,
             "provider": r.provider.name, "kind": r.kind, "period_start": r.period_start,
             "period_end": r.period_end, "status": r.status, "total": _s(r.total)}
            for r in selectors.expense_report_list(user=request.user).order_by("pk")]


@router.post("/funding/expense-reports/{report_id}/lines",
             response={201: LineCreated, **POST_ERRORS},
             openapi_extra=documented(LineIn),
             summary="Ausgabe im Bericht erfassen (nur der Träger des Projekts)")
@policy.access(policy.PROVIDER_EDIT, selectors.EXPENSE_REPORT.under(report_id="pk"), api=True)
def funding_expense_line_add(request, report):
    payload = read_body(request, LineIn)
    try:
        row = passon.expense_line_add(actor=request.user, report=report, line=passon.LineInput(
            date=payload.date, payee=payload.payee, purpose=payload.purpose,
            amount=Decimal(payload.amount), voucher=payload.voucher))
    except ValidationError as exc:
        return problem(422, " ".join(exc.messages))
    total = sum(report.lines.values_list("amount", flat=True), Decimal("0.00"))
    return Status(201, {"id": row.pk, "report": report.pk, "total": _s(total)})
