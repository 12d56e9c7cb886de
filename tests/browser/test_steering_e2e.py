"""Steering pages in Chromium: the ministry's overview of 2025 (table, map, bar chart, where
Hessen is behind), the drill-down to a region, the settings of the year and an adjustment of a
region's targets by keyboard (errors named at their fields); the region's coordinator lands on
its own page. axe (WCAG 2.1 AA) on every page visited."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WF_NAME = "Landkreis Waldeck-Frankenberg"


def _type_into(page, field, text: str) -> None:
    field.fill("")
    field.focus()
    page.keyboard.type(text)


def test_ministry_overview_region_and_settings(page, live_server, demo_data, login,
                                               check_a11y):
    from aqb.steering.models import SteeringYear, TargetAdjustment

    base = live_server.url
    login(page, "ministerium", axe=False)
    page.get_by_role("navigation").get_by_role("link", name="Steuerung").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Steuerung")
    check_a11y(page)
    page.get_by_role("link", name="Programmjahr 2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hessen")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Wo Hessen im Rückstand ist")).to_be_visible()
    table = main.get_by_role("table", name="Zielerreichung je Gebietskörperschaft, 2025")
    expect(table.get_by_role("row", name=re.compile(WF_NAME))).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("^Hessen"))).to_be_visible()
    expect(main.locator("svg.aqb-figure").first).to_be_visible()
    expect(main.get_by_role("img", name="Quote der Eintritte 2025")).to_be_visible()
    expect(main.get_by_role("img", name="Quote der Auszahlungen 2025")).to_be_visible()
    check_a11y(page)

    table.get_by_role("link", name=WF_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(WF_NAME)
    expect(main.get_by_role("heading", name="Ziel laut Vereinbarung und angepasstes Ziel")) \
        .to_be_visible()
    expect(main.get_by_role("link", name=re.compile("Steuerungsbericht als PDF"))).to_be_visible()
    check_a11y(page)
    # drill-down: measure type -> project -> quarters
    main.get_by_role("table", name=re.compile("^Zielerreichung je Maßnahmeart")).get_by_role(
        "link").first.click()
    projects = main.get_by_role("table", name=re.compile("^Zielerreichung je Projekt"))
    expect(projects).to_be_visible()
    project_link = projects.get_by_role("link").first
    name = project_link.inner_text()
    project_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(main.get_by_role("table", name=re.compile("^Eintritte und Austritte je Quartal"))) \
        .to_be_visible()
    check_a11y(page)

    page.goto(f"{base}/steuerung/2025/einstellungen/")
    check_a11y(page)
    on_track = main.get_by_label(re.compile("„im Plan“ ab"))
    watch = main.get_by_label(re.compile("„beobachten“ ab"))
    _type_into(page, on_track, "80")
    _type_into(page, watch, "85")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(main).to_contain_text("darf nicht über der für „im Plan“ liegen")
    assert not SteeringYear.objects.exists()
    check_a11y(page)
    _type_into(page, main.get_by_label(re.compile("„beobachten“ ab")), "65")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Die Bewertung der Zielerreichung wurde "
                                                 "gespeichert.")
    assert SteeringYear.objects.get().watch_from == 65

    page.goto(f"{base}/steuerung/2025/einstellungen/?gebiet=06635")
    main.get_by_label("Art der Anpassung").select_option("faktor")
    _type_into(page, main.get_by_label(re.compile("^Angepasstes Ziel")), "85")
    main.get_by_label(re.compile("^Begründung")).focus()
    page.keyboard.press("Tab")   # leave the reason empty: the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(main).to_contain_text("Bitte die Anpassung begründen.")
    assert not TargetAdjustment.objects.exists()
    check_a11y(page)
    main.get_by_label(re.compile("^Begründung")).focus()
    page.keyboard.type("Träger fällt bis Herbst aus")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/steuerung/2025/gebiet/06635/#anpassungen$"))
    expect(main.get_by_test_id("anpassungen")).to_contain_text("Träger fällt bis Herbst aus")
    check_a11y(page)

    page.context.clear_cookies()
    login(page, "region-06635", axe=False)
    page.goto(f"{base}/steuerung/2025/")
    expect(page).to_have_url(re.compile(r"/steuerung/2025/gebiet/06635/$"))
    expect(page.get_by_role("main").get_by_test_id("anpassungen")).to_contain_text(
        "Träger fällt bis Herbst aus")
    check_a11y(page)
