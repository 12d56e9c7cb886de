"""Participant records in Chromium, by keyboard: the provider enters a person by name (the
name is turned into a pseudonym and never shown again), sees the German messages of a wrong
entry, corrects the record; the region sees it in its list. axe on every page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def field(page, label: str):
    """The input labelled exactly `label` (optional fields say "– optional" after it)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( – optional)?$"))


def _type_into(page, label: str, text: str) -> None:
    field(page, label).focus()
    page.keyboard.type(text)


def test_provider_enters_and_corrects_a_record_and_the_region_sees_it(
        page, live_server, demo_data, login, check_a11y):
    from aqb.monitoring import pseudonym
    from aqb.monitoring.models import Participant
    from aqb.projects.models import Project

    project = Project.objects.filter(provider__name="Demo-Bildungsträger gGmbH").first()
    shown = pseudonym.shown(pseudonym.from_person("Aylin", "Yıldız", datetime.date(2006, 4, 9)))
    base = live_server.url
    login(page, "traeger-demo")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Teilnehmende").click()
    check_a11y(page)
    page.goto(f"{base}/teilnehmende/projekt/{project.pk}/2025/")
    main = page.get_by_role("main")
    main.get_by_role("link", name="Person erfassen").click()
    expect(main).to_contain_text("weder gespeichert noch protokolliert")
    check_a11y(page)
    # a first try with the exit before the entry
    _type_into(page, "Vorname", "Aylin")
    _type_into(page, "Nachname", "Yıldız")
    field(page, "Geburtsdatum").fill("2006-04-09")
    field(page, "Eintritt").fill("2025-09-01")
    field(page, "Austritt").fill("2025-08-01")
    field(page, "Geschlecht").select_option(label="w")
    field(page, "Rechtskreis").select_option(label="SGB III")
    field(page, "Bildung (ISCED)").select_option(label="ISCED 3-4")
    field(page, "Nachname").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("Bitte korrigieren Sie die markierten Felder.")
    expect(main).to_contain_text("Der Austritt (01.08.2025) liegt vor dem Eintritt (01.09.2025).")
    expect(field(page, "Vorname")).to_have_value("")  # never shown back
    expect(page.locator("body")).not_to_contain_text("Yıldız")
    check_a11y(page)
    _type_into(page, "Vorname", "Aylin")
    _type_into(page, "Nachname", "Yıldız")
    field(page, "Geburtsdatum").fill("2006-04-09")
    field(page, "Austritt").fill("")
    page.get_by_role("button", name="Datensatz speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Datensatz {shown}")
    expect(main).to_contain_text("Der Datensatz wurde angelegt.")
    expect(main).to_contain_text("ISCED 3-4")
    check_a11y(page)
    # the correction: exit and outcome; the identity cannot be changed
    main.get_by_role("link", name="Datensatz korrigieren").click()
    expect(field(page, "Vorname")).to_have_count(0)
    check_a11y(page)
    field(page, "Austritt").fill("2025-12-19")
    field(page, "Austrittsgrund").select_option(label="regulär")
    field(page, "Verbleib (bis 4 Wochen nach Austritt)").select_option(label="Ausbildung")
    page.get_by_role("button", name="Korrektur speichern").click()
    expect(main).to_contain_text("Der Datensatz wurde korrigiert.")
    expect(main).to_contain_text("19.12.2025")
    check_a11y(page)
    record = Participant.objects.get(project=project, year=2025, pseudonym_kind="hash")
    assert record.outcome == "ausbildung" and record.education == "isced34"

    page.context.clear_cookies()
    login(page, "region-06635", axe=False)
    page.goto(f"{base}/projekte/{project.pk}/")
    page.get_by_role("main").get_by_role("link", name="Teilnehmende 2025").click()
    main = page.get_by_role("main")
    main.get_by_role("link", name="ausgetreten").click()
    expect(main.get_by_role("table")).to_be_visible()
    check_a11y(page)
    # the newest exit is on the last page of the list sorted by entry
    while page.get_by_role("link", name="Nächste Seite").count():
        if main.get_by_role("link", name=shown).count():
            break
        page.get_by_role("link", name="Nächste Seite").click()
    expect(main.get_by_role("link", name=shown)).to_be_visible()
    page.goto(f"{base}/teilnehmende/zugriffe/")
    expect(page.get_by_role("table")).to_contain_text("Träger (Demo)")
    check_a11y(page)
