"""Inbox, preferences and calendar in Chromium: a region user finds a reminder through the
header, opens it, chooses the daily summary and creates a calendar address. axe on each page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_region_user_reads_a_reminder_and_sets_preferences(page, live_server, demo_data,
                                                              login, check_a11y):
    from aqb.accounts.models import User
    from aqb.notifications import services
    from aqb.notifications.models import Preference

    user = User.objects.get(username="region-06635")
    # the demo's own messages (reviews, survey, conference) are read: one new one counts
    services.notifications_mark_all_read(actor=user)
    services.notify(user=user, kind="application_deadline",
                    title="Antragsfrist AQB 2026 endet in 14 Tagen (31. März 2026)",
                    body="Anträge sind bis zum 31. März 2026 einzureichen.",
                    url="/programmjahre/")
    login(page, "region-06635")
    header = page.get_by_role("banner")
    link = header.get_by_role("link", name="Benachrichtigungen (1 ungelesen)")
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benachrichtigungen")
    check_a11y(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Öffnen.*Antragsfrist AQB 2026")).click()
    expect(page).to_have_url(f"{live_server.url}/programmjahre/")
    expect(page.get_by_role("banner").get_by_role("link", name="Benachrichtigungen",
                                                  exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/konto/benachrichtigungen/")
    check_a11y(page)
    page.get_by_label("Antragsfrist rückt näher").select_option("digest")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Ihre Benachrichtigungseinstellungen sind gespeichert.")) \
        .to_be_visible()
    assert Preference.objects.get(user=user, kind="application_deadline").choice == "digest"

    with page.expect_navigation():
        page.get_by_role("button", name="Kalenderadresse erzeugen").click()
    check_a11y(page)
    url = page.get_by_label("Kalenderadresse").input_value()
    assert "/kalender/" in url
    response = page.request.get(live_server.url + url[url.index("/kalender/"):])
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in response.text()
