"""End to end in Chromium: login, role-scoped pages, programme year form; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real transactions; serialized_rollback brings back the 26 regions
    # from the data migration that the flush after each transactional test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WF_NAME = "Landkreis Waldeck-Frankenberg"
DA_NAME = "Darmstadt"  # 06411, Wissenschaftsstadt Darmstadt


def _goto(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"{url}: Status {response and response.status}, erwartet {status}")
    return response


def test_region_user_sees_only_own_region(page, live_server, demo_data, login, check_a11y):
    base = live_server.url
    login(page, "region-06635")
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guten Tag")
    check_a11y(page)

    own = page.get_by_role("main").get_by_role(
        "link", name=re.compile("Seite des Landkreises Waldeck-Frankenberg"))
    expect(own).to_have_count(1)
    own.click()
    expect(page).to_have_url(f"{base}/regionen/06635/")
    expect(page.get_by_role("heading", level=1)).to_have_text(WF_NAME)
    expect(page.get_by_role("main")).to_contain_text("773.920,00 €")
    check_a11y(page)
    page.keyboard.press("Tab")  # first stop: the skip link, visible when focused
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/regionen/06635/#inhalt")

    # The programme year shows this region's allocation only.
    _goto(page, f"{base}/programmjahre/2025/")
    allocations = page.get_by_role("table", name="Zuweisungen AQB 2025")
    expect(allocations.get_by_role("link")).to_have_text([WF_NAME])
    expect(allocations).to_contain_text("773.920,00 €")
    expect(page.locator("body")).not_to_contain_text(DA_NAME)
    check_a11y(page)

    _goto(page, f"{base}/regionen/06411/", 404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    expect(page.locator("body")).not_to_contain_text(DA_NAME)
    check_a11y(page)

    _goto(page, f"{base}/regionen/", 403)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kein Zugriff")
    expect(page.locator("body")).not_to_contain_text(DA_NAME)
    check_a11y(page)


MINISTRY_PAGES = [
    ("/", "Guten Tag"),
    ("/regionen/", "Gebietskörperschaften"),
    ("/regionen/06411/", DA_NAME),
    ("/programmjahre/", "Programmjahre"),
    ("/programmjahre/2025/", "2025"),
    ("/programmjahre/2025/bearbeiten/", "2025"),
    ("/stammdaten/", "Stammdaten"),
    ("/stammdaten/regionen/06635/", "Waldeck-Frankenberg"),
    ("/protokoll/", "Änderungsprotokoll"),
    ("/programmjahre/neu/", "Programmjahr"),
]


def test_ministry_pages_and_programme_year_form(page, live_server, demo_data, login,
                                                check_a11y):
    base = live_server.url
    login(page, "ministerium")
    expect(page).to_have_url(f"{base}/")
    for path, heading in MINISTRY_PAGES:
        _goto(page, base + path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        check_a11y(page)

    # New programme year with a German amount.
    page.get_by_label("Jahr", exact=True).fill("2026")
    page.get_by_label(re.compile("^Gesamtbetrag")).fill("27.700.000,00")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(f"{base}/programmjahre/")
    expect(page.get_by_role("status")).to_contain_text("Das Programmjahr wurde angelegt.")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=re.compile("2026")))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("27.700.000,00 €")
    check_a11y(page)

    # A malformed amount: German error naming the field, form stays.
    _goto(page, f"{base}/programmjahre/neu/")
    page.get_by_label("Jahr", exact=True).fill("2027")
    page.get_by_label(re.compile("^Gesamtbetrag")).fill("12,3,4")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(f"{base}/programmjahre/neu/")
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren")
    expect(summary).to_contain_text("Gesamtbetrag")
    expect(summary).to_contain_text("Betrag")
    expect(page.get_by_label(re.compile("^Gesamtbetrag"))).to_have_attribute(
        "aria-invalid", "true")
    check_a11y(page)
    _goto(page, f"{base}/programmjahre/")
    expect(page.get_by_role("link", name=re.compile("2027"))).to_have_count(0)


def test_anonymous_pages_and_wrong_password(page, live_server, demo_data, login, check_a11y):
    base = live_server.url
    _goto(page, f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ausbildungs- und Qualifizierungsbudget Hessen")
    check_a11y(page)

    login(page, "region-06635", "falsch-falsch")  # runs axe on the login page first
    expect(page).to_have_url(re.compile(r"/anmelden/$"))
    expect(page.get_by_role("alert")).to_contain_text("Benutzername oder Passwort ist falsch")
    expect(page.locator("body")).not_to_contain_text("Guten Tag")
    check_a11y(page)


def test_provider_sees_no_region_data(page, live_server, demo_data, login, check_a11y):
    base = live_server.url
    login(page, "traeger-demo")
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("main")).to_contain_text("Träger")
    body = page.locator("body")
    # The demo provider runs a project of Waldeck-Frankenberg (money passed on to it), so it
    # may read that region's name beside its project, never the region's figures.
    expect(body).not_to_contain_text("773.920")
    expect(body).not_to_contain_text(DA_NAME)
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for label in ("Gebietskörperschaften", "Stammdaten", "Protokoll", "Landkreis", "Stadt"):
        expect(nav).not_to_contain_text(label)
    check_a11y(page)

    # The programme year itself is not secret, its split over the regions is.
    _goto(page, f"{base}/programmjahre/2025/")
    # Providers receive no allocation: the year page says so and leads to their projects.
    own = page.get_by_role("region", name="Ihre Projekte in AQB 2025")
    expect(own).to_contain_text("Träger erhalten keine eigene Zuweisung")
    expect(own.get_by_role("link", name="Ihre Projekte in AQB 2025 ansehen")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    expect(body).not_to_contain_text("773.920")
    expect(body).not_to_contain_text(DA_NAME)
    check_a11y(page)

    for path, status in [("/regionen/06635/", 404), ("/regionen/", 403), ("/stammdaten/", 403),
                         ("/protokoll/", 403)]:
        _goto(page, base + path, status)
        expect(body).not_to_contain_text("Waldeck-Frankenberg")
        expect(body).not_to_contain_text("773.920")
        check_a11y(page)
