"""The goal assessment: targets adjusted for mid-year budget changes, part-year expectation,
ratings, suppression for the state, the API."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from aqb.accounts.models import Role
from aqb.agreements.models import Agreement, AgreementMeasure, AgreementProject, BudgetLine, Status
from aqb.api.services import token_create
from aqb.audit.models import AuditEntry
from aqb.budgets.models import (
    Allocation,
    AllocationChange,
    AllocationChangeLine,
    CashPlanEntry,
    ProgrammeYear,
)
from aqb.monitoring.records import ParticipantData, participants_store
from aqb.projects.models import Project
from aqb.steering.assessment import BEHIND, ON_TRACK, WATCH, assessment, region_assessment
from aqb.steering.models import Course
from aqb.steering.services import steering_year_save, target_adjustment_record
from conftest import make_user

END = datetime.date(2025, 12, 31)


def people(n, prefix, entry=datetime.date(2025, 3, 3), **more):
    return [ParticipantData(pseudonym=f"t:{prefix}-{i}", pseudonym_kind="provider",
                            entry_date=entry, gender="w", birth_year=2004, scheme="sgb2",
                            residence_ags="06635", **more) for i in range(n)]


@pytest.fixture
def world(region_wf, region_foreign, provider, ministry_user, region_user):
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("1000000"))
    Allocation.objects.create(programme_year=py, region=region_wf, amount=Decimal("100000"))
    Allocation.objects.create(programme_year=py, region=region_foreign,
                              amount=Decimal("50000"))
    ag = Agreement.objects.create(region=region_wf, programme_year=py, status=Status.SIGNED)
    BudgetLine.objects.create(agreement=ag, name="Land", amount=Decimal("100000"))
    m1 = AgreementMeasure.objects.create(agreement=ag, number=1, title="Ausbildung")
    m2 = AgreementMeasure.objects.create(agreement=ag, number=2, title="Arbeit")
    a = Project.objects.create(region=region_wf, measure_number=1, name="Ausbildung plus",
                               short_name="AP", provider=provider, first_year=2025)
    b = Project.objects.create(region=region_wf, measure_number=1, name="Werkstatt",
                               short_name="WS", first_year=2025)
    c = Project.objects.create(region=region_wf, measure_number=2, name="Ohne Ziel",
                               first_year=2025)
    AgreementProject.objects.create(measure=m1, project=a, label="AP", planned_participants=40,
                                    outcome_target=Decimal("50"))
    AgreementProject.objects.create(measure=m1, project=b, label="WS", planned_participants=20)
    AgreementProject.objects.create(measure=m2, project=c, label="Ohne Ziel")
    participants_store(actor=ministry_user, project=a, year=2025, rows=people(20, "A"))
    participants_store(actor=ministry_user, project=b, year=2025, rows=people(2, "B"))
    participants_store(actor=ministry_user, project=c, year=2025, rows=people(5, "C"))
    return py, ag, a, b, c


def cut(py, region, user, delta, on=datetime.date(2025, 6, 1)):
    change = AllocationChange.objects.create(programme_year=py, kind="cut", effective_date=on,
                                             reason="Haushaltssperre", created_by=user)
    AllocationChangeLine.objects.create(change=change, region=region, delta=delta,
                                        part_before=Decimal("100000"),
                                        part_after=Decimal("100000") + delta,
                                        region_before=Decimal("100000"),
                                        region_after=Decimal("100000") + delta)


def test_pro_rata_adjustment_and_ratings(world, region_wf, region_user, ministry_user):
    py, _, a, b, c = world
    cut(py, region_wf, ministry_user, Decimal("-10000"))
    _, ra = region_assessment(user=region_user, year=2025, region=region_wf, on=END)
    assert ra.agreed_amount == Decimal("100000.00")
    assert ra.current_allocation == Decimal("90000.00")
    assert ra.factor == Decimal("0.9")
    assert [(c.on, c.kind, c.delta) for c in ra.changes] == [
        (datetime.date(2025, 6, 1), "Kürzung", Decimal("-10000.00"))]
    rows = {p.key: p for p in ra.projects}
    assert (rows[a.pk].planned_participants, rows[a.pk].adjusted_participants,
            rows[a.pk].expected_participants, rows[a.pk].entries) == (40, 36, 36, 20)
    assert rows[a.pk].ratio == Decimal("0.5556") and rows[a.pk].rating == BEHIND
    assert rows[b.pk].adjusted_participants == 18 and rows[b.pk].entries == 2
    assert rows[c.pk].ratio is None and rows[c.pk].rating is None
    measure1 = ra.measures[0]
    assert (measure1.planned_participants, measure1.expected_participants,
            measure1.entries) == (60, 54, 22)
    # the region's total counts only entries of projects with a target against the target
    assert ra.total.entries == 27 and ra.total.ratio == Decimal("0.4074")
    assert ra.suppressed is False


def test_before_the_change_the_target_is_unadjusted(world, region_wf, region_user,
                                                    ministry_user):
    py, _, a, _, _ = world
    cut(py, region_wf, ministry_user, Decimal("-10000"))
    _, ra = region_assessment(user=region_user, year=2025, region=region_wf,
                              on=datetime.date(2025, 5, 31))
    assert ra.factor == 1 and ra.changes == []
    line = next(p for p in ra.projects if p.key == a.pk)
    assert line.adjusted_participants == 40
    assert line.expected_participants == 17  # 40 × 151 of 365 days = 16.5…
    assert line.rating == ON_TRACK


def test_ministry_adjustment_is_audited_and_counts(world, region_wf, region_user,
                                                   ministry_user):
    py, _, a, _, _ = world
    cut(py, region_wf, ministry_user, Decimal("-10000"))
    target_adjustment_record(actor=ministry_user, programme_year=py, region=region_wf,
                             factor=Decimal("0.5"), reason="Träger fiel aus")
    assert AuditEntry.objects.filter(action="steering.adjustment").count() == 1
    _, ra = region_assessment(user=region_user, year=2025, region=region_wf,
                              on=datetime.date.today() if datetime.date.today() > END else END)
    line = next(p for p in ra.projects if p.key == a.pk)
    assert ra.factor_by_ministry is not None
    assert line.planned_participants == 40 and line.adjusted_participants == 20


def test_thresholds_and_cash_course(world, region_wf, region_user, ministry_user):
    py, _, a, _, _ = world
    steering_year_save(actor=ministry_user, programme_year=py, on_track_from=Decimal("50"),
                       watch_from=Decimal("40"), course=Course.CASH)
    CashPlanEntry.objects.create(programme_year=py, region=region_wf, calendar_year=2025,
                                 amount=Decimal("50000"))
    CashPlanEntry.objects.create(programme_year=py, region=region_wf, calendar_year=2026,
                                 amount=Decimal("50000"))
    result, ra = region_assessment(user=region_user, year=2025, region=region_wf, on=END)
    line = next(p for p in ra.projects if p.key == a.pk)
    assert result.course.label == "nach dem Kassenplan"
    assert line.expected_participants == 20 and line.rating == ON_TRACK
    assert ra.money.expected_paid == Decimal("50000.00")
    steering_year_save(actor=ministry_user, programme_year=py, on_track_from=Decimal("100"),
                       watch_from=Decimal("90"), course=Course.LINEAR)
    _, ra = region_assessment(user=region_user, year=2025, region=region_wf,
                              on=datetime.date(2025, 10, 1))
    line = next(p for p in ra.projects if p.key == a.pk)
    assert line.expected_participants == 30 and line.rating == BEHIND  # 20 of 30: 67 %
    steering_year_save(actor=ministry_user, programme_year=py, on_track_from=Decimal("90"),
                       watch_from=Decimal("60"), course=Course.LINEAR)
    _, ra = region_assessment(user=region_user, year=2025, region=region_wf,
                              on=datetime.date(2025, 10, 1))
    assert next(p for p in ra.projects if p.key == a.pk).rating == WATCH


def test_state_view_is_suppressed(world, region_wf, ministry_user):
    _, _, a, b, c = world
    result = assessment(user=ministry_user, year=2025, on=END)
    ra = next(r for r in result.regions if r.region == region_wf)
    rows = {p.key: p for p in ra.projects}
    assert ra.suppressed
    assert rows[b.pk].entries is None and rows[b.pk].ratio is None and rows[b.pk].rating is None
    # a second cell of the measure type is hidden so the 2 cannot be computed
    assert rows[a.pk].entries is None
    assert result.total.label == "Hessen"


def test_foreign_region_is_not_visible(world, region_foreign, region_user):
    from django.http import Http404

    with pytest.raises(Http404):
        region_assessment(user=region_user, year=2025, region=region_foreign)


def test_api_assessment(world, region_wf, region_user, ministry_user):
    _, _, a, _, _ = world
    token = token_create(actor=region_user, user=region_user, name="t")[1]
    r = Client().get("/api/v1/steering/assessment",
                     {"year": 2025, "region": "06635", "on": "2025-12-31"},
                     HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["agreed_amount"] == "100000.00"
    assert body["current_allocation"] == "100000.00"
    row = next(p for p in body["projects"] if p["id"] == a.pk)
    assert row == {"id": a.pk, "name": "Ausbildung plus", "short": "AP", "measure": 1,
                   "planned_participants": 40, "adjusted_participants": 40,
                   "expected_participants": 40, "entries": 20, "ratio": "0.5000",
                   "rating": "behind"}
    foreign = make_user("api-x", Role.REGION, region=world[1].region.__class__.objects.get(
        ags="06411"))
    token = token_create(actor=foreign, user=foreign, name="t")[1]
    r = Client().get("/api/v1/steering/assessment", {"year": 2025, "region": "06635"},
                     HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 404
    assert "06635" in r.json()["detail"]


def _more_regions(py, provider, ministry_user, count):
    """`count` further regions with an allocation, a signed agreement with one targeted
    project and a few participants each."""
    from aqb.regions.models import Region

    done = set(Allocation.objects.filter(programme_year=py).values_list("region", flat=True))
    for region in Region.objects.exclude(pk__in=done).order_by("ags")[:count]:
        Allocation.objects.create(programme_year=py, region=region, amount=Decimal("40000"))
        ag = Agreement.objects.create(region=region, programme_year=py, status=Status.SIGNED)
        BudgetLine.objects.create(agreement=ag, name="Land", amount=Decimal("40000"))
        m = AgreementMeasure.objects.create(agreement=ag, number=1, title="Ausbildung")
        p = Project.objects.create(region=region, measure_number=1, name=f"P {region.ags}",
                                   provider=provider, first_year=2025)
        AgreementProject.objects.create(measure=m, project=p, label="P",
                                        planned_participants=10)
        participants_store(actor=ministry_user, project=p, year=2025,
                           rows=people(4, f"R{region.ags}"))


def test_query_count_does_not_grow_with_regions(world, provider, ministry_user,
                                                 django_assert_max_num_queries):
    """All regions of a year are assessed with a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    py = world[0]
    _more_regions(py, provider, ministry_user, 2)
    with CaptureQueriesContext(connection) as few:
        assessment(user=ministry_user, year=2025, on=END, quarters=True)
    _more_regions(py, provider, ministry_user, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = assessment(user=ministry_user, year=2025, on=END, quarters=True)
    assert len(result.regions) == 26
