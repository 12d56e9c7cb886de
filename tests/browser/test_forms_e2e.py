"""The forms no other browser test opens: master data (ministry name, authority, signatory),
providers, an agreement's budget lines, amendment and the region's signature with scan.
axe (WCAG 2.1 AA) on every page; the forms are filled with the keyboard where it matters."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _open(page, url: str, check_a11y):
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    check_a11y(page)


def test_master_data_forms(page, live_server, demo_data, login, check_a11y):
    from aqb.regions.models import MinistryName

    base = live_server.url
    login(page, "ministerium")
    current = MinistryName.objects.get(short_name="HMAIJS")
    for path in ("/stammdaten/ministerium/neu/", f"/stammdaten/ministerium/{current.pk}/",
                 "/stammdaten/bewilligungsbehoerde/", "/benutzerkonten/traeger/",
                 "/benutzerkonten/traeger/neu/"):
        _open(page, base + path, check_a11y)

    # A signatory for Stadt Kassel, typed and submitted with the keyboard.
    _open(page, f"{base}/stammdaten/regionen/06611/unterzeichnende/neu/", check_a11y)
    page.get_by_label("Name", exact=True).focus()
    page.keyboard.type("Sven Schoeller")
    page.keyboard.press("Tab")
    page.keyboard.type("Oberbürgermeister")
    page.keyboard.press("Tab")
    page.keyboard.type("Kassel")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/regionen/06611/")
    expect(page.get_by_role("main")).to_contain_text("Sven Schoeller, Oberbürgermeister")
    check_a11y(page)

    # An overlapping period is refused at the field, in German.
    _open(page, f"{base}/stammdaten/ministerium/neu/", check_a11y)
    page.get_by_label("Name", exact=True).fill("Testministerium")
    page.get_by_label("Kurzform").fill("TM")
    page.get_by_label("gültig ab").fill("2025-01-01")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert").first).to_contain_text("überschneidet sich")
    check_a11y(page)


def test_agreement_forms_and_the_region_signature_with_scan(page, live_server, demo_data,
                                                             login, check_a11y, tmp_path):
    from aqb.accounts.models import User
    from aqb.agreements import services as ag
    from aqb.agreements.models import Agreement

    base = live_server.url
    ministry = User.objects.get(username="ministerium")
    kassel = Agreement.objects.get(region__ags="06611", is_current=True)
    login(page, "ministerium")

    _open(page, f"{base}/zielvereinbarungen/{kassel.pk}/haushaltsmittel/", check_a11y)
    page.get_by_label("Betrag (Zeile 1)").fill("850.000,00")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("main")).to_contain_text("850.000 Euro")
    check_a11y(page)

    ag.agreement_agree(actor=ministry, agreement=kassel)
    ag.agreement_sign(actor=ministry, agreement=kassel, party="ministry", place="Wiesbaden",
                      day=date(2025, 8, 2), name="Heike Hofmann", title="Staatsministerin")
    _open(page, f"{base}/zielvereinbarungen/{kassel.pk}/unterschrift/region/", check_a11y)
    page.get_by_label("Datum der Unterschrift").fill("2025-08-20")
    page.get_by_label("Name", exact=True).fill("Sven Schoeller")
    page.get_by_label("Amtsbezeichnung").fill("Oberbürgermeister")
    scan = Path(tmp_path) / "scan.pdf"
    from aqb.agreements.tests.pdfs import tiny_pdf

    scan.write_bytes(tiny_pdf())  # a readable PDF: the upload check refuses anything else
    page.get_by_label("Scan des unterzeichneten Dokuments (PDF)").set_input_files(str(scan))
    page.get_by_label("Ich bestätige").check()
    page.get_by_role("button", name="Unterschrift erfassen").click()
    page.get_by_role("dialog", name="Unterschrift der Gebietskörperschaft erfassen?").get_by_role(
        "button", name="Unterschrift erfassen").click()
    expect(page.get_by_role("main")).to_contain_text("Status: Unterzeichnet")
    check_a11y(page)
    kassel.refresh_from_db()
    assert kassel.signed_file.read() == scan.read_bytes()

    _open(page, f"{base}/zielvereinbarungen/{kassel.pk}/aenderung/", check_a11y)
    page.get_by_label("Grund der Änderung").fill("Kürzung im Herbst")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fassung 2")
    check_a11y(page)
