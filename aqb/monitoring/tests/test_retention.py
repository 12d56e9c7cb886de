"""Retention: records of a region's programme year are deleted N years after the end of the
year of the final payment; the figures stay exactly as they were; nothing is deleted before
the notice is settled; the ministry sets N (audited) and gets a report."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from aqb.accounts import policy
from aqb.audit.models import AuditEntry
from aqb.funding.models import PaymentRequest, PaymentStatus, Proof, ProofKind, Settlement
from aqb.funding.tests.conftest import notice, projects, ready_application, year  # noqa: F401
from aqb.monitoring.models import MonitoringSettings, Participant, Tally
from aqb.monitoring.records import participants_store
from aqb.monitoring.retention import final_payment_years_unscoped, retention_run
from aqb.notifications.models import Notification

from .conftest import person

pytestmark = pytest.mark.django_db


def tallies(project):
    return sorted(Tally.objects.filter(project=project).values_list(
        "period_year", "quarter", "attribute", "value", "entries", "exits", "reentries"))


@pytest.fixture
def recorded(notice, projects, provider_user):  # noqa: F811
    project = projects[0]
    rows = [person(f"t:R-{i}", entry=datetime.date(2025, 1 + i % 12, 5),
                   exit_date=datetime.date(2025, 12, 20) if i % 2 else None,
                   gender="wm"[i % 2]) for i in range(30)]
    participants_store(actor=policy.SYSTEM, project=project, year=2025, rows=rows)
    return project


def settle(notice, day: datetime.date, paid_on: datetime.date | None = None):  # noqa: F811
    if paid_on is not None:
        PaymentRequest.objects.create(notice=notice, number=1, date=paid_on, amount=Decimal(1),
                                      needed_by=paid_on, reason="x", status=PaymentStatus.PAID,
                                      paid_on=paid_on)
    proof = Proof.objects.create(notice=notice, kind=ProofKind.FINAL, date=day, report="x",
                                 costs=Decimal(1), own_funds=Decimal(0),
                                 third_party_funds=Decimal(0))
    Settlement.objects.create(notice=notice, proof=proof, date=day, recognised=Decimal(1),
                              paid=Decimal(1), refund_amount=Decimal(0))


def test_nothing_is_deleted_before_the_notice_is_settled(recorded, notice):  # noqa: F811
    report = retention_run(day=datetime.date(2040, 1, 1))
    assert report.deleted == 0 and Participant.objects.count() == 30


def test_records_go_after_the_period_and_the_figures_stay_unchanged(
        recorded, notice, ministry_user):  # noqa: F811
    settle(notice, datetime.date(2026, 5, 1), paid_on=datetime.date(2027, 2, 1))
    assert final_payment_years_unscoped() == {(notice.region_id, 2025): 2027}
    before = tallies(recorded)
    assert retention_run(day=datetime.date(2032, 12, 31)).deleted == 0  # 2027 + 5 not over
    assert Participant.objects.count() == 30
    report = retention_run(day=datetime.date(2033, 1, 1))
    assert report.deleted == 30 and not Participant.objects.exists()
    assert report.groups == [{"region": "06635", "year": 2025, "project": recorded.label,
                              "records": 30, "final_payment_year": 2027}]
    assert tallies(recorded) == before and before
    entry = AuditEntry.objects.get(action="monitoring.retention")
    assert entry.object_id == str(recorded.pk) and "30" in str(entry.changes)
    # the scheduled task reports to the ministry
    from aqb.monitoring.reports import retention_report_send

    assert retention_report_send(report) == 1
    n = Notification.objects.get(user=ministry_user)
    assert "30 Teilnehmenden-Datensätze" in n.title and recorded.label in n.body


def test_the_ministry_sets_the_period(recorded, notice, ministry_user, region_user):  # noqa: F811
    settle(notice, datetime.date(2026, 5, 1))
    c = Client()
    c.force_login(ministry_user)
    assert c.post("/teilnehmende/einstellungen/", {"retention_years": "0"}).status_code == 400
    r = c.post("/teilnehmende/einstellungen/", {"retention_years": "2"})
    assert r.status_code == 302 and MonitoringSettings.objects.get().retention_years == 2
    assert AuditEntry.objects.filter(action="monitoring.settings").exists()
    assert retention_run(day=datetime.date(2029, 1, 1)).deleted == 30
    c.force_login(region_user)
    assert c.get("/teilnehmende/einstellungen/").status_code == 403


def test_the_scheduled_task_is_in_the_schedule(settings):
    assert ("aqb.monitoring.tasks.retention", "daily 04:00") in settings.AQB_SCHEDULE
