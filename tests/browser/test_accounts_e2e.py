"""User management end to end in Chromium: the ministry creates a region user for Stadt Kassel
(06611) by keyboard, a wrong entry first; the new user logs in and sees Stadt Kassel only.
axe on every page visited."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real transactions; serialized_rollback brings back the 26 regions
    # from the data migration that the flush after each transactional test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

USERNAME = "kassel-meier"
PASSWORD = "Kassel-Anfang-2025!"
KASSEL = "Stadt Kassel"


def _goto(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"{url}: Status {response and response.status}, erwartet {status}")
    return response


def _type_and_tab(page, label, text: str | None) -> None:
    """The field with this label has the focus: type (if given), then Tab to the next one."""
    expect(label).to_be_focused()
    if text is not None:
        page.keyboard.type(text)
    page.keyboard.press("Tab")


def test_ministry_creates_a_region_user_who_sees_only_kassel(page, live_server, demo_data,
                                                             login, check_a11y):
    base = live_server.url
    login(page, "ministerium")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    nav.get_by_role("link", name="Benutzerkonten").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/benutzerkonten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Benutzerkonten")
    expect(page.get_by_role("table")).to_contain_text("Gebietskörperschaft: "
                                                      "Landkreis Waldeck-Frankenberg")
    check_a11y(page)

    page.get_by_role("link", name="Neues Benutzerkonto").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/benutzerkonten/neu/")
    check_a11y(page)

    # First attempt: role "Gebietskörperschaft" without choosing one.
    first = page.get_by_role("group", name="Mitgliedschaft 1")
    page.get_by_label("Benutzername").focus()
    _type_and_tab(page, page.get_by_label("Benutzername"), USERNAME)
    _type_and_tab(page, page.get_by_label("Vorname"), "Mira")
    _type_and_tab(page, page.get_by_label("Nachname"), "Meier")
    _type_and_tab(page, page.get_by_label("E-Mail"), "mira.meier@kassel.de")
    _type_and_tab(page, page.get_by_label("Anfangspasswort", exact=True), PASSWORD)
    _type_and_tab(page, page.get_by_label("Anfangspasswort wiederholen"), PASSWORD)
    expect(first.get_by_label("Rolle")).to_be_focused()
    page.keyboard.type("Gebiet")  # a closed select picks the option by typing
    expect(first.get_by_label("Rolle")).to_have_value("region")
    page.get_by_role("button", name="Benutzerkonto anlegen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren")
    expect(summary).to_contain_text("Mitgliedschaft 1 – Gebietskörperschaft: Für die Rolle "
                                    "Gebietskörperschaft ist eine Gebietskörperschaft anzugeben.")
    region_select = page.get_by_role("group", name="Mitgliedschaft 1").get_by_label(
        re.compile("^Gebietskörperschaft"))
    expect(region_select).to_have_attribute("aria-invalid", "true")
    check_a11y(page)

    # Second attempt: the form kept everything but the passwords; choose Stadt Kassel.
    expect(page.get_by_label("Benutzername")).to_have_value(USERNAME)
    page.get_by_label("Anfangspasswort", exact=True).focus()
    _type_and_tab(page, page.get_by_label("Anfangspasswort", exact=True), PASSWORD)
    _type_and_tab(page, page.get_by_label("Anfangspasswort wiederholen"), PASSWORD)
    _type_and_tab(page, page.get_by_role("group", name="Mitgliedschaft 1").get_by_label("Rolle"),
                  None)
    expect(region_select).to_be_focused()
    page.keyboard.type(KASSEL)
    expect(region_select.locator("option:checked")).to_have_text(f"{KASSEL} (06611)")
    page.get_by_role("button", name="Benutzerkonto anlegen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/benutzerkonten/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text(
        f"Das Benutzerkonto „{USERNAME}“ wurde angelegt.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mira Meier")
    memberships = page.get_by_role("region", name="Mitgliedschaften")
    expect(memberships.locator(".aqb-entry")).to_have_count(1)
    expect(memberships.locator(".aqb-entry")).to_contain_text(f"Gebietskörperschaft: {KASSEL}")
    history = page.get_by_role("region", name="Verlauf")
    expect(history).to_contain_text("Benutzerkonto angelegt")
    expect(history).not_to_contain_text(PASSWORD)
    check_a11y(page)

    # The list finds the new account by the region key.
    _goto(page, f"{base}/benutzerkonten/?suche=06611")
    # (beside the demo's other accounts of Kassel)
    expect(page.get_by_role("table").get_by_role("link", name="Mira Meier")).to_have_count(1)
    check_a11y(page)

    # Log out, log in as the new user.
    page.get_by_role("button", name="Abmelden").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    login(page, USERNAME, PASSWORD, axe=False)
    # The ministry chose the first password: its holder replaces it before anything else.
    expect(page).to_have_url(f"{base}/konto/passwort/?next=/")
    expect(page.get_by_text("Bitte wählen Sie zuerst ein eigenes Passwort")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Bisheriges Passwort").fill(PASSWORD)
    page.get_by_label("Neues Passwort", exact=True).fill("Mira-eigenes-Passwort-2025")
    page.get_by_label("Neues Passwort wiederholen").fill("Mira-eigenes-Passwort-2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Passwort ändern").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("status").filter(has_text="Ihr Passwort wurde geändert.")
           ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Guten Tag, Mira Meier")
    main = page.get_by_role("main")
    expect(main).to_contain_text(KASSEL)
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    expect(nav.get_by_role("link", name=KASSEL)).to_have_count(1)
    for other in ("Waldeck-Frankenberg", "Darmstadt", "Benutzerkonten", "Stammdaten"):
        expect(page.locator("body")).not_to_contain_text(other)
    check_a11y(page)

    _goto(page, f"{base}/regionen/06611/")
    expect(page.get_by_role("heading", level=1)).to_have_text(KASSEL)
    check_a11y(page)
    _goto(page, f"{base}/programmjahre/2025/")
    allocations = page.get_by_role("table", name=re.compile("^Zuweisungen AQB 2025"))
    expect(allocations.get_by_role("link")).to_have_text([KASSEL])
    # The programme year's remarks may name regions; amounts of other regions must not show.
    expect(page.locator("body")).not_to_contain_text("773.920")
    check_a11y(page)
    for path, status in [("/regionen/06635/", 404), ("/regionen/", 403),
                         ("/benutzerkonten/", 403)]:
        _goto(page, base + path, status)
        expect(page.locator("body")).not_to_contain_text("Waldeck-Frankenberg")
        check_a11y(page)
