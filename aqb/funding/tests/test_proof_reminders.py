"""Proofs due under a notice remind the region's accounts 14 days before, on the day and once
when overdue; a submitted proof stops them; the dates follow the version in force."""

from datetime import date, timedelta
from decimal import Decimal

from aqb.funding import proofs as ps
from aqb.funding.models import ProofKind
from aqb.notifications import selectors, services
from aqb.notifications.models import Notification


def _titles(user):
    return list(Notification.objects.filter(user=user, kind="proof_due").order_by("pk")
                .values_list("title", flat=True))


def _set_dues(notice, interim=None, final=None):
    v = notice.current
    v.interim_proof_due = interim
    if final:
        v.final_proof_due = final
    v.save()


def test_before_on_the_day_and_overdue_once_each(notice, region_user, foreign_region_user,
                                                  authority_user, provider_user):
    due = notice.current.final_proof_due
    assert due == date(2026, 6, 30)
    days = [due - timedelta(days=n) for n in (20, 15, 14, 14, 10, 1, 0, 0)] + \
           [due + timedelta(days=n) for n in (1, 2, 30)]
    for day in days:
        services.reminders_send(day=day)
    n = notice.number
    assert _titles(region_user) == [
        f"Verwendungsnachweis zum Bescheid {n} ist in 14 Tagen fällig (30. Juni 2026)",
        f"Verwendungsnachweis zum Bescheid {n} ist heute fällig (30. Juni 2026)",
        f"Verwendungsnachweis zum Bescheid {n} ist seit dem 30. Juni 2026 überfällig"]
    for other in (foreign_region_user, authority_user, provider_user):
        assert _titles(other) == []
    note = Notification.objects.filter(user=region_user, kind="proof_due").first()
    assert note.url == f"/foerderung/bescheide/{notice.pk}/nachweise/"


def test_a_missed_day_is_caught_up_once(notice, region_user):
    _set_dues(notice, interim=date(2025, 9, 30))
    services.reminders_send(day=date(2025, 9, 25))
    services.reminders_send(day=date(2025, 9, 26))
    assert _titles(region_user) == [
        f"Zwischennachweis zum Bescheid {notice.number} ist in 5 Tagen fällig "
        "(30. September 2025)"]


def test_a_submitted_proof_ends_the_reminders_of_its_kind(notice, projects, region_user):
    _set_dues(notice, interim=date(2025, 9, 30))
    ps.proof_submit(actor=region_user, notice=notice, kind=ProofKind.INTERIM,
                    date=date(2025, 9, 20), report="Zwischenstand",
                    lines=[ps.ProofLineInput(project_id=projects[0].pk,
                                             other_costs=Decimal("1000"))])
    services.reminders_send(day=date(2025, 9, 30))
    services.reminders_send(day=date(2026, 6, 30))
    assert _titles(region_user) == [
        f"Verwendungsnachweis zum Bescheid {notice.number} ist heute fällig (30. Juni 2026)"]


def test_a_moved_due_date_is_reminded_anew(notice, region_user):
    services.reminders_send(day=date(2026, 6, 30))
    _set_dues(notice, final=date(2026, 9, 30))
    services.reminders_send(day=date(2026, 9, 30))
    assert [t.split(" ist ")[1] for t in _titles(region_user)] == [
        "heute fällig (30. Juni 2026)", "heute fällig (30. September 2026)"]


def test_the_calendar_shows_due_proofs_to_the_region_and_the_state(notice, region_user,
                                                                   foreign_region_user,
                                                                   authority_user):
    for user, expected in ((region_user, 1), (authority_user, 1), (foreign_region_user, 0)):
        events = [e for e in selectors.calendar_events(user=user, day=date(2026, 1, 10))
                  if e.summary.startswith("Verwendungsnachweis")]
        assert len(events) == expected
        assert all(e.day == date(2026, 6, 30) for e in events)
