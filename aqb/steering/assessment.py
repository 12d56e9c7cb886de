"""Goal assessment (Zielerreichung): targets of the agreement against actuals, per project,
measure type, region and Hessen (docs/steering.md, "Zielerreichung").

* Targets: the project lines of the region's agreement for the year — the latest signed
  version (signed or published), else the current version (`AgreementProject`
  `planned_participants`, `planned_amount`, `outcome_target`). A project without a target
  has no expectation, no ratio and no rating.
* Agreed amount: the sum of the budget lines (§ 4) of that version; without amounts, the
  region's adopted allocation.
* Adjustment for mid-year budget changes (§ 6): factor = current allocation ÷ agreed amount
  (pro rata), unless the ministry recorded its own factor with a reason (`TargetAdjustment`,
  the latest counts; audited). Adjusted target = target × factor, in whole people (half up).
* Part-year expectation at the assessment date (`on`, default today): the adjusted target ×
  the share of the course reached — linear over the programme's calendar year, or following
  the region's cash plan (per calendar year, linear within it), chosen per year
  (`SteeringYear.course`). Expected = 0 (too early) gives no ratio.
* Ratio = entries ÷ expected; rating by the year's thresholds (default: ≥ 90 % on track,
  70–90 % watch, < 70 % behind).
* Money: allocated (current allocation), granted, requested, paid, used, recognised (funding's
  ledger), paid against the expected outflow (the course over the spending years, or the cash
  plan).
* Participants come from monitoring's tallies. Views beyond the restricted area (every state
  view, docs/monitoring.md) are suppressed with monitoring's rule: the table of a region is
  projects within measure types with their subtotals and the region's total.

All regions of a year are assessed with a fixed number of queries (`assessment`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone

from aqb.accounts import policy
from aqb.agreements.models import Agreement, AgreementProject, BudgetLine, Status
from aqb.budgets.models import AllocationChangeLine, CashPlanEntry, ProgrammeYear
from aqb.budgets.selectors import allocations_current_unscoped
from aqb.funding.ledger import FIGURES, Figures, ledger_notices
from aqb.funding.models import PaymentRequest, PaymentStatus
from aqb.german.money import quantize_money
from aqb.monitoring.figures import counts_unscoped, must_suppress, tallies
from aqb.monitoring.suppression import suppress
from aqb.regions.models import Region

from .models import Course, SteeringYear, TargetAdjustment

ZERO = Decimal("0.00")
ONE = Decimal("1")
POSITIVE_OUTCOMES = ("ausbildung", "beschaeftigung")
SIGNED = (Status.SIGNED, Status.PUBLISHED)

ON_TRACK, WATCH, BEHIND = "on_track", "watch", "behind"
RATING_LABELS = {ON_TRACK: "im Plan", WATCH: "beobachten", BEHIND: "im Rückstand"}


def whole(value: Decimal) -> int:
    """People are counted whole: half up."""
    return int(value.quantize(ONE, ROUND_HALF_UP))


def ratio_of(actual: int | Decimal | None, expected: int | Decimal | None) -> Decimal | None:
    """actual ÷ expected to four places (half up); None without an expectation."""
    if actual is None or not expected:
        return None
    return (Decimal(actual) / Decimal(expected)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


# --- settings of a year -------------------------------------------------------------------

@dataclass(frozen=True)
class Thresholds:
    on_track_from: Decimal = Decimal("90")
    watch_from: Decimal = Decimal("70")
    course: str = Course.LINEAR

    def rate(self, ratio: Decimal | None) -> str | None:
        if ratio is None:
            return None
        percent = ratio * 100
        if percent >= self.on_track_from:
            return ON_TRACK
        return WATCH if percent >= self.watch_from else BEHIND


def thresholds_of(programme_year: ProgrammeYear) -> Thresholds:
    row = SteeringYear.objects.filter(programme_year=programme_year).first()
    if row is None:
        return Thresholds()
    return Thresholds(row.on_track_from, row.watch_from, row.course)


# --- course: how much of the year should be reached on a day ------------------------------

def _year_fraction(on: date, year: int) -> Decimal:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if on < start:
        return Decimal(0)
    if on >= end:
        return ONE
    return Decimal((on - start).days + 1) / Decimal((end - start).days + 1)


def linear_share(on: date, first: int, last: int) -> Decimal:
    """Share of the calendar years `first`..`last` passed on `on` (0..1)."""
    years = last - first + 1
    done = sum((_year_fraction(on, y) for y in range(first, last + 1)), Decimal(0))
    return done / years


def cash_share(on: date, plan: dict[int, Decimal]) -> Decimal | None:
    """Share of the planned cash (calendar year -> amount) due by `on`, linear within each
    calendar year; None without a plan."""
    total = sum(plan.values(), Decimal(0))
    if total <= 0:
        return None
    due = sum((amount * _year_fraction(on, cy) for cy, amount in plan.items()), Decimal(0))
    return min(due / total, ONE)


@dataclass(frozen=True)
class Course_:
    participants: Decimal   # share of the year's entries expected by the day
    money: Decimal          # share of the allocation expected paid by the day
    label: str


def course_on(thresholds: Thresholds, programme_year: ProgrammeYear, on: date,
              plan: dict[int, Decimal]) -> Course_:
    year = programme_year.year
    if thresholds.course == Course.CASH:
        share = cash_share(on, plan)
        if share is not None:
            return Course_(share, share, "nach dem Kassenplan")
    last = year + max(programme_year.spending_years, 1) - 1
    label = "gleichmäßig über die Laufzeit"
    if thresholds.course == Course.CASH:
        label += " (kein Kassenplan erfasst)"
    return Course_(linear_share(on, year, year), linear_share(on, year, last), label)


# --- result rows ----------------------------------------------------------------------------

@dataclass
class Line:
    """One row of the assessment: a project, a measure type, a region or Hessen."""

    key: object
    label: str
    short: str = ""
    measure: int | None = None
    planned_participants: int | None = None
    adjusted_participants: int | None = None
    expected_participants: int | None = None
    planned_amount: Decimal | None = None
    outcome_target: Decimal | None = None
    entries: int | None = 0
    exits: int | None = 0
    positive: int = 0           # exits into training or employment
    entries_hidden: bool = False
    quarters: list[dict] = field(default_factory=list)
    ratio: Decimal | None = None
    rating: str | None = None
    project: object = None
    # the exact counts, for sums and suppression; never shown where hidden
    _entries: int = 0
    _exits: int = 0
    _targeted: int = 0      # entries of the members with an expectation

    stock_hidden: bool = False
    outcome_hidden: bool = False   # the outcome rate would reveal a small number

    @property
    def stock(self) -> int | None:
        if self.stock_hidden or self.entries is None or self.exits is None:
            return None
        return self.entries - self.exits

    @property
    def outcome_rate(self) -> Decimal | None:
        """Exits into training or employment as percent of all exits (one place)."""
        if self.exits is None or not self._exits:
            return None
        return (Decimal(self.positive * 100) / Decimal(self._exits)).quantize(
            Decimal("0.1"), ROUND_HALF_UP)

    @property
    def rating_label(self) -> str:
        return RATING_LABELS.get(self.rating, "kein Ziel")


@dataclass
class Change:
    """A dated cause of a difference between the original and the adjusted target."""

    on: date
    kind: str
    text: str
    delta: Decimal | None = None


@dataclass
class Money:
    allocated: Decimal = ZERO
    figures: Figures = field(default_factory=Figures)
    expected_paid: Decimal = ZERO
    ratio: Decimal | None = None
    rating: str | None = None
    quarters: list[dict] = field(default_factory=list)

    @property
    def rating_label(self) -> str:
        return RATING_LABELS.get(self.rating, "–")


@dataclass
class RegionAssessment:
    region: Region
    agreement: Agreement | None
    agreed_amount: Decimal
    current_allocation: Decimal
    factor: Decimal
    factor_by_ministry: TargetAdjustment | None
    changes: list[Change]
    projects: list[Line]
    measures: list[Line]
    total: Line
    money: Money
    suppressed: bool

    @property
    def factor_percent(self) -> Decimal:
        return (self.factor * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class YearAssessment:
    programme_year: ProgrammeYear
    on: date
    thresholds: Thresholds
    course: Course_
    regions: list[RegionAssessment]
    total: Line | None          # Hessen (state users) or the sum of the visible regions
    money: Money | None
    suppressed: bool


# --- reading -----------------------------------------------------------------------------

def _agreements(py: ProgrammeYear, region_ids: list[int]) -> dict[int, Agreement]:
    """Per region the version whose targets count: the latest signed, else the current."""
    out: dict[int, Agreement] = {}
    qs = Agreement.objects.filter(programme_year=py, region_id__in=region_ids).filter(
        Q(status__in=SIGNED) | Q(is_current=True)).order_by("region_id", "-version")
    for a in qs:
        have = out.get(a.region_id)
        if have is None or (a.status in SIGNED and have.status not in SIGNED):
            out[a.region_id] = a
    return out


def _changes(py: ProgrammeYear, region_ids: list[int], on: date) -> dict[int, list[Change]]:
    out: dict[int, list[Change]] = defaultdict(list)
    lines = AllocationChangeLine.objects.filter(
        change__programme_year=py, region_id__in=region_ids,
        change__effective_date__lte=on).select_related("change", "earmark").order_by(
        "change__effective_date", "change_id", "pk")
    for line in lines:
        kind = line.change.get_kind_display()
        part = f" ({line.earmark.name})" if line.earmark_id else ""
        out[line.region_id].append(Change(line.change.effective_date, kind,
                                          f"{line.change.reason}{part}", line.delta))
    return out


def _adjustments(py: ProgrammeYear, region_ids: list[int], on: date
                 ) -> dict[int, list[TargetAdjustment]]:
    out: dict[int, list[TargetAdjustment]] = defaultdict(list)
    for adj in TargetAdjustment.objects.filter(
            programme_year=py, region_id__in=region_ids,
            created_at__date__lte=on).select_related("created_by").order_by("created_at", "pk"):
        out[adj.region_id].append(adj)
    return out


def _paid_by_quarter(py: ProgrammeYear, region_ids: list[int]) -> dict[int, dict]:
    rows = PaymentRequest.objects.filter(
        notice__programme_year=py, notice__region_id__in=region_ids,
        status=PaymentStatus.PAID, paid_on__isnull=False).values(
        "notice__region_id", "paid_on").order_by()
    out: dict[int, dict] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in rows.annotate(s=Sum("amount")):
        d = row["paid_on"]
        out[row["notice__region_id"]][(d.year, (d.month - 1) // 3 + 1)] += row["s"] or ZERO
    return out


def _cumulative(per_quarter: dict[tuple, object], zero) -> list[dict]:
    rows, running = [], zero
    for key in sorted(per_quarter):
        running = running + per_quarter[key]
        rows.append({"quarter": key, "label": f"{key[1]}. Quartal {key[0]}",
                     "value": per_quarter[key], "cumulative": running})
    return rows


def _group(key, label: str, members: list[Line], measure: int | None = None) -> Line:
    """A sum row: targets summed where any member has one, counts summed."""
    def total(attr):
        values = [getattr(m, attr) for m in members if getattr(m, attr) is not None]
        return sum(values) if values else None

    line = Line(key=key, label=label, measure=measure,
                planned_participants=total("planned_participants"),
                adjusted_participants=total("adjusted_participants"),
                expected_participants=total("expected_participants"),
                planned_amount=total("planned_amount"))
    line._entries = sum(m._entries for m in members)
    line._targeted = sum(m._targeted for m in members)
    line._exits = sum(m._exits for m in members)
    line.entries, line.exits = line._entries, line._exits
    line.positive = sum(m.positive for m in members)
    weighted = [(m.outcome_target, m.planned_participants or 0) for m in members
                if m.outcome_target is not None]
    weight = sum(w for _, w in weighted)
    if weighted:
        line.outcome_target = (sum(t * w for t, w in weighted) / weight if weight else
                               sum(t for t, _ in weighted) / len(weighted)).quantize(
            Decimal("0.1"), ROUND_HALF_UP)
    return line


def _rate(line: Line, thresholds: Thresholds) -> None:
    """Ratio and rating of a row: only the entries of members with an expectation count."""
    line.ratio = ratio_of(line._targeted, line.expected_participants)
    line.rating = thresholds.rate(line.ratio)


def _suppress_region(projects: list[Line], measures: list[Line], total: Line) -> None:
    """Monitoring's rule over one table: entries, exits and stock (entries − exits) of the
    projects within measure types and the region's total, each row with "entries = exits +
    stock" as one more line. A hidden count takes its ratio, rating and outcome rate with it;
    the quarters of a row are suppressed with the row's entries (`_suppress_quarters`)."""
    rows = [*(("p", p.key, p) for p in projects), *(("m", m.key, m) for m in measures),
            ("t", None, total)]
    values: dict[tuple, int] = {}
    for kind, key, line in rows:
        values[("e", kind, key)] = line._entries
        values[("x", kind, key)] = line._exits
        values[("s", kind, key)] = line._entries - line._exits
    lines = []
    for attr in ("e", "x", "s"):
        for m in measures:
            lines.append([(attr, "p", p.key) for p in projects if p.measure == m.key]
                         + [(attr, "m", m.key)])
        lines.append([(attr, "m", m.key) for m in measures] + [(attr, "t", None)])
    lines += [[("x", kind, key), ("s", kind, key), ("e", kind, key)] for kind, key, _ in rows]
    hidden = suppress(values, lines)
    for kind, key, line in rows:
        if ("e", kind, key) in hidden:
            line.entries, line.entries_hidden = None, True
        if ("x", kind, key) in hidden:
            line.exits = None
        if ("s", kind, key) in hidden:
            line.stock_hidden = True
        # a hidden count hides its ratio and rating; so does a ratio over fewer entries than
        # shown (members without a target), which would reveal the difference
        if line.entries_hidden or line._targeted != line._entries:
            line.ratio = line.rating = None
        other = line._exits - line.positive
        if line.positive in (1, 2) or other in (1, 2) or line.exits is None:
            line.outcome_hidden = True   # see `outcome_rate_shown`
        _suppress_quarters(line)


def _suppress_quarters(line: Line) -> None:
    """Entries per quarter with the row's total as their sum: monitoring's rule over that line
    (all hidden where the total is); a cumulative value only while every quarter up to it is
    shown, since two cumulative values give the quarter between them."""
    if not line.quarters:
        return
    values = {n: q["value"] for n, q in enumerate(line.quarters)}
    values["t"] = line._entries
    hidden = suppress(values, [[*range(len(line.quarters)), "t"]])
    if line.entries_hidden or "t" in hidden:
        hidden = set(range(len(line.quarters)))
    gone = False
    for n, q in enumerate(line.quarters):
        if n in hidden:
            q["value"], q["hidden"] = None, True
            gone = True
        if gone:
            q["cumulative"] = None


def outcome_rate_shown(line: Line) -> Decimal | None:
    return None if line.outcome_hidden else line.outcome_rate


def visible_regions(*, user, region=None) -> list[Region]:
    """The regions whose assessment the user may see: the state all, a region its own."""
    p = policy.principal(user)
    qs = Region.objects.all().order_by("ags")
    if not p.sees_all_regions:
        qs = qs.filter(pk__in=p.region_ids)
    if region is not None:
        if not policy.can_view_region(user, region.pk):
            raise Http404("Gebietskörperschaft nicht gefunden.")
        qs = qs.filter(pk=region.pk)
    return list(qs)


def assessment(*, user, year: int, region=None, on: date | None = None,
               quarters: bool = False) -> YearAssessment:
    """The assessment of the programme year for the regions the user may see (one region
    with `region`), on day `on` (default today). Raises 404 for an unknown year or a region
    the user may not see."""
    py = ProgrammeYear.objects.filter(year=year).first()
    if py is None:
        raise Http404("Programmjahr nicht gefunden.")
    on = on or timezone.localdate()
    regions = visible_regions(user=user, region=region)
    ids = [r.pk for r in regions]
    thresholds = thresholds_of(py)
    agreements = _agreements(py, ids)
    lines = list(AgreementProject.objects.filter(
        measure__agreement__in=list(agreements.values())).select_related(
        "project", "measure").order_by("measure__number", "order", "pk"))
    budget = {row["agreement"]: row["s"] for row in BudgetLine.objects.filter(
        agreement__in=list(agreements.values()), amount__isnull=False).values(
        "agreement").annotate(s=Sum("amount")).order_by()}
    allocs = {a.region_id: a for a in allocations_current_unscoped(
        programme_year=py, on=on).filter(region_id__in=ids)}
    changes = _changes(py, ids, on)
    adjustments = _adjustments(py, ids, on)
    plans: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for entry in CashPlanEntry.objects.filter(programme_year=py, region_id__in=ids):
        plans[entry.region_id][entry.calendar_year] = entry.amount
    # actuals as of `on`: the counts of the quarters up to the one holding `on`
    base = tallies(user=user).filter(region_id__in=ids).filter(
        Q(period_year__lt=on.year) | Q(period_year=on.year, quarter__lte=(on.month - 1) // 3 + 1))
    counts = counts_unscoped(base, year=year, by=["project"])
    outcome = counts_unscoped(base, year=year, by=["project", "outcome"])
    positive: dict[int, int] = defaultdict(int)
    for (pk, value), (_, x) in outcome.items():
        if value in POSITIVE_OUTCOMES:
            positive[pk] += x
    by_quarter = counts_unscoped(base, year=year, by=["project", "quarter"]) if quarters else {}
    ledger = {row["region_id"]: row for row in ledger_notices(user=user, year=year).filter(
        region_id__in=ids).order_by().values("region_id").annotate(
        **{f"t_{f}": Sum(f) for f in FIGURES})}
    paid_q = _paid_by_quarter(py, ids) if quarters else {}
    courses = {r.pk: course_on(thresholds, py, on, plans.get(r.pk, {})) for r in regions}
    year_course = course_on(thresholds, py, on, _sum_plans(plans))

    lines_by_region: dict[int, list[AgreementProject]] = defaultdict(list)
    for ap in lines:
        lines_by_region[ap.project.region_id].append(ap)

    out: list[RegionAssessment] = []
    for r in regions:
        course = courses[r.pk]
        alloc = allocs.get(r.pk)
        current = quantize_money(alloc.current) if alloc else ZERO
        agreement = agreements.get(r.pk)
        agreed = budget.get(agreement.pk) if agreement else None
        if not agreed:
            agreed = alloc.amount if alloc else ZERO
        agreed = quantize_money(agreed)
        adj = adjustments.get(r.pk, [])
        latest = adj[-1] if adj else None
        if latest is not None and latest.factor is not None:
            factor, by_ministry = latest.factor, latest
        else:
            factor = (current / agreed) if agreed else ONE
            by_ministry = None
        region_changes = list(changes.get(r.pk, []))
        for a in adj:
            text = (f"Faktor {format(a.factor, 'f').replace('.', ',')} festgelegt"
                    if a.factor is not None else "zurück zur anteiligen Anpassung")
            region_changes.append(Change(timezone.localtime(a.created_at).date(),
                                         "Anpassung durch das Ministerium",
                                         f"{text}: {a.reason}"))
        region_changes.sort(key=lambda c: c.on)
        projects = []
        for ap in lines_by_region.get(r.pk, []):
            p = ap.project
            e, x = counts.get((p.pk,), [0, 0])
            line = Line(key=p.pk, label=p.name, short=p.short_name, measure=ap.measure.number,
                        planned_participants=ap.planned_participants,
                        planned_amount=ap.planned_amount, outcome_target=ap.outcome_target,
                        entries=e, exits=x, positive=positive.get(p.pk, 0), project=p)
            line._entries, line._exits = e, x
            if ap.planned_participants is not None:
                line._targeted = e
                line.adjusted_participants = whole(ap.planned_participants * factor)
                line.expected_participants = whole(
                    line.adjusted_participants * course.participants)
            if quarters:
                line.quarters = _cumulative({q: v[0] for (pk, q), v in by_quarter.items()
                                             if pk == p.pk}, 0)
            _rate(line, thresholds)
            projects.append(line)
        measures = []
        for number in sorted({p.measure for p in projects}):
            m = _group(number, f"Maßnahmeart {number}",
                       [p for p in projects if p.measure == number], measure=number)
            _rate(m, thresholds)
            measures.append(m)
        total = _group(r.pk, r.name, projects)
        _rate(total, thresholds)
        row = ledger.get(r.pk)
        figures = Figures(**{f: quantize_money(row[f"t_{f}"] or ZERO) for f in FIGURES}) \
            if row else Figures()
        money = Money(allocated=current, figures=figures,
                      expected_paid=quantize_money(current * course.money))
        money.ratio = ratio_of(figures.paid, money.expected_paid)
        money.rating = thresholds.rate(money.ratio)
        if quarters:
            money.quarters = _cumulative(paid_q.get(r.pk, {}), ZERO)
        suppressed = must_suppress(user=user, region=r)
        if suppressed:
            _suppress_region(projects, measures, total)
        out.append(RegionAssessment(
            region=r, agreement=agreement, agreed_amount=agreed, current_allocation=current,
            factor=factor, factor_by_ministry=by_ministry, changes=region_changes,
            projects=projects, measures=measures, total=total, money=money,
            suppressed=suppressed))

    suppressed = must_suppress(user=user) if region is None else out[0].suppressed
    total = money = None
    if region is None and out:
        label = "Hessen" if policy.is_staff_of_state(user) else "Summe"
        total = _group(None, label, [ra.total for ra in out])
        _rate(total, thresholds)
        if suppressed and (
                sum(1 for ra in out if ra.total.entries_hidden) == 1
                or sum(1 for ra in out if ra.total.exits is None) == 1
                or sum(1 for ra in out if ra.total.stock_hidden) == 1):
            # one hidden region total would follow from Hessen's: hide Hessen's counts too
            total.entries, total.entries_hidden, total.ratio, total.rating = \
                None, True, None, None
            total.exits, total.stock_hidden, total.outcome_hidden = None, True, True
        if suppressed and (total.positive in (1, 2) or
                           (total._exits - total.positive) in (1, 2)):
            total.outcome_hidden = True
        money = Money(allocated=sum((ra.money.allocated for ra in out), ZERO),
                      figures=Figures(**{f: sum((getattr(ra.money.figures, f) for ra in out),
                                                ZERO) for f in FIGURES}),
                      expected_paid=sum((ra.money.expected_paid for ra in out), ZERO))
        money.ratio = ratio_of(money.figures.paid, money.expected_paid)
        money.rating = thresholds.rate(money.ratio)
    return YearAssessment(programme_year=py, on=on, thresholds=thresholds, course=year_course,
                          regions=out, total=total, money=money, suppressed=suppressed)


def _sum_plans(plans: dict[int, dict[int, Decimal]]) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(Decimal)
    for plan in plans.values():
        for cy, amount in plan.items():
            out[cy] += amount
    return dict(out)


def region_assessment(*, user, year: int, region, on: date | None = None,
                      quarters: bool = True) -> tuple[YearAssessment, RegionAssessment]:
    """One region's assessment with quarters (404 if the user may not see the region)."""
    result = assessment(user=user, year=year, region=region, on=on, quarters=quarters)
    return result, result.regions[0]
