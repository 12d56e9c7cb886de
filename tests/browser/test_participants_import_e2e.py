"""The provider imports a participant list in the browser: a file with an error shows the
message in a table, the fixed file passes the check and is taken over; every page passes
axe."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADER = "teilnehmer_id;eintritt;geschlecht;geburtsjahr;rechtskreis;wohnort_ags"


def _worker():
    call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def _upload(page, text: str):
    page.get_by_label("Teilnehmendenliste (CSV oder XLSX)").set_input_files(
        files=[{"name": "liste.csv", "mimeType": "text/csv", "buffer": text.encode()}])
    page.get_by_role("button", name="Hochladen und prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilnehmendenliste prüfen")
    _worker()
    page.get_by_role("link", name="Zurück").click()


def test_provider_fixes_an_error_and_takes_the_list_over(page, live_server, demo_data, login,
                                                          check_a11y):
    from aqb.demo.passon import PROVIDER
    from aqb.monitoring.models import Participant
    from aqb.projects.models import Project

    project = Project.objects.filter(provider__name=PROVIDER).first()
    login(page, "traeger-demo")
    page.goto(f"{live_server.url}/projekte/{project.pk}/")
    page.get_by_role("link", name="Liste einlesen (2025)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmendenliste einlesen")
    check_a11y(page)

    bad = f"{HEADER}\nA-1;13.02.2025;w;2004;SGB II;06635\nA-2;13.02.2025;w;2004;SGB 9;06635\n"
    _upload(page, bad)
    table = page.get_by_role("table", name="Fehler der Datei „liste.csv“")
    expect(table).to_contain_text("„SGB 9“ ist nicht zulässig.")
    expect(table.get_by_role("cell", name="rechtskreis")).to_be_visible()
    expect(page.get_by_role("button", name="Übernehmen")).to_have_count(0)
    check_a11y(page)

    _upload(page, bad.replace("SGB 9", "SGB III"))
    expect(page.get_by_text("Geprüft: 2 Zeilen, keine Fehler.")).to_be_visible()
    check_a11y(page)
    page.get_by_role("button", name="Übernehmen").click()
    _worker()
    page.get_by_role("link", name="Zurück").click()
    expect(page.get_by_text("2 Zeilen übernommen: 2 neu")).to_be_visible()
    check_a11y(page)
    assert Participant.objects.filter(project=project, year=2025).count() >= 2
