"""/api/v1/funding/notices/{id}/proof: the region submits a proof of use (by default the
Verwendungsnachweis), with the same policy as the pages (docs/funding.md, "Zwischen- und
Verwendungsnachweis"). Amounts are decimal strings, dates ISO; refusals are 422 with a German
`detail`.

Without `lines`, the totals are booked on the first project of the notice's financing plan as
"sonstige Kosten" (as the application endpoint books its costs); with `lines`, the totals
must equal their sums."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from aqb.accounts import policy
from aqb.funding import proofs
from aqb.funding.proof_selectors import PROOF, PROOF_NOTICE
from aqb.german.money import format_eur

from .bodies import documented, read_body
from .endpoints import ERRORS
from .errors import problem
from .schemas import Problem

router = Router(tags=["Förderverfahren"])
AMOUNT = r"^\d{1,12}(\.\d{1,2})?$"
POST_ERRORS = {400: Problem, **ERRORS}


class ProofLineIn(Schema):
    project: int = Field(..., ge=1, le=2**62)
    personnel_costs: str = Field("0", pattern=AMOUNT)
    material_costs: str = Field("0", pattern=AMOUNT)
    administrative_costs: str = Field("0", pattern=AMOUNT)
    other_costs: str = Field("0", pattern=AMOUNT)
    own_funds: str = Field("0", pattern=AMOUNT)
    third_party: str = Field("0", pattern=AMOUNT)


class VoucherIn(Schema):
    date: datetime.date
    payee: str = Field(..., max_length=200)
    purpose: str = Field(..., max_length=300)
    amount: str = Field(..., pattern=AMOUNT)
    number: str = Field(..., max_length=60)


class ProofIn(Schema):
    date: datetime.date
    kind: str = Field("final", pattern=r"^(final|interim)$",
                      description="final: Verwendungsnachweis, interim: Zwischennachweis")
    costs: str = Field(..., pattern=AMOUNT, description="tatsächliche Ausgaben, z. B. "
                                                        "\"90000.00\"")
    own_funds: str = Field("0", pattern=AMOUNT)
    third_party: str = Field("0", pattern=AMOUNT)
    report: str = Field(..., max_length=20000, description="Sachbericht")
    lines: list[ProofLineIn] | None = Field(None, max_length=500)
    vouchers: list[VoucherIn] | None = Field(None, max_length=5000)


class ReviewIn(Schema):
    decision: str = Field(..., pattern=r"^(query|accept|refund)$",
                          description="query: Rückfrage, accept: geprüft ohne Beanstandung, "
                                      "refund: geprüft mit Rückforderung")
    note: str = Field("", max_length=4000,
                      description="Frage (query) oder Prüfvermerk (bei refund Pflicht)")
    vouchers_required: bool = Field(False, description="mit der Rückfrage die Belegliste "
                                                       "anfordern")


class ReviewOut(Schema):
    id: int
    status: str
    status_label: str


class ProofCreated(Schema):
    id: int
    kind: str
    status: str
    costs: str
    own_funds: str
    third_party: str






@router.post("/funding/notices/{notice_id}/proof",
             response={201: ProofCreated, **POST_ERRORS},
             summary="Nachweis der Verwendung einreichen (Gebietskörperschaft); ohne Zeilen "
                     "als sonstige Kosten des ersten Projekts",
             openapi_extra=documented(ProofIn))
@policy.access(policy.REGION_EDIT, PROOF_NOTICE.under(notice_id="pk"), api=True)
def funding_notice_proof(request, notice):
    payload = read_body(request, ProofIn)
    totals = {"costs": Decimal(payload.costs), "own_funds": Decimal(payload.own_funds),
              "third_party_funds": Decimal(payload.third_party)}
    if payload.lines:
        lines = [proofs.ProofLineInput(
            project_id=li.project, personnel_costs=Decimal(li.personnel_costs),
            material_costs=Decimal(li.material_costs),
            administrative_costs=Decimal(li.administrative_costs),
            other_costs=Decimal(li.other_costs), own_funds=Decimal(li.own_funds),
            third_party_funds=Decimal(li.third_party)) for li in payload.lines]
    else:
        plan = list(proofs.plan_lines(notice))
        if not plan:
            return problem(422, f"Der Bescheid {notice.number} hat keinen Finanzierungsplan.")
        lines = [proofs.ProofLineInput(project_id=plan[0], other_costs=totals["costs"],
                                       own_funds=totals["own_funds"],
                                       third_party_funds=totals["third_party_funds"])]
    vouchers = [proofs.VoucherInput(date=v.date, payee=v.payee, purpose=v.purpose,
                                    amount=Decimal(v.amount), number=v.number)
                for v in payload.vouchers or []]
    try:
        if payload.lines:
            _check_totals(lines, totals)
        proof = proofs.proof_submit(actor=request.user, notice=notice, kind=payload.kind,
                                    date=payload.date, report=payload.report, lines=lines,
                                    vouchers=vouchers)
    except ValidationError as exc:
        return problem(422, " ".join(exc.messages))
    return Status(201, {"id": proof.pk, "kind": proof.kind, "status": proof.status,
                        "costs": format(proof.costs, "f"),
                        "own_funds": format(proof.own_funds, "f"),
                        "third_party": format(proof.third_party_funds, "f")})


def _check_totals(lines: list[proofs.ProofLineInput], totals: dict[str, Decimal]) -> None:
    sums = {"costs": sum((sum((getattr(li, f) for f in proofs.COST_FIELDS), Decimal(0))
                          for li in lines), Decimal(0)),
            "own_funds": sum((li.own_funds for li in lines), Decimal(0)),
            "third_party_funds": sum((li.third_party_funds for li in lines), Decimal(0))}
    for key, label in (("costs", "Ausgaben (costs)"), ("own_funds", "Eigenmittel (own_funds)"),
                       ("third_party_funds", "Drittmittel (third_party)")):
        if sums[key] != totals[key]:
            raise ValidationError(
                f"„{label}“ ist {format_eur(totals[key])}, die Zeilen ergeben "
                f"{format_eur(sums[key])}; beide müssen übereinstimmen.")


@router.post("/funding/proofs/{proof_id}/review", response={200: ReviewOut, **POST_ERRORS},
             summary="Nachweis prüfen (Bewilligungsbehörde): Rückfrage, geprüft ohne "
                     "Beanstandung oder mit Rückforderung",
             openapi_extra=documented(ReviewIn))
@policy.access(policy.STATE, PROOF.under(proof_id="pk"), api=True)
def funding_proof_review(request, proof):
    payload = read_body(request, ReviewIn)
    try:
        if payload.decision == "query":
            proof = proofs.proof_query(actor=request.user, proof=proof, question=payload.note,
                                       vouchers_required=payload.vouchers_required)
        elif payload.decision == "accept":
            proof = proofs.proof_accept(actor=request.user, proof=proof, note=payload.note)
        else:
            proof = proofs.proof_refund(actor=request.user, proof=proof, note=payload.note)
    except ValidationError as exc:
        return problem(422, " ".join(exc.messages))
    return Status(200, {"id": proof.pk, "status": proof.status,
                        "status_label": proof.get_status_display()})
