"""Budget planning end to end in Chromium: the ministry plans 2025 (indicator upload, a bad
upload, two scenarios, comparison, adoption, earmark parts, a cut during the year, figures,
CSV export); the region sees and edits only its own figures and cash plan. axe (WCAG 2.1 AA)
on every page visited."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs real transactions; serialized_rollback brings back the 26 regions
    # from the data migration that the flush after each transactional test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WF = "06635"
WF_NAME = "Landkreis Waldeck-Frankenberg"
DA_NAME = "Darmstadt"  # 06411, Wissenschaftsstadt Darmstadt
SCREENSHOTS = Path("/tmp")
HEADER = "ags;einwohner;arbeitslose;jugendliche;sgb2_quote"


def _goto(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"{url}: Status {response and response.status}, erwartet {status}")
    return response


def _german(n: int) -> str:
    """1234567 -> "1.234.567" (thousands with dots, as an office would type them)."""
    return f"{n:,}".replace(",", ".")


def _indicator_csv(path: Path, *, negative_in_row: int | None = None) -> Path:
    """26 regions, German number formats: "152.340", "4.512", "6,8". Excel row 1 is the
    header; `negative_in_row` puts a negative number of unemployed into that row."""
    from aqb.regions.models import Region

    lines = [HEADER]
    for i, ags in enumerate(Region.objects.order_by("ags").values_list("ags", flat=True)):
        einwohner = 95_000 + 17_431 * i
        arbeitslose = 2_100 + (i * 389) % 4_700
        jugendliche = 120 + (i * 53) % 410
        quote = f"{4 + (i * 7) % 9},{i % 10}"
        if negative_in_row == i + 2:
            arbeitslose = -12
        lines.append(f"{ags};{_german(einwohner)};{_german(arbeitslose)};{jugendliche};{quote}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(lines) == 27
    return path


def _submit(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def _new_scenario(page, base, check_a11y, name: str, weights: str) -> None:
    _goto(page, f"{base}/programmjahre/2025/planung/")
    page.get_by_role("link", name="Neues Szenario berechnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Szenario für AQB 2025")
    check_a11y(page)
    page.get_by_label("Bezeichnung des Szenarios").fill(name)
    page.get_by_label("Indikatordatensatz").select_option(label="Arbeitsmarkt 2024")
    page.get_by_label("Gewichte").fill(weights)
    page.get_by_label(re.compile("^Mindestbetrag")).fill("300.000")
    page.get_by_label(re.compile("^Rundungseinheit")).fill("10")
    _submit(page, "Berechnen")
    expect(page.get_by_role("status")).to_contain_text(f"Das Szenario „{name}“ wurde berechnet.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Szenarienvergleich AQB 2025")
    check_a11y(page)


def _sr(visible: str, hidden: str) -> re.Pattern:
    """The name of a link whose visible text is completed by a visually hidden part
    ("Aufteilen<span class=kern-sr-only>: Teilzeitausbildung</span>")."""
    return re.compile(rf"^{re.escape(visible)}\s?:\s{re.escape(hidden)}$")


def _amount(text: str) -> Decimal:
    """"1.234.567,00 €" -> Decimal("1234567.00")."""
    return Decimal(text.replace("€", "").replace("\xa0", "").strip().replace(".", "")
                   .replace(",", "."))


def test_ministry_plans_2025(page, live_server, demo_data, login, check_a11y, tmp_path):
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # a confirmation, if any: accept
    login(page, "ministerium")
    _goto(page, f"{base}/programmjahre/2025/")
    page.get_by_role("navigation", name="Bereiche von AQB 2025").get_by_role(
        "link", name="Planung und Szenarien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planung AQB 2025")
    check_a11y(page)

    # 1. A bad upload: refused in German, naming file, row and column; nothing stored.
    page.get_by_role("link", name="Indikatordaten hochladen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Indikatordaten für AQB 2025 hochladen")
    check_a11y(page)
    page.get_by_label("Bezeichnung des Datensatzes").fill("Arbeitsmarkt 2024")
    page.get_by_label(re.compile("^Datei")).set_input_files(
        _indicator_csv(tmp_path / "indikatoren-fehler.csv", negative_in_row=5))
    _submit(page, "Hochladen und prüfen")
    alert = page.get_by_role("alert").filter(has_text="nicht übernommen")
    expect(alert).to_contain_text("1 Fehler")
    expect(alert).to_contain_text(
        "indikatoren-fehler.csv, Zeile 5, Spalte C (arbeitslose): „-12“ ist negativ.")
    expect(alert).to_contain_text("Es wurde nichts geändert.")
    expect(page.get_by_label(re.compile("^Datei"))).to_have_attribute("aria-invalid", "true")
    check_a11y(page)

    # 2. The good file: 26 rows, German numbers.
    page.get_by_label("Bezeichnung des Datensatzes").fill("Arbeitsmarkt 2024")
    page.get_by_label(re.compile("^Datei")).set_input_files(
        _indicator_csv(tmp_path / "indikatoren.csv"))
    _submit(page, "Hochladen und prüfen")
    expect(page).to_have_url(f"{base}/programmjahre/2025/planung/")
    expect(page.get_by_role("status")).to_contain_text("Der Indikatordatensatz wurde übernommen.")
    data = page.get_by_role("region", name="1. Indikatordaten")
    expect(data).to_contain_text("Arbeitsmarkt 2024 (indikatoren.csv")
    expect(data).to_contain_text("einwohner, arbeitslose, jugendliche, sgb2_quote")
    check_a11y(page)

    # 3. The earmark is split by its own key (young people without a training place).
    page.get_by_role("link", name=_sr("Aufteilen", "Teilzeitausbildung")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilzeitausbildung")
    check_a11y(page)
    key = page.get_by_role("region", name="Nach eigenem Schlüssel")
    key.get_by_label("Indikatordatensatz").select_option(label="Arbeitsmarkt 2024")
    key.get_by_label("Gewichte").fill("jugendliche=1")
    key.get_by_label(re.compile("^Rundungseinheit")).fill("100")
    with page.expect_navigation():
        key.get_by_role("button", name="Nach Schlüssel aufteilen").click()
    expect(page.get_by_role("status")).to_contain_text("„Teilzeitausbildung“ ist aufgeteilt")
    earmarks = page.get_by_role("table", name="Zweckbindungen und ihre Aufteilung")
    expect(earmarks.get_by_role("row").nth(1)).to_contain_text("1.000.000,00 €")
    expect(earmarks).to_contain_text("jugendliche=1")
    check_a11y(page)

    # 4. Two scenarios with different weights (German and plain notation).
    _new_scenario(page, base, check_a11y, "Arbeitsmarkt betont",
                  "arbeitslose=0,6; einwohner=0,2; jugendliche=0,2")
    _new_scenario(page, base, check_a11y, "Bevölkerung betont",
                  "arbeitslose=0.2,einwohner=0.6,jugendliche=0.2")

    # 5. Compare both side by side: difference per region in euro and percent.
    _goto(page, f"{base}/programmjahre/2025/planung/")
    page.screenshot(path=str(SCREENSHOTS / "aqb-planung.png"), full_page=True)
    scenarios = page.get_by_role("table", name="Szenarien des Jahres")
    for name in ("Arbeitsmarkt betont", "Bevölkerung betont"):
        scenarios.get_by_role("checkbox", name=f"{name} vergleichen").check()
    _submit(page, "Ausgewählte vergleichen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Szenarienvergleich AQB 2025")
    table = page.get_by_role("table", name="Szenarienvergleich")
    headers = table.get_by_role("columnheader")
    expect(headers).to_contain_text([
        "Arbeitsmarkt betont", "Bevölkerung betont",
        "Differenz Bevölkerung betont zu Arbeitsmarkt betont", "Differenz in %"])
    expect(table.get_by_role("row")).to_have_count(27)
    row = table.get_by_role("row").filter(has_text=WF_NAME)
    cells = row.get_by_role("cell")
    first, second, delta, pct = (cells.nth(i).inner_text() for i in (2, 3, 4, 5))
    assert _amount(second) - _amount(first) == _amount(delta), (first, second, delta)
    shown = re.fullmatch(r"([+−-]?\d+,\d)\s%", pct.replace("\xa0", " "))
    assert shown, pct
    exact = _amount(delta) * 100 / _amount(first)
    assert abs(Decimal(shown[1].replace("−", "-").replace(",", ".")) - exact) <= Decimal(
        "0.051"), (pct, exact)
    expect(page.get_by_role("main")).to_contain_text("Die Differenzen beziehen sich auf")
    check_a11y(page)
    page.screenshot(path=str(SCREENSHOTS / "aqb-szenarienvergleich.png"), full_page=True)

    # 6. Adopt the second: a confirmation page, then the allocations of all 26 are set.
    page.get_by_role("link", name="„Bevölkerung betont“ übernehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Szenario „Bevölkerung betont“ für AQB 2025 übernehmen")
    check_a11y(page)
    _submit(page, "Übernehmen")
    expect(page).to_have_url(f"{base}/programmjahre/2025/")
    expect(page.get_by_role("status")).to_contain_text(
        "Das Szenario „Bevölkerung betont“ ist übernommen")
    allocations = page.get_by_role("table", name=re.compile("^Zuweisungen AQB 2025"))
    expect(allocations.get_by_role("link")).to_have_count(26)
    expect(allocations.locator("tfoot")).to_contain_text("28.700.000,00 €")
    check_a11y(page)

    # 7. The region's allocation with its earmark part.
    allocations.get_by_role("link", name=WF_NAME).click()
    expect(page).to_have_url(f"{base}/programmjahre/2025/gebietskoerperschaften/{WF}/")
    parts = page.get_by_role("table", name=re.compile("^Zuweisung AQB 2025 an"))
    expect(parts.get_by_role("rowheader")).to_have_text(
        ["Allgemeiner Anteil", "Teilzeitausbildung", "Zuweisung insgesamt"])
    general = _amount(parts.get_by_role("row").filter(has_text="Allgemeiner Anteil")
                      .get_by_role("cell").nth(0).inner_text())
    earmark = _amount(parts.get_by_role("row").filter(has_text="Teilzeitausbildung")
                      .get_by_role("cell").nth(0).inner_text())
    total = _amount(parts.get_by_role("row").filter(has_text="Zuweisung insgesamt")
                    .get_by_role("cell").nth(0).inner_text())
    assert general > 0 and earmark > 0 and general + earmark == total
    check_a11y(page)

    # 8. A cut during the year, with date and reason; before and after are shown.
    _goto(page, f"{base}/programmjahre/2025/aenderungen/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Änderungen im Jahresverlauf AQB 2025")
    check_a11y(page)
    page.get_by_role("link", name="Kürzung oder Erhöhung erfassen").click()
    check_a11y(page)
    page.get_by_label("Art", exact=True).select_option(label="Kürzung")
    page.get_by_label("wirksam ab").fill("2025-09-15")  # a date input
    page.get_by_label("Begründung").fill("Haushaltssperre: globale Minderausgabe im Landeshaushalt")
    page.get_by_label("Zeile 1: Gebietskörperschaft").select_option(label=WF_NAME)
    page.get_by_label("Zeile 1: Teil").select_option(label="Allgemeiner Anteil")
    page.get_by_label("Zeile 1: Betrag (Euro)").fill("25.000,00")
    _submit(page, "Änderung erfassen")
    expect(page).to_have_url(f"{base}/programmjahre/2025/aenderungen/")
    expect(page.get_by_role("status")).to_contain_text("Die Änderung wurde erfasst.")
    changes = page.get_by_role("table", name="Änderungen 2025")
    line = changes.get_by_role("row").filter(has_text=WF_NAME)
    expect(line).to_contain_text("15. September 2025")
    expect(line).to_contain_text("Kürzung")
    expect(line).to_contain_text("Haushaltssperre")
    cut = Decimal("25000.00")
    for text in (f"{general:,.2f}", f"{general - cut:,.2f}", f"{total:,.2f}",
                 f"{total - cut:,.2f}", "25,000.00"):
        expect(line).to_contain_text(text.replace(",", "X").replace(".", ",").replace("X", "."))
    check_a11y(page)
    page.screenshot(path=str(SCREENSHOTS / "aqb-aenderungen.png"), full_page=True)
    _goto(page, f"{base}/programmjahre/2025/gebietskoerperschaften/{WF}/")
    expect(parts.get_by_role("row").filter(has_text="Zuweisung insgesamt")).to_contain_text(
        f"{total - cut:,.2f}".replace(",", "X").replace(".", ",").replace("X", "."))
    check_a11y(page)

    # 9. Figures: bar chart and map with an accessible name, each with a table beside.
    _goto(page, f"{base}/programmjahre/2025/grafiken/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grafiken AQB 2025")
    bar = page.get_by_role("img", name=re.compile("^Betrag je Gebietskörperschaft"))
    expect(bar).to_have_count(1)
    # Its name is the title; the description (aria-describedby) summarises the values.
    expect(bar).to_have_accessible_name("Betrag je Gebietskörperschaft, AQB 2025")
    expect(bar).to_have_accessible_description(re.compile(r"^26 Balken\. Größter Wert: "))
    expect(page.get_by_role("img", name=re.compile("^Karte Hessen"))).to_have_count(1)
    values = page.get_by_role("table", name="Zuweisungen 2025")
    expect(values.get_by_role("row")).to_have_count(27)
    check_a11y(page)
    page.screenshot(path=str(SCREENSHOTS / "aqb-grafiken.png"), full_page=True)
    page.get_by_label("Darstellung").select_option(label="Euro je einwohner")
    _submit(page, "Anzeigen")
    per_head = page.get_by_role("img", name=re.compile("^Euro je einwohner, nach Gebiet"))
    expect(per_head).to_have_count(1)
    expect(values.get_by_role("columnheader")).to_contain_text(["einwohner", "Euro je einwohner"])
    check_a11y(page)
    page.screenshot(path=str(SCREENSHOTS / "aqb-grafiken-je-einwohner.png"), full_page=True)

    # 10. The CSV export of the figures' table.
    link = page.get_by_role("link", name=_sr("CSV", "Zuweisungen 2025"))
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv"), response.headers
    text = response.body().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["AGS", "Gebietskörperschaft", "Zuweisung (aktuell)"]
    wf_rows = [r for r in rows if r[0] == WF]
    assert len(wf_rows) == 1 and wf_rows[0][1] == WF_NAME, rows
    assert Decimal(wf_rows[0][2].replace(",", ".")) == total - cut, wf_rows  # decimal comma


def _record_cut(ags: str, amount: str, reason: str) -> None:
    from datetime import date

    from aqb.accounts.models import User
    from aqb.budgets import changes
    from aqb.budgets.models import ProgrammeYear
    from aqb.regions.models import Region

    changes.allocation_change_record(
        actor=User.objects.get(username="ministerium"),
        programme_year=ProgrammeYear.objects.get(year=2025), kind="cut",
        effective_date=date(2025, 9, 15), reason=reason,
        lines=[changes.ChangeLine(Region.objects.get(ags=ags), None, -Decimal(amount))])


def test_region_sees_and_plans_only_its_own(page, live_server, demo_data, login, check_a11y):
    base = live_server.url
    _record_cut(WF, "20000", "Kürzung Waldeck-Frankenberg (Test)")
    _record_cut("06411", "5000", "Kürzung Darmstadt (Test)")
    login(page, "region-06635")
    _goto(page, f"{base}/programmjahre/2025/")
    allocations = page.get_by_role("table", name=re.compile("^Zuweisungen AQB 2025"))
    expect(allocations.get_by_role("link")).to_have_text([WF_NAME])
    expect(allocations).to_contain_text("773.920,00 €")
    expect(allocations).to_contain_text("753.920,00 €")
    nav = page.get_by_role("navigation", name="Bereiche von AQB 2025")
    expect(nav.get_by_role("link")).to_have_text(
        ["Übersicht", "Änderungen im Jahresverlauf", "Kassenplan"])
    check_a11y(page)

    allocations.get_by_role("link", name=WF_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{WF_NAME}: AQB 2025")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Kürzung Waldeck-Frankenberg (Test)")
    expect(main).not_to_contain_text("Darmstadt")
    cash = page.get_by_role("table", name=re.compile("^Geplanter Abfluss"))
    expect(cash.get_by_role("row").filter(has_text="noch nicht verplant")).to_contain_text(
        "753.920,00 €")
    check_a11y(page)

    # The cash plan, by keyboard only: type, Tab to the next year, Enter saves.
    page.get_by_role("link", name="Kassenplan bearbeiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kassenplan AQB 2025: {WF_NAME}")
    check_a11y(page)
    first = page.get_by_label("Abfluss 2025 (Euro)")
    first.focus()
    for n, amount in enumerate(["300.000", "250.000,50", "150.000"]):
        expect(page.get_by_label(f"Abfluss {2025 + n} (Euro)")).to_be_focused()
        page.keyboard.press("Control+A")
        page.keyboard.type(amount)
        page.keyboard.press("Tab")
    expect(page.get_by_label("Abfluss 2028 (Euro)")).to_be_focused()
    # the sum row follows the typing (half up to the cent, like the server)
    expect(page.locator("output[data-summe-ausgabe]")).to_have_text("700.000,50\u00a0€")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/programmjahre/2025/gebietskoerperschaften/{WF}/")
    expect(page.get_by_role("status")).to_contain_text("Der Kassenplan wurde gespeichert.")
    page.screenshot(path=str(SCREENSHOTS / "aqb-region-jahr.png"), full_page=True)
    expect(cash.get_by_role("row").filter(has_text="2026")).to_contain_text("250.000,50 €")
    expect(cash.get_by_role("row").filter(has_text="verplant").first).to_contain_text(
        "700.000,50 €")
    expect(cash.get_by_role("row").filter(has_text="noch nicht verplant")).to_contain_text(
        "53.919,50 €")
    check_a11y(page)

    # Too much: refused in German, the form stays.
    page.get_by_role("link", name="Kassenplan bearbeiten").click()
    page.get_by_label("Abfluss 2029 (Euro)").fill("100.000")
    _submit(page, "Speichern")
    expect(page.get_by_role("alert").first).to_contain_text("Bitte korrigieren")
    check_a11y(page)

    # The year's cash plan and changes: own row only.
    _goto(page, f"{base}/programmjahre/2025/kassenplan/")
    table = page.get_by_role("table", name="Kassenplan 2025")
    expect(table.get_by_role("row")).to_have_count(3)   # header, own row, sum
    expect(table.get_by_role("row").last).to_contain_text("Summe")
    expect(table.get_by_role("link", name=WF_NAME)).to_have_attribute(
        "href", f"/programmjahre/2025/kassenplan/{WF}/")
    expect(page.locator("body")).not_to_contain_text(DA_NAME)
    check_a11y(page)
    page.get_by_role("link", name="Kassenplan aller Programmjahre nach Kalenderjahren").click()
    overview = page.get_by_role("table", name="Kassenplan nach Kalenderjahren")
    expect(overview.get_by_role("row").filter(has_text="2026")).to_contain_text("250.000,50 €")
    check_a11y(page)
    _goto(page, f"{base}/programmjahre/2025/aenderungen/")
    expect(page.get_by_role("table", name="Änderungen 2025").get_by_role("row")).to_have_count(2)
    expect(page.locator("body")).not_to_contain_text(DA_NAME)
    check_a11y(page)
    response = page.request.get(f"{base}/programmjahre/2025/export/zuweisungen.csv")
    assert response.status == 200
    rows = list(csv.reader(io.StringIO(response.body().decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == [WF], rows

    # Another region's data: not found; the ministry's pages: no access.
    for path, status in [
        ("/programmjahre/2025/gebietskoerperschaften/06411/", 404),
        ("/programmjahre/2025/kassenplan/06411/", 404),
        ("/programmjahre/2025/grafiken/", 403),
        ("/programmjahre/2025/planung/", 403),
    ]:
        _goto(page, base + path, status)
        expect(page.locator("body")).not_to_contain_text(DA_NAME)
        check_a11y(page)
