"""The provider's expense report in Chromium: from the work list on its home page to the
pass-on, a new report, lines added and removed with the keyboard, submitted; the region then
objects and the provider sees why. axe on every page visited."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def pass_on(demo_data):
    """The demo's pass-on of Waldeck-Frankenberg to the demo provider (its interim report is
    submitted; the final report is what the provider writes here)."""
    from aqb.funding.models import PassOn

    return PassOn.objects.get(reference="WV-2025-001 (Demo)")


def test_provider_reports_expenses_with_the_keyboard(page, live_server, pass_on, login,
                                                     check_a11y, browser):
    base = live_server.url
    login(page, "traeger-demo")
    work = page.get_by_role("region", name="Was ist zu tun")
    expect(work).to_contain_text("Schlussbericht")
    check_a11y(page)
    work.get_by_role("link", name="Schlussbericht").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Weiterleitung")
    expect(page.get_by_role("main")).to_contain_text("WV-2025-001 (Demo)")
    check_a11y(page)
    page.get_by_label("Art des Berichts").select_option("final")
    page.get_by_label("Berichtszeitraum von").fill("2025-07-01")
    page.get_by_role("button", name="Bericht anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schlussbericht")
    check_a11y(page)

    def add(day, payee, amount, voucher):
        page.get_by_label("Datum der Zahlung").fill(day)
        page.get_by_label("Empfänger der Zahlung").focus()
        page.keyboard.type(payee)
        page.keyboard.press("Tab")
        page.keyboard.type("Honorar Kurs")
        page.keyboard.press("Tab")
        page.keyboard.type(amount)
        page.keyboard.press("Tab")
        page.keyboard.type(voucher)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    add("2026-01-10", "Dozentin A", "100,00", "B-0")  # after the approval period
    expect(page.get_by_role("alert").first).to_contain_text("außerhalb des")
    check_a11y(page)
    add("2025-07-01", "Dozentin A", "1.200,00", "B-1")
    add("2025-07-02", "Dozent B", "300,50", "B-2")
    expect(page.get_by_test_id("summe")).to_have_text("1.500,50\u00a0€")
    check_a11y(page)
    page.get_by_role("button", name="Beleg B-2").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("summe")).to_have_text("1.200,00\u00a0€")
    page.get_by_role("button", name="Einreichen").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Einreichen").click()
    expect(page.get_by_test_id("status")).to_have_text("eingereicht")
    check_a11y(page)
    report_url = page.url

    region = browser.new_context(locale="de-DE").new_page()
    login(region, "region-06635", axe=False)
    region.goto(f"{base}/foerderung/weiterleitung/")
    expect(region.get_by_role("main")).to_contain_text("Berichte der Träger zu prüfen")
    check_a11y(region)
    region.goto(report_url)
    region.get_by_role("link", name="Bericht prüfen").click()
    check_a11y(region)
    region.get_by_label("Prüfvermerk").fill("Beleg B-1: Stundennachweis fehlt.")
    region.get_by_role("button", name="Beanstanden").click()
    expect(region.get_by_test_id("status")).to_have_text("beanstandet")

    page.goto(base + "/")
    expect(page.get_by_role("region", name="Was ist zu tun")).to_contain_text(
        "Stundennachweis fehlt")
    check_a11y(page)
