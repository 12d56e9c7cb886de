"""/api/v1/steering/assessment: the goal assessment of one region and year (docs/steering.md).

Targets of the agreement against actual entries, with the target adjusted for mid-year
budget changes and the part-year expectation of the assessment day. The state's tokens get
monitoring's suppression (a hidden count, and its ratio and rating, are null); a region's
token gets its own figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Query, Router, Schema

from aqb.accounts import policy
from aqb.steering.assessment import region_assessment

from .endpoints import ERRORS, YEAR, _region, _year, declare

router = Router(tags=["Steuerung"])


class AssessedProject(Schema):
    id: int
    name: str
    short: str
    measure: int
    planned_participants: int | None
    adjusted_participants: int | None
    expected_participants: int | None
    entries: int | None
    ratio: Decimal | None
    rating: str | None


class Assessment(Schema):
    year: int
    region: str
    on: date
    agreed_amount: Decimal
    current_allocation: Decimal
    factor: Decimal
    factor_by_ministry: bool
    course: str
    suppressed: bool
    projects: list[AssessedProject]


REGION = Query(..., pattern=r"^\d{5}$", description="Amtlicher Gemeindeschlüssel, z. B. 06635")
ON = Query(None, description="Stichtag (ISO-Datum), Standard: heute")


@router.get("/steering/assessment", response={200: Assessment, **ERRORS},
            summary="Zielerreichung einer Gebietskörperschaft: Ziele, angepasste und "
                    "unterjährig erwartete Eintritte, Ist, Quote und Bewertung je Projekt")
@declare(policy.LOGIN)
def steering_assessment(request, year: int = YEAR, region: str = REGION,
                        on: date | None = ON):
    _year(year)
    reg = _region(request.user, region)
    result, ra = region_assessment(user=request.user, year=year, region=reg, on=on,
                                   quarters=False)
    return {
        "year": year, "region": reg.ags, "on": result.on,
        "agreed_amount": ra.agreed_amount, "current_allocation": ra.current_allocation,
        "factor": ra.factor.quantize(Decimal("0.0001")),
        "factor_by_ministry": ra.factor_by_ministry is not None,
        "course": result.course.label, "suppressed": ra.suppressed,
        "projects": [{
            "id": p.key, "name": p.label, "short": p.short, "measure": p.measure,
            "planned_participants": p.planned_participants,
            "adjusted_participants": p.adjusted_participants,
            "expected_participants": p.expected_participants,
            "entries": p.entries, "ratio": p.ratio, "rating": p.rating}
            for p in ra.projects],
    }
