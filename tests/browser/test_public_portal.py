"""The public pages (/oeffentlich/) in Chromium, without login: the programme, a published year
with table, bar chart and map, a region's page with suppressed participant figures, and the
search, used with the keyboard only. axe (WCAG 2.1 AA) on every page visited."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real transactions; serialized_rollback brings back the 26 regions
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WF = "06635"
WF_NAME = "Landkreis Waldeck-Frankenberg"


@pytest.fixture
def public_data(transactional_db, monkeypatch):
    """2024 published, 2025 not; a published good-practice entry of Waldeck-Frankenberg; and
    (registered here, whatever the registry holds) projects and participant figures of 2024,
    one of them suppressed."""
    from aqb.accounts import policy
    from aqb.accounts.models import Role
    from aqb.conferences import services as cs
    from aqb.opendata import datasets
    from aqb.opendata.datasets import AGS, REGION, YEAR, Dataset, Field
    from aqb.opendata.tests.helpers import year_with_allocations
    from aqb.regions.models import Region
    from conftest import make_user

    ministry = make_user("oeffentlich-ministerium", Role.MINISTRY)
    py = year_with_allocations(ministry, 2024, publish=True)
    year_with_allocations(ministry, 2025, publish=False, base=200_000)
    region = Region.objects.get(ags=WF)
    entry = cs.practice_save(actor=policy.SYSTEM, region=region, data=cs.PracticeData(
        measure_type=py.measure_types.get(number=1), title="Ausbildungslotsen im Betrieb",
        what_worked="Feste Ansprechpersonen.", contact_office="Fachdienst Arbeit",
        contact_email="arbeit@example.org"))
    cs.practice_publish(actor=ministry, entry=entry)

    def rows(items):
        return lambda years, region: [r for r in items if r["jahr"] in years and (
            region is None or r["ags"] == region.ags)]

    base = {"jahr": 2024, "ags": WF, "gebietskoerperschaft": WF_NAME}
    monkeypatch.setitem(datasets._REGISTRY, "projekte", Dataset(
        slug="projekte", title="AQB: geförderte Projekte", description="Test",
        themes=("ECON",), keywords=("AQB",),
        fields=(YEAR, AGS, REGION, Field("name", "string", "Projekt", "Name."),
                Field("massnahmeart", "integer", "Maßnahmeart", "Nummer."),
                Field("traeger", "string", "Träger", "Name des Trägers."),
                Field("bewilligt", "number", "Bewilligt (Euro)", "Betrag in Euro.")),
        row_function=rows([{**base, "name": "Werkstatt Zukunft", "massnahmeart": 1,
                            "traeger": "Bildungswerk Korbach",
                            "bewilligt": Decimal("48250.50")}])))
    monkeypatch.setitem(datasets._REGISTRY, "teilnehmende", Dataset(
        slug="teilnehmende", title="AQB: Teilnehmende", description="Test",
        themes=("SOCI",), keywords=("AQB",),
        fields=(YEAR, AGS, REGION, Field("eintritte", "integer", "Eintritte", "Anzahl."),
                Field("eintritte_geheim", "boolean", "Eintritte geheim", "Geheim."),
                Field("austritte", "integer", "Austritte", "Anzahl."),
                Field("austritte_geheim", "boolean", "Austritte geheim", "Geheim.")),
        row_function=rows([{**base, "eintritte": 14, "eintritte_geheim": False,
                            "austritte": None, "austritte_geheim": True}])))


def _goto(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"{url}: Status {response and response.status}, erwartet {status}")


def test_the_public_reads_programme_year_and_region(page, live_server, public_data,
                                                    check_a11y):
    _goto(page, f"{live_server.url}/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="AQB in Zahlen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Das Ausbildungs- und Qualifizierungsbudget in Zahlen")
    expect(page.get_by_role("link", name="AQB 2025")).to_have_count(0)
    expect(page.get_by_role("link", name=WF_NAME)).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="AQB 2024", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AQB 2024: Mittel und Zuweisungen")
    table = page.get_by_role("table", name="Zuweisungen je Gebietskörperschaft, AQB 2024")
    expect(table.get_by_role("row").filter(has_text=WF_NAME)).to_contain_text("119.000,00")
    expect(page.get_by_role("img", name="Karte Hessen: aktuelle Zuweisung, AQB 2024")
           ).to_be_visible()
    expect(page.get_by_role("img", name="Aktuelle Zuweisung je Gebietskörperschaft, AQB 2024")
           ).to_be_visible()
    check_a11y(page)

    table.get_by_role("link", name=WF_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{WF_NAME}: AQB 2024")
    check_a11y(page)

    page.get_by_role("link", name=f"{WF_NAME}: alle Jahre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WF_NAME)
    expect(page.get_by_role("table", name="Geförderte Projekte: Maßnahmeart 1")
           ).to_contain_text("Bildungswerk Korbach")
    participants = page.get_by_role("table", name=f"Teilnehmende: {WF_NAME}")
    expect(participants).to_contain_text("14")
    expect(participants).to_contain_text("geheim gehalten")
    expect(page.get_by_role("link", name="Ausbildungslotsen im Betrieb")).to_be_visible()
    check_a11y(page)


def test_the_search_works_with_the_keyboard(page, live_server, public_data, check_a11y):
    _goto(page, f"{live_server.url}/oeffentlich/")
    search = page.get_by_role("searchbox", name="Suchbegriff")
    search.focus()
    page.keyboard.type("a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("mindestens 2 Zeichen")
    check_a11y(page)

    search = page.get_by_role("searchbox", name="Suchbegriff")
    search.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Waldeck")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suchergebnisse für „Waldeck“")
    expect(page.get_by_role("heading", name="Gebietskörperschaften (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Geförderte Projekte (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Werkstatt Zukunft")).to_be_visible()
    check_a11y(page)

    # from the search field: Tab to the button, Tab to the first hit, Enter opens it
    page.get_by_role("searchbox", name="Suchbegriff").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Suchen")).to_be_focused()
    page.keyboard.press("Tab")
    first = page.get_by_role("main").get_by_role("link", name=WF_NAME)
    expect(first).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(WF_NAME)

    _goto(page, f"{live_server.url}/oeffentlich/suche/?q=Xylophonorchester")
    expect(page.get_by_role("heading", name="Keine Treffer")).to_be_visible()
    check_a11y(page)


def test_open_data_index_and_the_ministry_publishes_a_year(page, live_server, public_data,
                                                            login, check_a11y):
    """The file index without login (axe, only 2024 offered), then the ministry publishes
    2025 on /veroeffentlichung/ with the keyboard (list, confirmation, axe on both)."""
    _goto(page, f"{live_server.url}/opendata/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Offene Daten zum Ausbildungs- und Qualifizierungsbudget")
    expect(page.get_by_role("main")).to_contain_text("Veröffentlichte Programmjahre: 2024.")
    files = page.get_by_role(
        "table", name="Dateien: AQB: Zuweisungen an die Landkreise und kreisfreien Städte")
    expect(files.get_by_role("row").filter(has_text="2025")).to_have_count(0)
    check_a11y(page)

    login(page, "oeffentlich-ministerium", "geheim-und-lang-genug", axe=False)
    _goto(page, f"{live_server.url}/veroeffentlichung/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Veröffentlichung der Programmjahre")
    years = page.get_by_role("table", name="Programmjahre und ihr Stand der Veröffentlichung")
    expect(years.get_by_role("row").filter(has_text="2025")).to_contain_text(
        "nicht veröffentlicht")
    check_a11y(page)

    page.get_by_role("link", name="Veröffentlichen (2025)").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmjahr 2025 veröffentlichen")
    check_a11y(page)
    page.get_by_role("button", name="Veröffentlichen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status").or_(page.get_by_role("alert")).first).to_contain_text(
        "Programmjahr 2025 veröffentlicht.")
    expect(years.get_by_role("row").filter(has_text="2025")).to_contain_text(
        "veröffentlicht am")
    check_a11y(page)

    _goto(page, f"{live_server.url}/opendata/")
    expect(page.get_by_role("main")).to_contain_text("Veröffentlichte Programmjahre: 2024, 2025.")
