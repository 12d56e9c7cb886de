"""Conferences in Chromium: region-06635's coordinator registers for a full conference by
keyboard and lands on the waiting list; the ministry cancels the person holding the place and
the coordinator moves up; the public searches and filters the good-practice entries without
login. axe (WCAG 2.1 AA) on every page visited."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Frühjahrstagung Teilzeitausbildung"


def _full_conference():
    """A conference next month with one place, taken by a coordinator of Stadt Kassel."""
    from django.utils import timezone

    from aqb.accounts import policy
    from aqb.accounts.models import User
    from aqb.conferences import services as cs

    start = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0) + \
        timedelta(days=30)
    conference = cs.conference_save(actor=policy.SYSTEM, data=cs.ConferenceData(
        title=TITLE, starts_at=start, ends_at=start + timedelta(hours=6), place="Kassel",
        description="", capacity=1, registration_deadline=timezone.localdate()
        + timedelta(days=20), status="open"))
    cs.registration_create(actor=policy.SYSTEM, conference=conference,
                           user=User.objects.get(username="tagung-06611-demo"))
    return conference


def test_a_coordinator_registers_by_keyboard_and_moves_up(
        page, live_server, demo_data, login, check_a11y):
    from aqb.conferences.models import Registration

    conference = _full_conference()
    login(page, "region-06635", axe=False)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Tagungen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tagungen")
    check_a11y(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("1 von 1 belegt, 0 frei")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Zur Tagung anmelden").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_a11y(page)
    page.get_by_label("Hinweis").focus()
    page.keyboard.type("Koordination Teilzeitausbildung")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Warteliste (Platz 1)").first).to_be_visible()
    # the region sees its own registration, not Kassel's
    table = page.get_by_role("table", name="Angemeldete Personen und Warteliste")
    expect(table).to_contain_text("Koordination Teilzeitausbildung")
    expect(table).not_to_contain_text("Stadt Kassel")
    check_a11y(page)

    page.context.clear_cookies()
    login(page, "ministerium", axe=False)
    page.goto(f"{live_server.url}/tagungen/{conference.pk}/")
    page.get_by_role("row").filter(has_text="Koordination Kassel (Demo)").get_by_role(
        "link", name="Stornieren").click()
    check_a11y(page)
    page.get_by_role("button", name="Anmeldung stornieren").click()
    expect(page.get_by_text("Anmeldung storniert.")).to_be_visible()
    expect(page.get_by_text("1 von 1 belegt, 0 frei, 0 auf der Warteliste")).to_be_visible()
    assert Registration.objects.get(conference=conference,
                                    user__username="region-06635").status == "registered"

    page.context.clear_cookies()
    login(page, "region-06635", axe=False)
    page.goto(f"{live_server.url}/benachrichtigungen/")
    expect(page.get_by_role("heading", name=f"Platz frei: Sie sind für „{TITLE}“ angemeldet")
           ).to_be_visible()


def test_the_public_searches_good_practice_without_login(page, live_server, demo_data,
                                                         check_a11y):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Gute Praxis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gute Praxis")
    expect(page.get_by_role("heading", name="2 Beispiele")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Suchbegriff").focus()
    page.keyboard.type("Kinderbetreuung")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 Beispiel", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Teilzeitausbildung mit Kinderbetreuung beim Träger")
           ).to_be_visible()
    page.get_by_label("Suchbegriff").fill("")
    page.get_by_label("Gebietskörperschaft").select_option(label="Stadt Kassel")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("link", name="Lotsensprechstunde in Berufsschulen")).to_be_visible()
    expect(page.get_by_text("Teilzeitausbildung mit Kinderbetreuung")).to_have_count(0)
    check_a11y(page)
    page.get_by_role("link", name="Lotsensprechstunde in Berufsschulen").click()
    expect(page.get_by_text("jba@demo.kassel.de")).to_be_visible()
    check_a11y(page)
