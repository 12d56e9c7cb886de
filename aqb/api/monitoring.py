"""/api/v1/monitoring/stats: participant figures by any breakdown (docs/monitoring.md).

The state's tokens (ministry, authority) get Hessen with small cells hidden (`suppressed`
true, the hidden value null); a region's or provider's token gets its own figures unhidden.
Unknown breakdowns are answered 422 with a German `detail`."""

from __future__ import annotations

from ninja import Query, Router, Schema

from aqb.accounts import policy
from aqb.monitoring.breakdown import BY_KEYS, ByError, by_parse
from aqb.monitoring.figures import stats_rows
from aqb.monitoring.tally import ATTRIBUTES

from .endpoints import ERRORS, YEAR, _year, declare
from .errors import problem

router = Router(tags=["Teilnehmendenmonitoring"])


class StatsRow(Schema):
    """Keys of the breakdown (as asked in `by`: region as AGS, measure as number, project as
    id, quarter as "2025-Q1", attributes as their codes, "" for not given), then the counts."""

    region: str | None = None
    measure: int | None = None
    project: int | None = None
    year: int | None = None
    quarter: str | None = None
    gender: str | None = None
    age: str | None = None
    scheme: str | None = None
    employment: str | None = None
    education: str | None = None
    nationality: str | None = None
    disability: str | None = None
    residence: str | None = None
    part_time: str | None = None
    exit_reason: str | None = None
    outcome: str | None = None
    outcome_6m: str | None = None
    entries: int | None
    exits: int | None
    suppressed: bool


_ORG = "|".join(k for k in BY_KEYS if k not in ATTRIBUTES)
_ATTR = "|".join(sorted(ATTRIBUTES, key=len, reverse=True))
# What the endpoint accepts, for the schema: organisational keys and at most one attribute.
# Checked by `by_parse` (German messages naming the unknown key), not by the schema validator.
BY_PATTERN = f"^(?:(?:{_ORG}),)*(?:{_ORG}|{_ATTR})(?:,(?:{_ORG}))*$"
BY = Query(..., description=(
    "Aufgliederung, durch Komma getrennt: Gebiet, Maßnahmeart, Projekt, Jahr, Quartal und "
    f"höchstens ein Merkmal. Erlaubt: {', '.join(BY_KEYS)}. Beispiel: region,gender"),
    max_length=300)
BY.json_schema_extra["pattern"] = BY_PATTERN  # in the schema only, see above


@router.get("/monitoring/stats", response={200: list[StatsRow], **ERRORS},
            exclude_unset=True,
            summary="Eintritte und Austritte nach Aufgliederung (Land: geheim gehaltene kleine "
                    "Fallzahlen; Region und Träger: eigene Zahlen)")
@declare(policy.LOGIN)
def monitoring_stats(request, year: int = YEAR, by: str = BY):
    try:
        keys = by_parse(by)
    except ByError as exc:
        return problem(422, str(exc))
    _year(year)
    return stats_rows(user=request.user, year=year, by=keys)
