"""Payment requests in Chromium: the region requests money on its notice's page, the
authority releases it behind the confirmation dialog and records the payment; axe on every
page visited, the ledger pages included."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _notice():
    """A notice over 60 000 EUR for Waldeck-Frankenberg 2025 (demo data underneath)."""
    from aqb.accounts.policy import SYSTEM
    from aqb.budgets.models import ProgrammeYear
    from aqb.funding import services as fs
    from aqb.funding.notices import NoticeInput, notice_issue
    from aqb.funding.selectors import agreement_projects_unscoped
    from aqb.regions.models import Region

    region, py = Region.objects.get(ags="06635"), ProgrammeYear.objects.get(year=2025)
    app = fs.application_create(actor=SYSTEM, region=region, programme_year=py)
    project = agreement_projects_unscoped(region, py).first()
    fs.application_set_plan(actor=SYSTEM, application=app, lines=[fs.LineInput(
        project_id=project.pk, personnel_costs=Decimal("60000"))])
    fs.application_submit(actor=SYSTEM, application=app)
    fs.application_start_review(actor=SYSTEM, application=app)
    fs.application_sign_off(actor=SYSTEM, application=app, part="content")
    fs.application_sign_off(actor=SYSTEM, application=app, part="arithmetic")
    fs.application_mark_ready(actor=SYSTEM, application=app)
    return notice_issue(actor=SYSTEM, application=app,
                        data=NoticeInput(date=date(2025, 4, 15), financing="vollfinanzierung"))


def test_region_requests_and_authority_releases_and_pays(page, live_server, demo_data, login,
                                                         check_a11y, browser):
    base = live_server.url
    notice = _notice()
    login(page, "region-06635")
    page.goto(f"{base}/foerderung/bescheide/{notice.pk}/mittelabrufe/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mittelabrufe")
    check_a11y(page)
    page.get_by_label("Angeforderter Betrag (Euro)").fill("70.000,00")
    page.get_by_label("Begründung", exact=True).fill("Personalkosten")
    page.get_by_role("button", name="Mittelabruf stellen").click()
    expect(page.get_by_role("alert").first).to_contain_text("übersteigt die bewilligten Mittel")
    check_a11y(page)
    page.get_by_label("Angeforderter Betrag (Euro)").fill("20.000,00")
    page.get_by_role("button", name="Mittelabruf stellen").click()
    expect(page.get_by_role("main")).to_contain_text("Mittelabruf 1")
    expect(page.get_by_test_id("kennzahlen")).to_contain_text("40.000,00\u00a0€")
    check_a11y(page)
    page.get_by_role("link", name="Mittelabruf 1").click()
    expect(page.get_by_test_id("status")).to_have_text("beantragt")
    check_a11y(page)
    detail = page.url
    page.goto(f"{base}/foerderung/haushalt/2025/06635/")
    expect(page.get_by_test_id("summenzeile")).to_contain_text("20.000,00\u00a0€")
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
