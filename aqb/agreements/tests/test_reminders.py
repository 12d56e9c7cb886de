"""An agreement waiting for a signature reminds the party that must sign, once per due day."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from aqb.accounts.models import Role
from aqb.agreements import services as ag
from aqb.notifications import selectors, services
from aqb.notifications.calendar import ics
from aqb.notifications.models import Notification
from aqb.notifications.tests.smtp import smtp_server  # noqa: F401
from conftest import make_user

pytestmark = pytest.mark.django_db


def _agreed(draft, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=draft)
    return timezone.localdate()


def _titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_the_ministry_is_reminded_after_14_days(wf_draft, ministry_user, region_user):
    since = _agreed(wf_draft, ministry_user)
    counts = services.reminders_send(day=since + timedelta(days=13))
    # every registered reminder ran (other apps register theirs too) and none sent anything
    assert {"aqb.agreements.reminders.signature_remind",
            "aqb.budgets.reminders.application_deadline_remind"} <= set(counts)
    assert set(counts.values()) == {0}

    services.reminders_send(day=since + timedelta(days=14))
    assert _titles(ministry_user) == [
        "Zielvereinbarung 2025 Landkreis Waldeck-Frankenberg: Unterschrift des Ministeriums "
        "steht seit 14 Tagen aus"]
    assert _titles(region_user) == []  # the region does not sign first
    n = Notification.objects.get(user=ministry_user)
    assert n.url == f"/zielvereinbarungen/{wf_draft.pk}/"


def test_a_reminder_goes_out_once_then_weekly(wf_draft, ministry_user):
    since = _agreed(wf_draft, ministry_user)
    for days in (14, 14, 15, 20):
        services.reminders_send(day=since + timedelta(days=days))
    assert Notification.objects.filter(user=ministry_user).count() == 1
    services.reminders_send(day=since + timedelta(days=21))
    services.reminders_send(day=since + timedelta(days=21))
    assert Notification.objects.filter(user=ministry_user).count() == 2


def test_after_the_ministry_signed_the_region_is_reminded(wf_draft, ministry_user, region_user,
                                                          foreign_region_user):
    _agreed(wf_draft, ministry_user)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="Heike Hofmann",
                      title="Staatsministerin")
    services.reminders_send(day=timezone.localdate() + timedelta(days=14))
    assert _titles(region_user) == [
        "Zielvereinbarung 2025 Landkreis Waldeck-Frankenberg: Unterschrift der Gebietskörperschaft "
        "steht seit 14 Tagen aus"]
    assert _titles(foreign_region_user) == []
    assert _titles(ministry_user) == []


def test_a_signed_agreement_reminds_nobody(wf_draft, ministry_user, region_user):
    from aqb.agreements.tests.conftest import sign_both

    _agreed(wf_draft, ministry_user)
    sign_both(wf_draft, ministry_user)
    services.reminders_send(day=timezone.localdate() + timedelta(days=30))
    assert not Notification.objects.exists()


def test_the_command_takes_a_date_and_reaches_the_smtp_server(wf_draft, ministry_user,
                                                               smtp_server):  # noqa: F811
    ministry_user.email = "poststelle@ministerium.example"
    ministry_user.save()
    since = _agreed(wf_draft, ministry_user)
    from io import StringIO

    out = StringIO()
    call_command("reminders_send", "--date", (since + timedelta(days=14)).isoformat(), stdout=out)
    assert out.getvalue().strip() == "1 neue Erinnerung."
    [message] = smtp_server.messages
    assert smtp_server.subject(message).startswith(
        "[AQB] Zielvereinbarung 2025 Landkreis Waldeck-Frankenberg: Unterschrift des Ministeriums")
    assert "wartet auf die Unterschrift des Ministeriums" in smtp_server.parts(message)[
        "text/plain"]
    out = StringIO()
    call_command("reminders_send", "--date", (since + timedelta(days=14)).isoformat(), stdout=out)
    assert out.getvalue().strip() == "0 neue Erinnerungen."
    assert len(smtp_server.messages) == 1


def test_the_command_refuses_a_wrong_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="kein Datum der Form JJJJ-MM-TT"):
        call_command("reminders_send", "--date", "31.03.2026")


def test_the_calendar_shows_the_signature_due_to_the_signer_only(wf_draft, ministry_user,
                                                                  region_user):
    since = _agreed(wf_draft, ministry_user)
    other_ministry = make_user("min2", Role.MINISTRY)
    for user, expected in ((ministry_user, 1), (other_ministry, 1), (region_user, 0)):
        events = [e for e in selectors.calendar_events(user=user, day=since)
                  if e.uid.startswith("agreement-signature")]
        assert len(events) == expected
    feed = Calendar.from_ical(ics(selectors.calendar_events(user=ministry_user, day=since)))
    [event] = [e for e in feed.walk("VEVENT") if "Unterschrift" in str(e["SUMMARY"])]
    assert str(event["SUMMARY"]) == \
        "Unterschrift fällig: Zielvereinbarung 2025 Landkreis Waldeck-Frankenberg"
    assert event.decoded("DTSTART") == since + timedelta(days=14)
