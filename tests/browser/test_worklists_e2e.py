"""The work lists in Chromium: the authority's work list and a region's "Was ist zu tun",
with axe on both, and a download of an export."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_authority_and_region_see_what_to_do(page, live_server, demo_data, login, check_a11y,
                                            browser):
    """On the demo: Frankfurt's application waits for review, Waldeck-Frankenberg's second
    payment request for its release and its provider's report for the region's check, Kassel's
    refund is (partly) open."""
    base = live_server.url
    login(page, "rp-kassel")
    page.get_by_role("link", name="Arbeitsliste der Bewilligungsbehörde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Arbeitsliste der Bewilligungsbehörde")
    payments = page.get_by_test_id("liste-mittelabrufe")
    expect(payments).to_contain_text("Mittelabruf 2")
    expect(payments).to_contain_text("150.000,00\u00a0€")
    refunds = page.get_by_test_id("liste-erstattungen")
    expect(refunds).to_contain_text("RPKS-57-AQB-2025-06611")
    expect(refunds).to_contain_text("überfällig seit")
    expect(page.get_by_test_id("liste-antraege")).to_contain_text("Frankfurt")
    check_a11y(page)
    with page.expect_download() as download:
        refunds.get_by_role("link", name="CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "RPKS-57-AQB-2025-06611" in text and "Kassel" in text

    other = browser.new_context().new_page()
    login(other, "region-06635")
    other.goto(f"{base}/foerderung/")
    other.get_by_role("link", name="Was ist zu tun").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text("Was ist zu tun")
    expect(other.get_by_test_id("liste-fristen")).to_contain_text("Mittelabruf 2")
    expect(other.get_by_test_id("liste-traegerberichte")).to_contain_text(
        "Demo-Bildungsträger")
    expect(other.get_by_test_id("liste-erstattungen")).to_contain_text(
        "Keine offenen Erstattungen.")
    expect(other.get_by_role("main")).not_to_contain_text("06611")
    check_a11y(other)
