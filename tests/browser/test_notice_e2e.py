"""The grant notice in Chromium: the authority opens a ready application, issues the notice
with the form (keyboard into the fields), opens the notice page and the amendment form; axe on
every page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _ready_application():
    """The demo's application of Wiesbaden, ready for the notice (both sign-offs)."""
    from aqb.funding.models import Application, Status

    return Application.objects.get(region__ags="06414", programme_year__year=2025,
                                   status=Status.READY)


def test_authority_issues_the_notice_and_opens_it(page, live_server, demo_data, login,
                                                  check_a11y):
    app = _ready_application()
    login(page, "rp-kassel")
    page.goto(f"{live_server.url}/foerderung/antraege/{app.pk}/")
    page.get_by_role("link", name="Zuwendungsbescheid erlassen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zuwendungsbescheid erlassen")
    check_a11y(page)
    proposed = page.get_by_label("Bewilligter Betrag (Euro)").input_value()
    assert proposed.endswith(",00")  # the amount requested, German notation
    date = page.get_by_label("Datum des Bescheids")
    date.fill("2025-04-15")
    special = page.get_by_label("Besondere Nebenbestimmungen")
    special.focus()
    page.keyboard.type("Teilnehmendenzahlen vierteljährlich melden.")
    page.get_by_role("button", name="Zuwendungsbescheid erlassen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zuwendungsbescheid 2025")
    main = page.get_by_role("main")
    expect(page.get_by_test_id("amount")).to_contain_text(proposed)
    expect(main).to_contain_text("Teilnehmendenzahlen vierteljährlich melden.")
    expect(main).to_contain_text("20. Mai 2025")
    check_a11y(page)
    page.get_by_role("link", name="Änderungsbescheid erlassen").click()
    expect(page.get_by_label("Grund der Änderung")).to_be_visible()
    check_a11y(page)
