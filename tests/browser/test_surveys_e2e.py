"""Surveys in Chromium: Waldeck-Frankenberg finishes its demo draft by keyboard (the required
check names the missing questions first), submits and sees it read-only; the ministry sees it
among the results with chart and table. axe (WCAG 2.1 AA) on every page visited."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_region_submits_by_keyboard_and_the_ministry_sees_the_results(
        page, live_server, demo_data, login, check_a11y):
    login(page, "region-06635", axe=False)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Umfragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Umfragen")
    check_a11y(page)
    page.get_by_role("link", name=re.compile("Entwurf")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Übergänge in Ausbildung")
    check_a11y(page)

    # submitting the draft as it is: the required questions still open are named
    page.get_by_role("button", name="Einreichen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Frage „Wie zufrieden sind Sie mit der Zusammenarbeit?“: "
                                  "bitte beantworten (Pflichtfrage).")
    expect(alert).to_contain_text("Frage „Wie viele Plätze planen Sie für 2026?“")
    check_a11y(page)

    # the scale by keyboard, the number typed, the draft's text kept
    page.get_by_role("radio", name="4", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("textbox", name=re.compile("Wie viele Plätze")).focus()
    page.keyboard.type("42")
    text = page.get_by_role("textbox", name=re.compile("besonders bewährt"))
    expect(text).to_have_value(re.compile("Berufsorientierung in Korbach"))
    page.get_by_role("button", name="Einreichen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("eingereicht")
    expect(page.get_by_role("button", name="Einreichen")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("42")
    check_a11y(page)

    page.context.clear_cookies()
    login(page, "ministerium", axe=False)
    page.goto(f"{live_server.url}/umfragen/")
    page.get_by_role("link", name=re.compile("Übergänge in Ausbildung")).click()
    expect(page.get_by_role("table", name="Rücklauf je Gebietskörperschaft").get_by_role(
        "row", name=re.compile("Waldeck-Frankenberg"))).to_contain_text("eingereicht")
    check_a11y(page)
    page.get_by_role("link", name="Ergebnisse").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ergebnisse")
    expect(page.get_by_text("5 von 26 Gebietskörperschaften haben eingereicht")).to_be_visible()
    expect(page.locator("svg.aqb-figure").first).to_be_visible()
    expect(page.get_by_role("table", name="Frage 1.3: Antworten").get_by_role(
        "row", name=re.compile("^4"))).to_contain_text("2")
    expect(page.get_by_role("main")).to_contain_text(
        "Landkreis Waldeck-Frankenberg: Berufsorientierung in Korbach")
    check_a11y(page)


def test_the_ministry_builds_and_sends_a_survey(page, live_server, demo_data, login,
                                                 check_a11y):
    login(page, "ministerium", axe=False)
    page.goto(f"{live_server.url}/umfragen/")
    page.get_by_role("link", name="Neue Umfrage").click()
    check_a11y(page)
    page.get_by_label("Titel").fill("Kurzabfrage Praktika")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    page.get_by_label("Überschrift des neuen Abschnitts").fill("Praktika")
    with page.expect_navigation():
        page.get_by_role("button", name="Abschnitt hinzufügen").click()
    page.get_by_role("link", name="Frage hinzufügen").click()
    check_a11y(page)
    page.get_by_label("Art der Frage").select_option("Mehrfachauswahl")
    page.get_by_label("Frage", exact=True).fill("Welche Branchen?")
    page.get_by_label("Antwortmöglichkeiten").fill("Handwerk\nPflege\nHandel")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("main")).to_contain_text("Welche Branchen?")
    expect(page.get_by_role("main")).to_contain_text("Handwerk · Pflege · Handel")
    check_a11y(page)
    page.get_by_role("link", name="Versenden …").click()
    check_a11y(page)
    page.get_by_label("Frist").fill("2099-12-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Versenden").click()
    expect(page.get_by_role("status").first).to_contain_text("versandt")
    expect(page.get_by_role("table", name="Rücklauf je Gebietskörperschaft")).to_contain_text(
        "nicht begonnen")
    check_a11y(page)
