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


SMALL = "Kleinstprojekt Monitoring"


def _small_project():
    """A 2025 project of the region with a single participant (besides the demo's ones)."""
    from aqb.accounts import policy
    from aqb.monitoring.records import ParticipantData, participants_store
    from aqb.projects.models import Project
    from aqb.regions.models import Region

    project = Project.objects.create(region=Region.objects.get(ags="06635"), measure_number=1,
                                     name=SMALL, short_name="KM", first_year=2025)
    participants_store(actor=policy.SYSTEM, project=project, year=2025, rows=[ParticipantData(
        pseudonym="t:B-1", pseudonym_kind="provider", entry_date=datetime.date(2025, 2, 3),
        gender="w", birth_year=2004, scheme="sgb2", residence_ags="06635")])
    return project


def test_the_ministry_sees_hessen_suppressed_the_region_its_own(
        page, live_server, demo_data, login, check_a11y):
    _small_project()
    login(page, "ministerium", axe=False)
    page.goto(f"{live_server.url}/kennzahlen/2025/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hessen")
    expect(page.get_by_role("note").filter(has_text="Geheimhaltung")).to_contain_text(
        "Werte 1 und 2")
    expect(page.get_by_role("table", name="Teilnehmende nach Gebietskörperschaft, 2025")
           .get_by_role("row", name=WF_NAME)).to_be_visible()
    expect(page.locator("svg.aqb-figure").first).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name=WF_NAME).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(WF_NAME)
    # the project with one participant: its entries are hidden from the ministry
    row = page.get_by_role("table", name="Teilnehmende nach Projekt").get_by_role(
        "row", name=SMALL)
    expect(row.get_by_role("cell").first).to_contain_text("geheim gehalten")
    check_a11y(page)

    page.context.clear_cookies()
    login(page, "region-06635", axe=False)
    page.goto(f"{live_server.url}/kennzahlen/2025/gebiet/06635/")
    expect(page.get_by_text("Eigene Zahlen, ungekürzt")).to_be_visible()
    row = page.get_by_role("table", name="Teilnehmende nach Projekt").get_by_role(
        "row", name=SMALL)
    expect(row.get_by_role("cell").first).to_have_text("1")
    check_a11y(page)
    page.get_by_role("link", name="1 –").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(WF_NAME)
    expect(page.get_by_text("Nur Maßnahmeart 1")).to_be_visible()
    page.get_by_role("link", name=SMALL).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SMALL)
    quarters = page.get_by_role("table", name="Teilnehmende nach Quartal")
    expect(quarters).to_contain_text("1. Quartal 2025")
    expect(quarters).not_to_contain_text("geheim gehalten")
    check_a11y(page)
