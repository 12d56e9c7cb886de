"""Participant figures in Chromium: the ministry's overview of 2025 (Hessen, small cells
hidden, the rule explained next to each suppressed table) and the drill-down to a region;
the region sees its own figures unhidden and follows measure type -> project -> quarters.
axe (WCAG 2.1 AA) on every page visited."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WF_NAME = "Landkreis Waldeck-Frankenberg"


def _participants():
    from aqb.accounts import policy
    from aqb.monitoring.records import ParticipantData, participants_store
    from aqb.projects.models import Project

    project = Project.objects.filter(region__ags="06635", first_year__lte=2025) \
        .order_by("pk").first()
    rows = [ParticipantData(
        pseudonym=f"t:B-{n}", pseudonym_kind="provider",
        entry_date=datetime.date(2025, 2 + n % 6, 3), gender="m" if n == 0 else "w",
        birth_year=2000 + n % 6, scheme="sgb2", residence_ags="06635",
        exit_date=datetime.date(2025, 10, 1) if n % 3 == 0 else None,
        outcome="ausbildung" if n % 3 == 0 else "") for n in range(12)]
    participants_store(actor=policy.SYSTEM, project=project, year=2025, rows=rows)
    return project


def test_the_ministry_sees_hessen_suppressed_the_region_its_own(
        page, live_server, demo_data, login, check_a11y):
    project = _participants()
    login(page, "ministerium", axe=False)
    page.goto(f"{live_server.url}/kennzahlen/2025/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hessen")
    expect(page.get_by_role("note").filter(has_text="Geheimhaltung")).to_contain_text(
        "Werte 1 und 2")
    # the one man of the region is hidden in the gender table
    table = page.get_by_role("table", name="Eintritte nach Geschlecht und Gebietskörperschaft")
    row = table.get_by_role("row", name=WF_NAME)
    expect(row.get_by_role("cell").nth(1)).to_contain_text("geheim gehalten")
    expect(page.locator("svg.aqb-figure").first).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name=WF_NAME).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(WF_NAME)
    expect(page.get_by_text(project.name).first).to_be_visible()
    check_a11y(page)

    page.context.clear_cookies()
    login(page, "region-06635", axe=False)
    page.goto(f"{live_server.url}/kennzahlen/2025/gebiet/06635/")
    expect(page.get_by_text("Eigene Zahlen, ungekürzt")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name=f"{project.measure_number} –").first.click()
    page.get_by_role("link", name=project.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(project.name)
    quarters = page.get_by_role("table", name="Teilnehmende nach Quartal")
    expect(quarters).to_contain_text("1. Quartal 2025")
    expect(quarters).not_to_contain_text("geheim gehalten")
    check_a11y(page)
