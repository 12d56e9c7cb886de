"""The application deadline (31 March) reminds the regions 14 and 3 days before, once each."""

from datetime import date
from decimal import Decimal

import pytest

from aqb.budgets.models import ProgrammeYear
from aqb.notifications import selectors, services
from aqb.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026(db):
    return ProgrammeYear.objects.create(year=2026, total=Decimal("28700000"),
                                        application_deadline=date(2026, 3, 31))


def _titles(user):
    return list(Notification.objects.filter(user=user).order_by("pk")
                .values_list("title", flat=True))


def test_regions_are_reminded_14_and_3_days_before(year_2026, region_user, foreign_region_user,
                                                   ministry_user, provider_user):
    for day in (date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 17), date(2026, 3, 20),
                date(2026, 3, 28), date(2026, 3, 28), date(2026, 3, 31), date(2026, 4, 1)):
        services.reminders_send(day=day)
    expected = ["Antragsfrist AQB 2026 endet in 14 Tagen (31. März 2026)",
                "Antragsfrist AQB 2026 endet in 3 Tagen (31. März 2026)"]
    assert _titles(region_user) == expected
    assert _titles(foreign_region_user) == expected
    assert _titles(ministry_user) == [] and _titles(provider_user) == []


def test_a_missed_day_is_caught_up_once(year_2026, region_user):
    services.reminders_send(day=date(2026, 3, 25))
    services.reminders_send(day=date(2026, 3, 26))
    assert _titles(region_user) == ["Antragsfrist AQB 2026 endet in 6 Tagen (31. März 2026)"]


def test_without_a_set_deadline_31_march_holds(region_user):
    ProgrammeYear.objects.create(year=2026, total=Decimal("1"))
    services.reminders_send(day=date(2026, 3, 28))
    assert _titles(region_user) == ["Antragsfrist AQB 2026 endet in 3 Tagen (31. März 2026)"]


def test_the_calendar_of_regions_and_state_has_the_deadline(year_2026, region_user,
                                                            authority_user, provider_user):
    for user, expected in ((region_user, ["Antragsfrist AQB 2026"]),
                           (authority_user, ["Antragsfrist AQB 2026"]), (provider_user, [])):
        events = selectors.calendar_events(user=user, day=date(2026, 1, 10))
        assert [e.summary for e in events] == expected
        assert all(e.day == date(2026, 3, 31) for e in events)
