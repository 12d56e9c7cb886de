"""Figures of participant monitoring (Kennzahlen), read only from `Tally` by grouped queries.

Breakdowns (`by`): the organisational keys region, measure (Maßnahmeart), project, year
(Programmjahr), quarter (calendar quarter of entry/exit), combined with at most one recorded
attribute (`aqb.monitoring.tally.ATTRIBUTES`). One query per figure: filter the counts of one
programme year and one attribute ("" = total), GROUP BY the keys, SUM entries and exits.
Python only walks the aggregated rows (labels, stock, suppression).

Scoping: `figure_counts(user=...)` reads what the user may see: the state (ministry,
authority) all of Hessen, a region its own projects, a provider the projects it runs. Whether
a view suppresses is decided by the view (`must_suppress`): every state view does.
"""

from __future__ import annotations

from django.db.models import QuerySet, Sum

from aqb.accounts import policy

from .breakdown import FIELDS, Labels, attribute_of, suppress_counts
from .models import Tally


def tallies(*, user) -> QuerySet[Tally]:
    """The counts the user may see: all for the state, else its regions' and its projects'."""
    return policy.scope_by_region_or_provider(user, Tally.objects.all(),
                                              region_field="region",
                                              provider_field="project__provider")


def _narrowed(qs: QuerySet[Tally], *, region=None, measure: int | None = None,
              project=None) -> QuerySet[Tally]:
    """The counts of one region, measure type and/or project (None: all)."""
    if region is not None:
        qs = qs.filter(region=region)
    if measure is not None:
        qs = qs.filter(measure_number=measure)
    if project is not None:
        qs = qs.filter(project=project)
    return qs


def counts_unscoped(qs: QuerySet[Tally], *, year: int, by: list[str], region=None,
                    measure: int | None = None, project=None) -> dict[tuple, list[int]]:
    """key tuple (in the order of `by`; quarter as (year, q)) -> [entries, exits]: one
    GROUP BY over the counts of `qs` (already scoped by the caller)."""
    qs = qs.filter(year=year, attribute=attribute_of(by))
    qs = _narrowed(qs, region=region, measure=measure, project=project)
    fields = [f for k in by for f in (FIELDS.get(k) or ("value",))]
    rows = qs.values(*fields).annotate(e=Sum("entries"), x=Sum("exits")).order_by()
    out: dict[tuple, list[int]] = {}
    for row in rows:
        key = tuple((row["period_year"], row["quarter"]) if k == "quarter"
                    else row[FIELDS.get(k, ("value",))[0]] for k in by)
        out[key] = [row["e"] or 0, row["x"] or 0]
    return out


def outcome_counts(*, user, year: int, region=None, measure: int | None = None,
                   project=None) -> dict[str, dict[str, list[int]]]:
    """Both outcomes (four weeks, six months) in one grouped query: attribute -> value ->
    [entries, exits]."""
    qs = tallies(user=user).filter(year=year, attribute__in=("outcome", "outcome_6m"))
    qs = _narrowed(qs, region=region, measure=measure, project=project)
    out: dict[str, dict[str, list[int]]] = {"outcome": {}, "outcome_6m": {}}
    for row in qs.values("attribute", "value").annotate(e=Sum("entries"), x=Sum("exits")) \
            .order_by():
        out[row["attribute"]][row["value"]] = [row["e"] or 0, row["x"] or 0]
    return out


def figure_counts(*, user, year: int, by: list[str] | None = None, region=None,
                  measure: int | None = None, project=None) -> dict[tuple, list[int]]:
    """The counts the user may see, by `by` (default: by region)."""
    return counts_unscoped(tallies(user=user), year=year, by=by or ["region"],
                           region=region, measure=measure, project=project)


def reentries_shown(*, user, year: int, suppressed: bool, region=None, measure: int | None = None,
                    project=None) -> str:
    """The re-entries of the year as shown under the tables: people who entered the same
    project again in the year count once as participants; their further entries are reported
    here. Suppressed views say "weniger als 3" for 1 and 2 (the count stands alone, so no
    other figure reveals it)."""
    qs = tallies(user=user).filter(year=year, attribute="")
    qs = _narrowed(qs, region=region, measure=measure, project=project)
    n = qs.aggregate(n=Sum("reentries"))["n"] or 0
    if suppressed and 0 < n < 3:
        return "weniger als 3"
    return f"{n:,}".replace(",", ".")


def must_suppress(*, user, region=None, project=None) -> bool:
    """Figures leave the restricted area for everyone but the region (or provider) whose own
    figures they are: every state view is suppressed (docs/monitoring.md)."""
    if project is not None:
        return not policy.can_see_records(user, project.region_id, project.provider_id)
    p = policy.principal(user)
    if region is not None:
        return region.pk not in p.region_ids
    return p.sees_all_regions




def stats_rows(*, user, year: int, by: list[str]) -> list[dict]:
    """Rows of the API's statistics: the breakdown keys (codes), entries, exits, suppressed.
    The state's answer is suppressed; a region's or provider's own answer is not."""
    counts = figure_counts(user=user, year=year, by=by)
    hidden_e, hidden_x = (suppress_counts(counts, by) if must_suppress(user=user)
                          else (set(), set()))
    regions = {pk: ags for pk, (ags, _) in Labels(year).regions().items()} \
        if "region" in by else {}
    rows = []
    for key in sorted(counts, key=lambda k: tuple(("" if v is None else v) for v in k)):
        e, x = counts[key]
        row: dict = {}
        for k, v in zip(by, key, strict=True):
            if k == "region":
                v = regions.get(v, str(v))
            elif k == "quarter":
                v = f"{v[0]}-Q{v[1]}"
            row[k] = v
        row["entries"] = None if key in hidden_e else e
        row["exits"] = None if key in hidden_x else x
        row["suppressed"] = key in hidden_e or key in hidden_x
        rows.append(row)
    return rows
