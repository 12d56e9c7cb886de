"""Inbox, preferences and the calendar feed through HTTP."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from aqb.accounts.models import Role
from aqb.audit.models import AuditEntry
from aqb.budgets.models import ProgrammeYear
from aqb.notifications import registry, services
from aqb.notifications.models import CalendarToken, Notification, Preference
from conftest import make_user

pytestmark = pytest.mark.django_db


def _notify(user, title, url="/programmjahre/"):
    return services.notify(user=user, kind="general", title=title, url=url)


def test_the_inbox_shows_own_notifications_and_the_unread_count(client, region_user,
                                                                foreign_region_user):
    _notify(region_user, "Antragsfrist für Waldeck-Frankenberg")
    _notify(region_user, "Zweite Nachricht")
    _notify(foreign_region_user, "Nur für Darmstadt")
    client.force_login(region_user)

    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Antragsfrist für Waldeck-Frankenberg" in page
    assert "Nur für Darmstadt" not in page
    assert "2 ungelesene Benachrichtigungen." in page
    # the header of every page counts them
    home = client.get(reverse("home")).content.decode()
    assert "(2 ungelesen)" in home


def test_opening_marks_read_and_leads_to_the_object(client, region_user):
    n = _notify(region_user, "Bitte ansehen", url="/programmjahre/2026/")
    client.force_login(region_user)
    response = client.post(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/programmjahre/2026/"
    n.refresh_from_db()
    assert n.read_at is not None
    assert "ungelesen" not in client.get(reverse("home")).content.decode()


def test_a_link_elsewhere_is_not_followed(client, region_user):
    n = _notify(region_user, "Fremder Verweis", url="https://example.com/phish")
    client.force_login(region_user)
    response = client.post(reverse("notifications:open", args=[n.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_another_users_notification_answers_404(client, region_user, foreign_region_user):
    n = _notify(foreign_region_user, "Nur für Darmstadt")
    client.force_login(region_user)
    for name in ("open", "read"):
        assert client.post(reverse(f"notifications:{name}", args=[n.pk])).status_code == 404
        assert client.get(reverse(f"notifications:{name}", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_one_and_all_read(client, region_user):
    a = _notify(region_user, "Eins")
    _notify(region_user, "Zwei")
    _notify(region_user, "Drei")
    client.force_login(region_user)
    client.post(reverse("notifications:read", args=[a.pk]))
    assert Notification.objects.filter(user=region_user, read_at__isnull=True).count() == 2
    client.post(reverse("notifications:all_read"))
    assert Notification.objects.filter(user=region_user, read_at__isnull=True).count() == 0
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Keine ungelesenen Benachrichtigungen." in page


def test_preferences_are_chosen_per_kind(client, region_user):
    client.force_login(region_user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for text in ("Antragsfrist rückt näher", "Unterschrift einer Zielvereinbarung steht aus",
                 "tägliche Zusammenfassung", "keine E-Mail-Adresse"):
        assert text in page
    # every kind on the page is posted (apps register more kinds over time)
    choices = {k: "immediate" for k in registry.KINDS if f'name="{k}"' in page}
    choices.update({"application_deadline": "digest", "agreement_signature": "off"})
    assert "general" in choices
    response = client.post(reverse("notifications:preferences"), choices)
    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=region_user).values_list("kind", "choice")) == \
        choices
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert '<option value="digest" selected>' in page


def test_a_wrong_choice_is_refused_and_nothing_saved(client, region_user):
    client.force_login(region_user)
    response = client.post(reverse("notifications:preferences"), {
        "application_deadline": "manchmal", "agreement_signature": "off", "general": "off"})
    assert response.status_code == 400
    assert "Bitte „sofort“, „tägliche Zusammenfassung“ oder „aus“ wählen." in \
        response.content.decode()
    assert not Preference.objects.exists()


def test_the_preferences_need_a_login(client):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302 and "/anmelden/" in response["Location"]


def _feed_url(client) -> str:
    page = client.post(reverse("notifications:calendar_renew")).content.decode()
    start = page.index("https://aqb.example.org/kalender/")
    return page[start:page.index('"', start)]


def test_the_calendar_feed_lists_the_users_deadlines(client, region_user):
    year = timezone.localdate().year + 1  # the coming deadline
    ProgrammeYear.objects.create(year=year, total=Decimal("1000"),
                                 application_deadline=date(year, 3, 31))
    client.force_login(region_user)
    url = _feed_url(client)
    token = url.rsplit("/", 2)[1]
    # only the hash is kept
    stored = CalendarToken.objects.get(user=region_user)
    assert token not in stored.token_hash and stored.token_hash == services.token_hash(token)
    assert AuditEntry.objects.filter(action="calendar.create").count() == 1

    anonymous = client.__class__()
    response = anonymous.get(url.removeprefix("https://aqb.example.org"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == [f"Antragsfrist AQB {year}"]
    assert events[0].decoded("DTSTART") == date(year, 3, 31)
    assert str(events[0]["URL"]) == f"https://aqb.example.org/programmjahre/{year}/"


def test_a_wrong_or_renewed_token_answers_404(client, region_user):
    client.force_login(region_user)
    old = _feed_url(client).removeprefix("https://aqb.example.org")
    assert client.get(old.replace("/kalender/", "/kalender/x")).status_code == 404
    new = _feed_url(client).removeprefix("https://aqb.example.org")
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Eine Kalenderadresse ist eingerichtet" in page
    client.post(reverse("notifications:calendar_delete"))
    assert client.get(new).status_code == 404


def test_a_deactivated_account_has_no_calendar(client):
    user = make_user("weg", Role.MINISTRY)
    client.force_login(user)
    url = _feed_url(client).removeprefix("https://aqb.example.org")
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 404
