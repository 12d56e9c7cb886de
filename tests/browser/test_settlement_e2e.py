"""Settlement and refund in Chromium: the authority previews and confirms the settlement,
opens the refund with its interest table and records a part payment; the region reads its
refund; axe on every page visited."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


REGION = "06431"  # a region without a demo application


def _proven_notice():
    """Landkreis Bergstraße 2025: 80 000 € granted (80 %), 80 000 € paid, 90 000 € proven;
    a region account `region-06431` (password "demo")."""
    from aqb.accounts import services as account_services
    from aqb.accounts.models import Role
    from aqb.accounts.policy import SYSTEM
    from aqb.accounts.services import MembershipSpec
    from aqb.budgets.models import ProgrammeYear
    from aqb.funding import models as fm
    from aqb.funding import services as fs
    from aqb.funding.notices import NoticeInput, notice_issue
    from aqb.funding.selectors import agreement_projects_unscoped
    from aqb.regions.models import Region

    region, py = Region.objects.get(ags=REGION), ProgrammeYear.objects.get(year=2025)
    account_services.user_create(
        actor=SYSTEM, username=f"region-{REGION}", password="demo", first_name="Berta",
        last_name="Bergstraße (Test)", check_password=False, must_change_password=False,
        memberships=[MembershipSpec(role=Role.REGION, region=region)])
    project = agreement_projects_unscoped(region, py).first()
    app = fs.application_create(actor=SYSTEM, region=region, programme_year=py)
    fs.application_set_plan(actor=SYSTEM, application=app, lines=[fs.LineInput(
        project_id=project.pk, personnel_costs=Decimal("100000"),
        own_funds=Decimal("20000"))])
    fs.application_submit(actor=SYSTEM, application=app)
    fs.application_start_review(actor=SYSTEM, application=app)
    fs.application_sign_off(actor=SYSTEM, application=app, part="content")
    fs.application_sign_off(actor=SYSTEM, application=app, part="arithmetic")
    fs.application_mark_ready(actor=SYSTEM, application=app)
    notice = notice_issue(actor=SYSTEM, application=app, data=NoticeInput(
        date=date(2025, 4, 15), share_percent=Decimal("80")))
    fm.PaymentRequest.objects.create(
        notice=notice, number=1, date=date(2025, 5, 2), amount=Decimal("80000"),
        needed_by=date(2025, 6, 1), reason="Abruf", status=fm.PaymentStatus.PAID,
        paid_on=date(2025, 5, 10))
    fm.Proof.objects.create(notice=notice, kind=fm.ProofKind.FINAL, date=date(2025, 10, 1),
                            report="Sachbericht", costs=Decimal("90000"),
                            status=fm.ProofStatus.REFUND)
    return notice


def test_authority_settles_and_region_reads_the_refund(page, live_server, demo_data, login,
                                                      check_a11y, browser):
    notice = _proven_notice()
    base = live_server.url
    login(page, "rp-kassel")
    page.goto(f"{base}/foerderung/erstattungen/")
    check_a11y(page)
    page.get_by_role("link", name=notice.number).click()
    page.get_by_label("Datum der Abrechnung").fill("2025-10-20")
    page.get_by_label("Bescheid unwirksam ab").fill("2025-06-01")
    page.get_by_role("button", name="Vorschau berechnen").click()
    expect(page.get_by_test_id("anerkannt")).to_have_text("72.000,00\u00a0€")
    expect(page.get_by_test_id("erstattung")).to_have_text("8.000,00\u00a0€")
    check_a11y(page)
    page.get_by_role("button", name="Abrechnung bestätigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schlussabrechnung")
    check_a11y(page)
    page.get_by_role("link", name=f"Erstattungsbescheid {notice.number}-E").click()
    page.get_by_label("Zinsen berechnen bis einschließlich").fill("2025-12-31")
    page.get_by_role("button", name="Berechnen").click()
    expect(page.get_by_test_id("zinsen")).to_have_text("300,66\u00a0€")
    expect(page.get_by_role("table", name="Zinszeiträume")).to_contain_text("184")
    check_a11y(page)
    refund_url = page.url.split("?")[0]
    page.get_by_role("link", name="Zahlung erfassen").click()
    check_a11y(page)
    page.get_by_label("Zahlungseingang am").fill("2025-09-01")
    page.get_by_label("Gezahlter Betrag (Euro)").fill("3.000,00")
    page.get_by_role("button", name="Zahlung erfassen").click()
    expect(page.get_by_role("main")).to_contain_text("3.000,00\u00a0€")

    other = browser.new_context().new_page()
    login(other, f"region-{REGION}")
    other.goto(refund_url)
    expect(other.get_by_role("heading", level=1)).to_contain_text("Erstattungsbescheid")
    expect(other.get_by_role("link", name="Zahlung erfassen")).to_have_count(0)
    check_a11y(other)
    other.goto(f"{base}/foerderung/basiszinssaetze/")
    check_a11y(other)
