"""The page a visitor gets while the database is unreachable (aqb.ui.errors, 503): German,
with a way back, axe-clean. The real outage (a PostgreSQL cluster stopped and started) is in
tests/test_faults_database.py; here a view raises the driver's error."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.browser.urls_unavailable"),
]


def test_the_database_gone_page_says_so_in_german(page, live_server, check_a11y):
    response = page.goto(f"{live_server.url}/__datenbank-weg__/")
    assert response is not None and response.status == 503
    assert response.headers.get("retry-after") == "30"
    expect(page.get_by_role("heading", level=1)).to_have_text("Vorübergehend nicht erreichbar")
    expect(page.get_by_role("main")).to_contain_text("wurde es nicht gespeichert")
    check_a11y(page)
    page.get_by_role("link", name="Zur Startseite").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")
