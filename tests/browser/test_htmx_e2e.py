"""htmx where it helps: switching the year on the agreements overview replaces the content
in place (no full page load), keeps the keyboard focus on the select and updates the URL."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_switching_the_year_updates_the_list_in_place(page, live_server, demo_data, login,
                                                      check_a11y):
    from aqb.accounts.models import User
    from aqb.budgets import services

    ministry = User.objects.get(username="ministerium")
    services.programme_year_create(actor=ministry, year=2026, total=Decimal("27700000"))
    login(page, "ministerium")
    page.goto(f"{live_server.url}/zielvereinbarungen/?jahr=2025")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zielvereinbarungen 2025")
    page.evaluate("window.__noReload = true")  # gone after a full page load
    select = page.get_by_label("Programmjahr", exact=True)
    select.focus()
    select.select_option("2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zielvereinbarungen 2026")
    expect(page.get_by_text("Für 2026 gibt es noch keine Zielvereinbarungen.")).to_be_visible()
    assert page.evaluate("window.__noReload") is True
    assert page.url.endswith("/zielvereinbarungen/?jahr=2026")
    expect(page.get_by_label("Programmjahr", exact=True)).to_be_focused()
    check_a11y(page)
