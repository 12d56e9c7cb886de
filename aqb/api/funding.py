"""/api/v1/funding/: the application (Antrag) of the funding procedure, with the same policy
as the pages (docs/funding.md). Amounts are decimal strings; refusals are 422 with a German
`detail`."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Field, Router, Schema, Status

from aqb.accounts import policy
from aqb.budgets import selectors as budget_selectors
from aqb.funding import selectors, services
from aqb.regions.models import Region

from .bodies import documented, read_body
from .endpoints import AGS, ERRORS, YEAR, declare
from .errors import problem
from .schemas import Problem

router = Router(tags=["Förderverfahren"])
MONEY = Field(..., pattern=r"^\d{1,12}(\.\d{1,2})?$", description="Betrag, z. B. \"80000.00\"")
# a body that is not JSON at all is answered 400 before the endpoint runs
POST_ERRORS = {400: Problem, **ERRORS}
OPTIONAL_MONEY = Field(None, pattern=r"^\d{1,12}(\.\d{1,2})?$")


class ApplicationRow(Schema):
    id: int
    region: str
    year: int
    status: str
    status_label: str
    requested: str


class LineIn(Schema):
    project: int = Field(..., ge=1, le=2**62)
    costs: str = MONEY
    own_funds: str = Field("0", pattern=r"^\d{1,12}(\.\d{1,2})?$")
    third_party: str = Field("0", pattern=r"^\d{1,12}(\.\d{1,2})?$")
    requested: str | None = OPTIONAL_MONEY


class ApplicationIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    region: str = Field(..., pattern=r"^\d{5}$")
    lines: list[LineIn] = Field(..., min_length=1, max_length=500)


class ApplicationCreated(Schema):
    id: int
    status: str


def _row(a) -> dict:
    return {"id": a.pk, "region": a.region.ags, "year": a.programme_year.year,
            "status": a.status, "status_label": a.get_status_display(),
            "requested": format(sum((li.requested for li in a.lines.all()), Decimal("0.00")),
                                "f")}


def _refused(exc: ValidationError):
    return problem(422, " ".join(exc.messages))


@router.get("/funding/applications", response={200: list[ApplicationRow], **ERRORS},
            summary="Förderanträge eines Programmjahres (Land alle, Region eigene)")
@declare(policy.LOGIN)
def funding_applications(request, year: int = YEAR, region: str | None = AGS):
    qs = selectors.application_list(user=request.user, year=year).prefetch_related("lines")
    if region is not None:
        qs = qs.filter(region__ags=region)
    return [_row(a) for a in qs.order_by("region__ags", "pk")]


@router.post("/funding/applications", response={201: ApplicationCreated, **POST_ERRORS},
             summary="Förderantrag mit Finanzierungsplan anlegen (Gebietskörperschaft); "
                     "Kosten je Projekt als sonstige Kosten, wenn nicht aufgeteilt")
@declare(policy.LOGIN)
def funding_application_create(request, payload: ApplicationIn):
    region = Region.objects.filter(ags=payload.region).first()
    if region is None or not policy.can_view_region(request.user, region.pk):
        raise Http404(f"Gebietskörperschaft {payload.region} nicht gefunden.")
    try:
        py = budget_selectors.programme_year_get(year=payload.year)
    except Http404:
        raise Http404(f"Programmjahr {payload.year} gibt es nicht.") from None
    lines = [services.LineInput(
        project_id=li.project, other_costs=Decimal(li.costs), own_funds=Decimal(li.own_funds),
        third_party_funds=Decimal(li.third_party),
        requested=None if li.requested is None else Decimal(li.requested))
        for li in payload.lines]
    try:
        with transaction.atomic():
            app = services.application_create(actor=request.user, region=region,
                                              programme_year=py)
            services.application_set_plan(actor=request.user, application=app, lines=lines)
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, {"id": app.pk, "status": app.status})


@router.post("/funding/applications/{application_id}/submit",
             response={200: ApplicationCreated, **POST_ERRORS},
             summary="Förderantrag einreichen (Gebietskörperschaft)")
@policy.access(policy.REGION_EDIT, selectors.APPLICATION.under(application_id="pk"), api=True)
def funding_application_submit(request, application):
    try:
        app = services.application_submit(actor=request.user, application=application)
    except ValidationError as exc:
        return _refused(exc)
    return Status(200, {"id": app.pk, "status": app.status})


class StepIn(Schema):
    action: str = Field(..., pattern=r"^(review|sign_content|sign_arithmetic|ready|query|"
                                     r"reject|withdraw)$",
                        description="review: Prüfung beginnen; sign_content / "
                                    "sign_arithmetic: Prüfteil abzeichnen; ready: "
                                    "bewilligungsreif; query: Nachforderung (text = Frage); "
                                    "reject: ablehnen (text = Begründung); withdraw: "
                                    "zurückziehen (Gebietskörperschaft)")
    text: str = Field("", max_length=20000)


def _step(request, application, payload: StepIn):
    user, app = request.user, application
    if payload.action == "withdraw":
        return services.application_withdraw(actor=user, application=app)
    if not policy.principal(user).authority:
        raise PermissionDenied("Diesen Schritt nimmt die Bewilligungsbehörde vor.")
    if payload.action == "review":
        return services.application_start_review(actor=user, application=app)
    if payload.action in ("sign_content", "sign_arithmetic"):
        return services.application_sign_off(actor=user, application=app,
                                             part=payload.action.removeprefix("sign_"))
    if payload.action == "ready":
        return services.application_mark_ready(actor=user, application=app)
    if payload.action == "query":
        services.application_query(actor=user, application=app, question=payload.text)
        return app
    return services.application_reject(actor=user, application=app, reason=payload.text)


@router.post("/funding/applications/{application_id}/steps",
             response={200: ApplicationCreated, **POST_ERRORS},
             summary="Schritt im Förderantrag: Prüfung, Prüfvermerke, bewilligungsreif, "
                     "Nachforderung, Ablehnung (Bewilligungsbehörde) oder Rückzug "
                     "(Gebietskörperschaft)",
             openapi_extra=documented(StepIn))
@policy.access(policy.REGION_OBJECT, selectors.APPLICATION.under(application_id="pk"),
               api=True)
def funding_application_step(request, application):
    payload = read_body(request, StepIn)
    try:
        _step(request, application, payload)
    except ValidationError as exc:
        return _refused(exc)
    application.refresh_from_db()
    return Status(200, {"id": application.pk, "status": application.status})
