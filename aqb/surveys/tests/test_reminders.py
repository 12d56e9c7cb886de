"""Reminders 7 and 2 days before the deadline and weekly after it, to regions without a
submission; the deadline in the calendar of those who may see the survey."""

from datetime import date

import pytest

from aqb.accounts.models import Provider, Role
from aqb.notifications.models import Notification
from aqb.surveys import reminders
from aqb.surveys import services as s
from conftest import make_user

from .factories import DEADLINE, full_answers, people, sent


@pytest.fixture
def p(db):
    return people()


def test_due_days():
    d = date(2025, 11, 14)
    assert reminders.due_day(d, date(2025, 11, 6)) is None
    assert reminders.due_day(d, date(2025, 11, 7)) == date(2025, 11, 7)
    assert reminders.due_day(d, date(2025, 11, 10)) == date(2025, 11, 7)
    assert reminders.due_day(d, date(2025, 11, 12)) == date(2025, 11, 12)
    assert reminders.due_day(d, date(2025, 11, 14)) == date(2025, 11, 12)
    assert reminders.due_day(d, date(2025, 11, 15)) == date(2025, 11, 15)
    assert reminders.due_day(d, date(2025, 11, 21)) == date(2025, 11, 15)
    assert reminders.due_day(d, date(2025, 11, 22)) == date(2025, 11, 22)


def test_reminders_go_to_regions_without_a_submission_once(p):
    survey, q = sent(p["ministry"], all_regions=False, regions=[p["wf"], p["da"]])
    s.response_save(actor=p["da_user"], survey=survey, region=p["da"], answers=full_answers(q),
                    submit=True)
    assert reminders.survey_deadline_remind(date(2025, 11, 1)) == 0
    assert reminders.survey_deadline_remind(date(2025, 11, 7)) == 1
    assert reminders.survey_deadline_remind(date(2025, 11, 8)) == 0  # the same reminder day
    n = Notification.objects.get(user=p["wf_user"], kind="survey_due")
    assert "Frist am 14. November 2025" in n.title
    assert not Notification.objects.filter(user=p["da_user"], kind="survey_due").exists()
    assert reminders.survey_deadline_remind(date(2025, 11, 15)) == 1
    assert Notification.objects.filter(user=p["wf_user"], kind="survey_due",
                                       title__contains="abgelaufen").count() == 1
    s.survey_close(actor=p["ministry"], survey=survey)
    assert reminders.survey_deadline_remind(date(2025, 11, 22)) == 0


def test_the_calendar_shows_the_deadline_to_recipients_and_the_ministry(p):
    sent(p["ministry"], all_regions=False, regions=[p["wf"]])
    day = date(2025, 10, 20)
    assert [e.day for e in reminders.survey_deadlines(p["wf_user"], day)] == [DEADLINE]
    assert reminders.survey_deadlines(p["da_user"], day) == []
    assert len(reminders.survey_deadlines(p["ministry"], day)) == 1
    provider = make_user("tr", Role.PROVIDER, provider=Provider.objects.create(name="T"))
    assert reminders.survey_deadlines(provider, day) == []
