"""The grant notice in Chromium: the authority opens a ready application, issues the notice
with the form (keyboard into the fields), opens the notice page and the amendment form; axe on
every page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _ready_application():
    from aqb.accounts.models import User
    from aqb.accounts.policy import SYSTEM
    from aqb.budgets.models import ProgrammeYear
    from aqb.funding import services as fs
    from aqb.funding.models import Application
    from aqb.funding.selectors import agreement_projects_unscoped
    from aqb.regions.models import Region

    region = Region.objects.get(ags="06635")
    py = ProgrammeYear.objects.get(year=2025)
    Application.objects.filter(region=region, programme_year=py).delete()
    project = agreement_projects_unscoped(region, py).first()
    rp = User.objects.get(username="rp-kassel")
    app = fs.application_create(actor=SYSTEM, region=region, programme_year=py)
    fs.application_set_plan(actor=SYSTEM, application=app, lines=[
        fs.LineInput(project_id=project.pk, personnel_costs=Decimal("10000"),
                     own_funds=Decimal("2000"))])
    fs.application_submit(actor=SYSTEM, application=app)
    fs.application_start_review(actor=rp, application=app)
    fs.application_sign_off(actor=rp, application=app, part="content")
    fs.application_sign_off(actor=rp, application=app, part="arithmetic")
    fs.application_mark_ready(actor=rp, application=app)
    return app


def test_authority_issues_the_notice_and_opens_it(page, live_server, demo_data, login,
                                                  check_a11y):
    app = _ready_application()
    login(page, "rp-kassel")
    page.goto(f"{live_server.url}/foerderung/antraege/{app.pk}/")
    page.get_by_role("link", name="Zuwendungsbescheid erlassen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zuwendungsbescheid erlassen")
    check_a11y(page)
    amount = page.get_by_label("Bewilligter Betrag (Euro)")
    expect(amount).to_have_value("8.000,00")
    date = page.get_by_label("Datum des Bescheids")
    date.fill("2025-04-15")
    special = page.get_by_label("Besondere Nebenbestimmungen")
    special.focus()
    page.keyboard.type("Teilnehmendenzahlen vierteljährlich melden.")
    page.get_by_role("button", name="Zuwendungsbescheid erlassen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zuwendungsbescheid 2025")
    main = page.get_by_role("main")
    expect(page.get_by_test_id("amount")).to_contain_text("8.000,00")
    expect(main).to_contain_text("Teilnehmendenzahlen vierteljährlich melden.")
    expect(main).to_contain_text("20. Mai 2025")
    check_a11y(page)
    page.get_by_role("link", name="Änderungsbescheid erlassen").click()
    expect(page.get_by_label("Grund der Änderung")).to_be_visible()
    check_a11y(page)
