"""The counts the figures read (`Tally`), rebuilt for one project and programme year from its
records by grouped queries in the database, inside the caller's transaction.

Attributes (the keys also name the breakdowns of the figures and the API's `by=`):
"" (total), gender, age (band at entry), scheme, employment, education, nationality,
disability, residence, part_time, exit_reason, outcome, outcome_6m. Entries are counted in the
quarter of the (first) entry date, exits in the quarter of the exit date.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import ExtractQuarter, ExtractYear

from .models import Participant, Tally
from .vocab import AGE_BANDS


class _Year(ExtractYear):
    """On SQLite in SQL itself: Django's own extraction calls a Python function per row, which
    made the rebuild after a big import take longer than the import."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


class _Quarter(ExtractQuarter):
    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"((CAST(strftime('%%m', {sql}) AS INTEGER) + 2) / 3)", params


ATTRIBUTES = {
    "gender": "gender",
    "age": None,          # computed: band of (entry year - birth year)
    "scheme": "scheme",
    "employment": "employment",
    "education": "education",
    "nationality": "nationality",
    "disability": "disability",
    "residence": "residence_ags",
    "part_time": None,    # computed: "ja" / "nein" / ""
    "exit_reason": "exit_reason",
    "outcome": "outcome",
    "outcome_6m": "outcome_6m",
}


def _age_expression():
    age = _Year("entry_date") - F("birth_year")
    return Case(*[When(Q(age_at_entry__gte=low, age_at_entry__lte=high), then=Value(label))
                  for low, high, label in AGE_BANDS],
                default=Value(""), output_field=CharField()), age


def _value_expression(attribute: str):
    if attribute == "":
        return Value(""), None
    if attribute == "age":
        return _age_expression()
    if attribute == "part_time":
        return Case(When(part_time=True, then=Value("ja")),
                    When(part_time=False, then=Value("nein")),
                    default=Value(""), output_field=CharField()), None
    return F(ATTRIBUTES[attribute]), None


def _grouped(records, attribute: str, date_field: str):
    value, age = _value_expression(attribute)
    qs = records.filter(**{f"{date_field}__isnull": False})
    if age is not None:
        qs = qs.annotate(age_at_entry=age)
    return (qs.annotate(v=value, py=_Year(date_field), q=_Quarter(date_field))
            .values("py", "q", "v")
            .annotate(n=Count("id"),
                      re=Sum(F("entries") - 1, output_field=IntegerField())))


def tally_rebuild(*, project, year: int) -> int:
    """Replace the counts of one project and programme year by those of its records now.
    Returns the number of tally rows written."""
    records = Participant.objects.filter(project=project, year=year)
    cells: dict[tuple, dict] = {}
    for attribute in ("", *ATTRIBUTES):
        for row in _grouped(records, attribute, "entry_date"):
            cell = cells.setdefault((row["py"], row["q"], attribute, row["v"] or ""),
                                    {"entries": 0, "exits": 0, "reentries": 0})
            cell["entries"] += row["n"]
            cell["reentries"] += row["re"] or 0
        for row in _grouped(records, attribute, "exit_date"):
            cell = cells.setdefault((row["py"], row["q"], attribute, row["v"] or ""),
                                    {"entries": 0, "exits": 0, "reentries": 0})
            cell["exits"] += row["n"]
    demo = records.filter(is_demo=True).exists()
    with transaction.atomic():
        Tally.objects.filter(project=project, year=year).delete()
        Tally.objects.bulk_create([
            Tally(project=project, region_id=project.region_id,
                  measure_number=project.measure_number, year=year, period_year=py, quarter=q,
                  attribute=attribute, value=value, is_demo=demo, **counts)
            for (py, q, attribute, value), counts in sorted(cells.items())
        ], batch_size=1000)
    return len(cells)
