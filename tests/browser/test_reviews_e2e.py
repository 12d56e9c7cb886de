"""The autumn review in Chromium: the ministry schedules a meeting and writes the minutes with
the keyboard, the region confirms them; axe (WCAG 2.1 AA) on every page visited."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _type(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.focus()
    page.keyboard.type(text)


def _press(page, name: str) -> None:
    button = page.get_by_role("button", name=name)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_schedule_hold_minutes_share_and_confirm(page, live_server, demo_data, login,
                                                 check_a11y):
    login(page, "ministerium", axe=False)
    page.goto(f"{live_server.url}/steuerung/besprechungen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Umsetzungsbesprechungen")
    check_a11y(page)
    page.get_by_role("link", name="Besprechung ansetzen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_a11y(page)
    page.get_by_label("Gebietskörperschaft").select_option(label="Landkreis Waldeck-Frankenberg")
    page.get_by_label("Programmjahr").select_option("2025")
    page.get_by_label("Datum").fill("2025-11-20")
    page.get_by_label("Uhrzeit").fill("10:00")
    _type(page, "Ort – optional", "Römer, Raum 2")
    _press(page, "Ansetzen")
    expect(page.get_by_test_id("status")).to_have_text("geplant")
    expect(page.get_by_text("Abweichungen von den Zielen", exact=True)).to_be_visible()
    check_a11y(page)

    _type(page, "Tagesordnungspunkt", "Verschiedenes")
    _press(page, "Hinzufügen")
    expect(page.get_by_role("listitem").filter(has_text="Verschiedenes").first).to_be_visible()
    _press(page, "Besprechung durchgeführt")
    expect(page.get_by_test_id("status")).to_have_text("durchgeführt")
    expect(page.get_by_role("table", name="Eintritte gegenüber den Zielen")).to_be_visible()
    check_a11y(page)

    _type(page, "Beschlüsse – optional", "Die Ansprache wird verstärkt.")
    _press(page, "Beschlüsse speichern")
    _type(page, "Maßnahme", "Liste der Projekte melden")
    page.get_by_label("zu erledigen bis").fill("2025-12-15")
    _press(page, "Maßnahme hinzufügen")
    expect(page.get_by_role("cell", name="Liste der Projekte melden", exact=True)).to_be_visible()
    _press(page, "Protokoll mit der Gebietskörperschaft teilen")
    expect(page.get_by_test_id("status")).to_have_text("Protokoll geteilt")
    check_a11y(page)
    response = page.request.get(page.url + "protokoll.pdf")
    assert response.ok and response.body().startswith(b"%PDF")

    review_url = page.url

    # the region confirms the minutes and reports its action done, by keyboard
    page.context.clear_cookies()
    login(page, "region-06635", axe=False)
    page.goto(review_url)
    expect(page.get_by_test_id("status")).to_have_text("Protokoll geteilt")
    check_a11y(page)
    page.get_by_label("Art der Rückmeldung").select_option(label="Bestätigung")
    _press(page, "Rückmeldung senden")
    expect(page.get_by_test_id("status")).to_have_text("bestätigt")
    expect(page.get_by_test_id("confirmed")).to_contain_text("Bestätigt von")
    page.goto(f"{live_server.url}/steuerung/besprechungen/massnahmen/?status=offen")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maßnahmen")
    check_a11y(page)
    page.get_by_role("row").filter(has_text="Liste der Projekte melden").get_by_role(
        "link", name="erledigt melden").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_a11y(page)
    _press(page, "Speichern")
    expect(page.get_by_text("Die Maßnahme ist als erledigt vermerkt.")).to_be_visible()
