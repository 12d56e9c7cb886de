"""/api/v1/funding/applications/{id}/notice: the authority issues the grant notice of a ready
application, with the same rules as the page (docs/funding.md, "Zuwendungsbescheid").

The body is read inside the endpoint, after `policy.access` has checked the role and the
application: a stranger gets 403/404 before anything of the body is looked at (django-ninja
would parse a declared body first). The schema is still published in the OpenAPI document."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from aqb.accounts import policy
from aqb.funding import selectors
from aqb.funding.notices import DEFAULT_PROVISIONS, LEGAL_REMEDY, NoticeInput, notice_issue
from aqb.funding.settlement import Financing

from .bodies import documented, read_body
from .funding import POST_ERRORS, _refused

router = Router(tags=["Förderverfahren"])
MONEY_PATTERN = r"^\d{1,12}(\.\d{1,2})?$"


class NoticeIn(Schema):
    date: dt.date
    financing: Financing = Financing.ANTEIL
    share_percent: str | None = Field(None, pattern=r"^\d{1,3}(\.\d{1,2})?$",
                                      description="Anteil in Prozent, z. B. \"80.00\"")
    eligible_costs: str | None = Field(None, pattern=MONEY_PATTERN)
    amount: str | None = Field(None, pattern=MONEY_PATTERN)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    purpose: str = Field("", max_length=4000)
    special_provisions: str = Field("", max_length=8000)
    interim_proof_due: dt.date | None = None
    final_proof_due: dt.date | None = None
    may_pass_on: bool = True
    cash: dict[int, str] = Field(default_factory=dict,
                                 description="Kassenmittel je Haushaltsjahr, z. B. "
                                             "{\"2025\": \"80000.00\"}")


class NoticeCreated(Schema):
    id: int
    number: str
    version: int
    amount: str


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)




@router.post("/funding/applications/{application_id}/notice",
             response={201: NoticeCreated, **POST_ERRORS},
             summary="Zuwendungsbescheid zu einem bewilligungsreifen Antrag erlassen "
                     "(Bewilligungsbehörde)",
             openapi_extra=documented(NoticeIn))
@policy.access(policy.STATE, selectors.APPLICATION.under(application_id="pk"), api=True)
def funding_notice_issue(request, application):
    import re

    payload = read_body(request, NoticeIn)
    for year, value in payload.cash.items():
        if not re.fullmatch(MONEY_PATTERN, value):
            return _refused(ValidationError(f"Kassenmittel {year}: „{value}“ ist kein Betrag."))
    data = NoticeInput(
        date=payload.date, financing=payload.financing,
        share_percent=_dec(payload.share_percent), eligible_costs=_dec(payload.eligible_costs),
        amount=_dec(payload.amount), period_start=payload.period_start,
        period_end=payload.period_end, purpose=payload.purpose,
        provisions=DEFAULT_PROVISIONS, special_provisions=payload.special_provisions,
        interim_proof_due=payload.interim_proof_due, final_proof_due=payload.final_proof_due,
        may_pass_on=payload.may_pass_on, legal_remedy=LEGAL_REMEDY,
        cash={y: Decimal(v) for y, v in payload.cash.items()})
    try:
        notice = notice_issue(actor=request.user, application=application, data=data)
    except ValidationError as exc:
        return _refused(exc)
    v = notice.current
    return Status(201, {"id": notice.pk, "number": notice.number, "version": v.version,
                        "amount": format(v.amount, "f")})
