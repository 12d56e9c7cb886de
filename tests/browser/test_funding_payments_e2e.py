"""Payment requests in Chromium: the region requests money on its demo notice's page, the
authority releases it behind the confirmation dialog and records the payment; axe on every
page visited, the ledger pages included."""

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _notice():
    """The demo notice of Waldeck-Frankenberg 2025 (one request paid, one waiting)."""
    from aqb.funding.models import Notice

    return Notice.objects.get(region__ags="06635", programme_year__year=2025)


def _authority():
    """A reader of all regions: the demo's authority account."""
    from aqb.accounts.models import User

    return User.objects.get(username="rp-kassel")


def test_region_requests_and_authority_releases_and_pays(page, live_server, demo_data, login,
                                                         check_a11y, browser):
    from aqb.funding.ledger import ledger_total
    from aqb.german.money import format_eur

    base = live_server.url
    notice = _notice()
    before = ledger_total(user=_authority(), region=notice.region, year=2025)
    login(page, "region-06635")
    page.goto(f"{base}/foerderung/bescheide/{notice.pk}/mittelabrufe/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mittelabrufe")
    check_a11y(page)
    page.get_by_label("Angeforderter Betrag (Euro)").fill(
        format_eur(before.available + 1).replace("\u00a0€", ""))
    page.get_by_label("Begründung", exact=True).fill("Personalkosten")
    page.get_by_role("button", name="Mittelabruf stellen").click()
    expect(page.get_by_role("alert").first).to_contain_text("übersteigt die bewilligten Mittel")
    check_a11y(page)
    page.get_by_label("Angeforderter Betrag (Euro)").fill("20.000,00")
    page.get_by_role("button", name="Mittelabruf stellen").click()
    expect(page.get_by_role("main")).to_contain_text("Mittelabruf 3")
    expect(page.get_by_test_id("kennzahlen")).to_contain_text(
        format_eur(before.available - 20000))
    check_a11y(page)
    page.get_by_role("link", name="Mittelabruf 3").click()
    expect(page.get_by_test_id("status")).to_have_text("beantragt")
    check_a11y(page)
    detail = page.url
    page.goto(f"{base}/foerderung/haushalt/2025/06635/")
    expect(page.get_by_test_id("summenzeile")).to_contain_text(
        format_eur(before.requested + 20000))
    check_a11y(page)

    other = browser.new_context().new_page()
    login(other, "rp-kassel")
    other.goto(detail)
    other.get_by_role("button", name="Anweisen").first.click()
    dialog = other.get_by_role("dialog")
    check_a11y(other)
    dialog.get_by_role("button", name="Anweisen").click()
    expect(other.get_by_test_id("status")).to_have_text("angewiesen")
    check_a11y(other)
    other.get_by_role("link", name="Auszahlung erfassen").click()
    check_a11y(other)
    # the form proposes today; the request was made today (the form's default date)
    expect(other.get_by_label("Ausgezahlt am")).to_have_value(localdate().isoformat())
    other.get_by_role("button", name="Als ausgezahlt erfassen").click()
    expect(other.get_by_test_id("status")).to_have_text("ausgezahlt")
    other.goto(f"{base}/foerderung/haushalt/2025/")
    expect(other.get_by_test_id("summenzeile").first).to_contain_text("Hessen")
    check_a11y(other)
