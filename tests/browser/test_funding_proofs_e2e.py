"""The proof of use in Chromium: the region opens its notice's proofs, fills the form by
keyboard (plan beside actual), sees German errors naming project and field, submits; the
authority checks it without objection after a confirmation. axe on every page visited."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _notice():
    """A notice for Landkreis Waldeck-Frankenberg 2025, carried through the application's
    steps from wherever the demo data left it."""
    from aqb.accounts import policy
    from aqb.budgets.models import ProgrammeYear
    from aqb.funding import services as fs
    from aqb.funding.models import Application, Notice, Status
    from aqb.funding.notices import NoticeInput, notice_issue
    from aqb.funding.selectors import agreement_projects_unscoped
    from aqb.regions.models import Region

    region, py = Region.objects.get(ags="06635"), ProgrammeYear.objects.get(year=2025)
    notice = Notice.objects.filter(region=region, programme_year=py).first()
    if notice is not None:
        return notice
    app = Application.objects.filter(region=region, programme_year=py,
                                     status__in=[*Status.values[:5]]).first() or \
        fs.application_create(actor=policy.SYSTEM, region=region, programme_year=py)
    if app.status in (Status.DRAFT, Status.QUERY):
        project = agreement_projects_unscoped(region, py).first()
        fs.application_set_plan(actor=policy.SYSTEM, application=app, lines=[fs.LineInput(
            project_id=project.pk, personnel_costs=Decimal("60000"),
            material_costs=Decimal("40000"), own_funds=Decimal("20000"))])
        fs.application_submit(actor=policy.SYSTEM, application=app)
        app.refresh_from_db()
    if app.status == Status.SUBMITTED:
        fs.application_start_review(actor=policy.SYSTEM, application=app)
        app.refresh_from_db()
    if app.status == Status.IN_REVIEW:
        for part in ("content", "arithmetic"):
            if getattr(app, f"{part}_signed_at") is None:
                fs.application_sign_off(actor=policy.SYSTEM, application=app, part=part)
        fs.application_mark_ready(actor=policy.SYSTEM, application=app)
        app.refresh_from_db()
    return notice_issue(actor=policy.SYSTEM, application=app,
                        data=NoticeInput(date=date(2025, 4, 15)))


def test_region_submits_a_proof_and_authority_accepts(page, live_server, demo_data, login,
                                                      check_a11y, browser):
    notice = _notice()
    project = str(notice.application.lines.first().project)
    base = live_server.url
    login(page, "region-06635")
    page.goto(f"{base}/foerderung/bescheide/{notice.pk}/nachweise/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nachweise der Verwendung")
    check_a11y(page)
    page.get_by_role("link", name="Verwendungsnachweis einreichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nachweis der Verwendung einreichen")
    check_a11y(page)
    # by keyboard: from the report by Tab through the figures of the first project
    page.get_by_label("Datum des Nachweises").fill("2026-03-01")
    page.get_by_label("Sachbericht").focus()
    page.keyboard.type("Alle Maßnahmen wurden wie geplant durchgeführt.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Personalkosten (Ist, Euro)").first).to_be_focused()
    page.keyboard.type("55.000,00")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Sachkosten (Ist, Euro)").first).to_be_focused()
    page.keyboard.type("viel")
    page.get_by_role("button", name="Nachweis einreichen").click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text(f"{project}, Sachkosten (Ist):")
    check_a11y(page)
    page.get_by_label("Sachkosten (Ist, Euro)").first.fill("35.000,00")
    page.get_by_label("Eigenmittel (Ist, Euro)").first.fill("20.000,00")
    page.get_by_label("Sachkosten (Ist, Euro)").first.press("Enter")
    expect(page.get_by_test_id("status")).to_have_text("eingereicht")
    main = page.get_by_role("main")
    expect(main).to_contain_text("90.000,00\u00a0€")
    # participants from monitoring (demo records of 2025), planned beside entered
    expect(page.get_by_test_id("participants")).to_contain_text("eingetreten 2025 laut Monitoring")
    expect(page.get_by_test_id("participants")).to_contain_text(str(project))
    check_a11y(page)
    detail = page.url

    other = browser.new_context().new_page()
    login(other, "rp-kassel")
    other.goto(detail)
    check_a11y(other)
    other.get_by_role("button", name="Geprüft ohne Beanstandung").first.click()
    other.get_by_role("dialog").get_by_role("button",
                                            name="Ohne Beanstandung abschließen").click()
    expect(other.get_by_test_id("status")).to_have_text("geprüft ohne Beanstandung")
    check_a11y(other)
