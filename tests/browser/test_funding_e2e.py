"""The application (Antrag) in Chromium: the region drafts and submits, the authority finds it
on its work list and reviews; axe on every page visited."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_region_applies_and_authority_reviews(page, live_server, demo_data, login, check_a11y,
                                              browser):
    from aqb.accounts.models import Membership, Role, User
    from aqb.regions.models import Region

    # The demo has already granted Waldeck-Frankenberg's 2025 application: Fulda applies here.
    fulda = User.objects.create_user(username="region-06631", password="demo")
    Membership.objects.create(user=fulda, role=Role.REGION, region=Region.objects.get(ags="06631"))
    base = live_server.url
    login(page, "region-06631")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Förderanträge").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Förderanträge")
    check_a11y(page)
    page.goto(f"{base}/foerderung/06631/neu/?jahr=2025")
    check_a11y(page)
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Förderantrag 2025")
    check_a11y(page)
    page.get_by_role("link", name="Finanzierungsplan bearbeiten").click()
    check_a11y(page)
    page.get_by_label("Personalkosten (Euro)").first.fill("10.000,00")
    page.get_by_role("button", name="Speichern").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("10.000,00\u00a0€")
    detail = page.url
    page.get_by_role("button", name="Einreichen").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Einreichen").click()
    expect(page.get_by_test_id("status")).to_have_text("eingereicht")
    check_a11y(page)

    other = browser.new_context().new_page()
    login(other, "rp-kassel")
    other.goto(f"{base}/foerderung/arbeitsliste/")
    expect(other.get_by_role("main")).to_contain_text("Fulda")
    check_a11y(other)
    other.goto(detail)
    other.get_by_role("button", name="Prüfung beginnen").first.click()
    other.get_by_role("dialog").get_by_role("button", name="Prüfung beginnen").click()
    expect(other.get_by_test_id("status")).to_have_text("in Prüfung")
    check_a11y(other)
    other.get_by_role("link", name="Nachforderung").click()
    check_a11y(other)
