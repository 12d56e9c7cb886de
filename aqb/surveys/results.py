"""Results of a survey for the ministry: who answered, figures per question, the export.

Results count submitted responses only (drafts are work in progress); the table of who
answered and the export list every recipient with its status. All responses of a survey
answer its sent version (a newer version can only be sent before the first response), so the
questions are those of the sent version. Callers check that the reader is the ministry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from aqb.budgets.charts import Item, bar_chart
from aqb.budgets.exports import Table
from aqb.german.money import format_number

from .models import Answer, Kind, Question, Response, ResponseStatus, Survey
from .services import recipients_unscoped, sent_version

SHARE = Decimal("0.0001")
MEAN = Decimal("0.01")


def share(count: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(count) / Decimal(total)).quantize(SHARE, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> Decimal:
    """Without trailing zeros of the stored scale, never in exponent notation."""
    if value == value.to_integral():
        return value.quantize(Decimal(1))
    return value.normalize()


def mean(total: Decimal, n: int) -> Decimal | None:
    if not n:
        return None
    return (total / Decimal(n)).quantize(MEAN, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    label: str
    count: int
    share: Decimal | None


@dataclass
class QuestionResult:
    question: Question
    number: str                      # "1.2"
    n: int                           # submitted responses that answered it
    rows: list[Row] = field(default_factory=list)      # choices and scale
    mean: Decimal | None = None      # scale and number
    stats: dict | None = None        # number: n, sum, mean, min, max
    dates: list[tuple[str, date]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    chart: str = ""

    @property
    def kind(self) -> str:
        return self.question.kind


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{format_number((value * 100).quantize(Decimal('0.1')))} %"


def questions_unscoped(survey: Survey) -> list[tuple[str, Question]]:
    """("1.2", question) of the sent version, in order."""
    version = sent_version(survey)
    if version is None:
        return []
    out = []
    for s_no, section in enumerate(version.sections.order_by("position", "pk"), start=1):
        for q_no, q in enumerate(section.questions.order_by("position", "pk"), start=1):
            out.append((f"{s_no}.{q_no}", q))
    return out


def results_unscoped(survey: Survey) -> list[QuestionResult]:
    answers: dict[int, list[tuple[str, Answer]]] = {}
    for a in Answer.objects.filter(
            response__survey=survey, response__status=ResponseStatus.SUBMITTED
    ).select_related("response__region").order_by("response__region__ags"):
        answers.setdefault(a.question_id, []).append((a.response.region.name, a))
    out = []
    for number, q in questions_unscoped(survey):
        given = answers.get(q.pk, [])
        r = QuestionResult(question=q, number=number, n=len(given))
        if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
            counts = {o: 0 for o in q.options}
            for _, a in given:
                for c in a.choices:
                    if c in counts:
                        counts[c] += 1
            r.rows = [Row(o, c, share(c, r.n)) for o, c in counts.items()]
        elif q.kind == Kind.SCALE:
            counts = {v: 0 for v in q.scale_values}
            for _, a in given:
                counts[int(a.number)] = counts.get(int(a.number), 0) + 1
            labels = {q.scale_min: q.label_min, q.scale_max: q.label_max}
            r.rows = [Row(f"{v}" + (f" ({labels[v]})" if labels.get(v) else ""), c,
                          share(c, r.n)) for v, c in counts.items()]
            r.mean = mean(sum((a.number for _, a in given), Decimal("0")), r.n)
        elif q.kind == Kind.NUMBER:
            values = [a.number for _, a in given]
            total = sum(values, Decimal("0"))
            r.mean = mean(total, r.n)
            r.stats = {"n": r.n, "sum": plain(total), "mean": r.mean,
                       "min": plain(min(values)) if values else None,
                       "max": plain(max(values)) if values else None}
        elif q.kind == Kind.DATE:
            r.dates = sorted(((name, a.date) for name, a in given), key=lambda x: (x[1], x[0]))
        else:
            r.texts = [(name, a.text) for name, a in given]
        if r.rows:
            r.chart = bar_chart(
                [Item("", row.label, Decimal(row.count),
                      f"{row.count} ({_percent(row.share)})") for row in r.rows],
                title=f"Frage {number}: {q.text}", uid=f"frage-{q.pk}")
        out.append(r)
    return out


@dataclass
class Standing:
    region_name: str
    ags: str
    status: str        # "nicht begonnen", "Entwurf", "eingereicht"
    updated_at: object
    submitted_at: object
    late: bool


def standings_unscoped(survey: Survey) -> list[Standing]:
    """Per recipient region: not started, draft or submitted, with dates."""
    responses = {r.region_id: r for r in Response.objects.filter(survey=survey)}
    out = []
    for region in recipients_unscoped(survey):
        r = responses.get(region.pk)
        late = bool(r and r.submitted_at and survey.deadline
                    and r.submitted_at.date() > survey.deadline)
        out.append(Standing(region.name, region.ags,
                            r.get_status_display() if r else "nicht begonnen",
                            r.updated_at if r else None, r.submitted_at if r else None, late))
    return out


def _cell(q: Question, a: Answer | None):
    if a is None:
        return None
    if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
        return "; ".join(a.choices)
    if q.kind == Kind.SCALE:
        return int(a.number)
    if q.kind == Kind.NUMBER:
        return plain(a.number)
    if q.kind == Kind.DATE:
        return a.date
    return a.text


def export_table_unscoped(survey: Survey) -> Table:
    """One row per recipient region, one column per question (drafts with their status)."""
    questions = questions_unscoped(survey)
    responses = {r.region_id: r for r in Response.objects.filter(survey=survey)}
    answers = {(a.response_id, a.question_id): a
               for a in Answer.objects.filter(response__survey=survey)}
    rows = []
    for region in recipients_unscoped(survey):
        r = responses.get(region.pk)
        row = [region.ags, region.name, r.get_status_display() if r else "nicht begonnen",
               r.submitted_at.date() if r and r.submitted_at else None]
        for _, q in questions:
            row.append(_cell(q, answers.get((r.pk, q.pk)) if r else None))
        rows.append(row)
    return Table(title=f"Antworten: {survey.title}",
                 columns=["AGS", "Gebietskörperschaft", "Status", "eingereicht am",
                          *[f"{n} {q.text}" for n, q in questions]],
                 rows=rows, filename=f"umfrage-{survey.pk}-antworten")
