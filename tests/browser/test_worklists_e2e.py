"""The work lists in Chromium: the authority's work list and a region's "Was ist zu tun",
with axe on both, and a download of an export."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _grant_with_tasks():
    """A granted notice of Waldeck-Frankenberg with a payment request due in five days and an
    overdue refund (rows made directly: their services are built in parallel)."""
    from aqb.budgets.models import ProgrammeYear
    from aqb.funding import models as fm
    from aqb.regions.models import Region

    region = Region.objects.get(ags="06635")
    py = ProgrammeYear.objects.get(year=2025)
    today = timezone.localdate()
    app = fm.Application.objects.create(region=region, programme_year=py,
                                        status=fm.Status.GRANTED)
    notice = fm.Notice.objects.create(application=app, region=region, programme_year=py,
                                      number="RPKS-57-AQB-2025-06635")
    fm.NoticeVersion.objects.create(
        notice=notice, version=1, date=date(2025, 4, 15), purpose="Zweck",
        financing="vollfinanzierung", eligible_costs=Decimal("50000"), amount=Decimal("50000"),
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
        final_proof_due=today + timedelta(days=400), legal_remedy="Widerspruch")
    fm.PaymentRequest.objects.create(
        notice=notice, number=1, date=today, amount=Decimal("20000"),
        needed_by=today + timedelta(days=5), reason="Personalkosten")
    proof = fm.Proof.objects.create(notice=notice, kind=fm.ProofKind.FINAL, date=today,
                                    report="Bericht", costs=Decimal("45000"),
                                    status=fm.ProofStatus.REFUND)
    settlement = fm.Settlement.objects.create(
        notice=notice, proof=proof, date=today, recognised=Decimal("45000"),
        paid=Decimal("50000"), refund_amount=Decimal("5000"))
    fm.Refund.objects.create(
        settlement=settlement, notice=notice, number="ERST-2025-06635", date=today,
        amount=Decimal("5000"), interest_from=today, due_on=today - timedelta(days=3))


def test_authority_and_region_see_what_to_do(page, live_server, demo_data, login, check_a11y,
                                            browser):
    _grant_with_tasks()
    base = live_server.url
    login(page, "rp-kassel")
    page.get_by_role("link", name="Arbeitsliste der Bewilligungsbehörde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Arbeitsliste der Bewilligungsbehörde")
    payments = page.get_by_test_id("liste-mittelabrufe")
    expect(payments).to_contain_text("fällig in 5 Tagen")
    expect(payments).to_contain_text("20.000,00\u00a0€")
    expect(page.get_by_test_id("liste-erstattungen")).to_contain_text("überfällig seit 3 Tagen")
    expect(page.get_by_test_id("liste-antraege")).to_contain_text(
        "Keine Förderanträge zu prüfen.")
    check_a11y(page)
    with page.expect_download() as download:
        page.get_by_test_id("liste-erstattungen").get_by_role("link", name="CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "ERST-2025-06635" in text and "5000,00" in text

    other = browser.new_context().new_page()
    login(other, "region-06635")
    other.goto(f"{base}/foerderung/")
    other.get_by_role("link", name="Was ist zu tun").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text("Was ist zu tun")
    expect(other.get_by_test_id("liste-fristen")).to_contain_text("Mittelabruf 1")
    expect(other.get_by_test_id("liste-erstattungen")).to_contain_text("ERST-2025-06635")
    check_a11y(other)
