"""/api/v1/monitoring/stats: participant figures by any breakdown (docs/monitoring.md).

The state's tokens (ministry, authority) get Hessen with small cells hidden (`suppressed`
true, the hidden value null); a region's or provider's token gets its own figures unhidden.
Unknown breakdowns are answered 422 with a German `detail`."""

from __future__ import annotations

from ninja import Query, Router, Schema
from pydantic import ConfigDict

from aqb.accounts import policy
from aqb.monitoring.breakdown import BY_KEYS, ByError, by_parse
from aqb.monitoring.figures import stats_rows

from .endpoints import ERRORS, YEAR, _year, declare
from .errors import problem

router = Router(tags=["Teilnehmendenmonitoring"])


class StatsRow(Schema):
    """Keys of the breakdown (as asked in `by`: region as AGS, measure as number, project as
    id, quarter as "2025-Q1", attributes as their codes, "" for not given), then the counts."""

    model_config = ConfigDict(extra="allow")
    entries: int | None
    exits: int | None
    suppressed: bool


BY = Query(..., description=(
    "Aufgliederung, durch Komma getrennt: Gebiet, Maßnahmeart, Projekt, Jahr, Quartal und "
    f"höchstens ein Merkmal. Erlaubt: {', '.join(BY_KEYS)}. Beispiel: region,gender"),
    max_length=300)


@router.get("/monitoring/stats", response={200: list[StatsRow], **ERRORS},
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
