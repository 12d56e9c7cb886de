"""The work list pages and their XLSX/CSV exports through HTTP, per role."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from aqb.regions.models import Region

from .test_worklists import foreign_notice, payment, refund


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def tasks(notice, year):
    """Tasks of both regions, dated around the real today (the pages use it)."""
    today = timezone.localdate()
    other = foreign_notice(year)
    payment(notice, needed_by=today + timedelta(days=5), amount=Decimal("12345.67"))
    payment(other, needed_by=today - timedelta(days=3))
    refund(notice, due_on=today - timedelta(days=2), amount=Decimal("4321.09"))
    refund(other, due_on=today + timedelta(days=20), number="ERST-FREMD")
    return {"notice": notice, "other": other, "today": today}


def test_the_authority_sees_all_sections_with_counts_and_empty_texts(tasks, authority_user):
    page = client_for(authority_user).get("/foerderung/arbeitsliste/").content.decode()
    assert "Arbeitsliste der Bewilligungsbehörde" in page
    assert "Mittelabrufe anzuweisen oder auszuzahlen (2)" in page
    assert "Offene Erstattungen (2)" in page
    assert "Keine Förderanträge zu prüfen." in page
    assert "Keine eingereichten Nachweise zu prüfen." in page
    assert "überfällig seit 3 Tagen" in page and "fällig in 5 Tagen" in page
    assert "12.345,67\u00a0€" in page and "ERST-FREMD" in page
    assert "Wissenschaftsstadt Darmstadt" in page and "Waldeck-Frankenberg" in page
    # the overdue payment of 06411 comes before the one due in five days
    assert page.index("überfällig seit 3 Tagen") < page.index("fällig in 5 Tagen")
    assert "/foerderung/arbeitsliste/export/mittelabrufe.xlsx" in page


def test_the_region_sees_only_its_own_tasks(tasks, region_user):
    c = client_for(region_user)
    page = c.get("/foerderung/06635/aufgaben/").content.decode()
    assert "Was ist zu tun: Landkreis Waldeck-Frankenberg" in page
    assert "ERST-06635" in page and "überfällig seit 2 Tagen" in page
    assert "Es fehlen keine Unterlagen." in page
    assert "ERST-FREMD" not in page and "Darmstadt" not in page
    assert c.get("/foerderung/06411/aufgaben/").status_code == 404
    assert c.get("/foerderung/06411/aufgaben/export/alle.csv").status_code == 404
    assert c.get("/foerderung/arbeitsliste/").status_code == 403
    assert c.get("/foerderung/arbeitsliste/export/alle.csv").status_code == 403
    index = c.get("/foerderung/").content.decode()
    assert "/foerderung/06635/aufgaben/" in index and "/foerderung/arbeitsliste/" not in index


def test_a_provider_gets_no_list(tasks, provider_user):
    c = client_for(provider_user)
    assert c.get("/foerderung/arbeitsliste/").status_code == 403
    assert c.get("/foerderung/06635/aufgaben/").status_code == 404
    assert c.get("/foerderung/06635/aufgaben/export/erstattungen.xlsx").status_code == 404


def test_the_authority_may_open_a_regions_list(tasks, authority_user):
    page = client_for(authority_user).get("/foerderung/06411/aufgaben/").content.decode()
    assert "ERST-FREMD" in page and "ERST-06635" not in page


def test_xlsx_export_has_typed_dates_and_amounts_and_neutralised_formulas(tasks, authority_user):
    Region.objects.filter(ags="06411").update(name='=HYPERLINK("http://böse.example","x")')
    r = client_for(authority_user).get("/foerderung/arbeitsliste/export/mittelabrufe.xlsx")
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment;")
    ws = load_workbook(io.BytesIO(body(r))).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][:6] == ("Bereich", "Art", "Vorgang", "Gebietskörperschaft", "AGS",
                             "Fällig am")
    assert len(values) == 3
    first, second = values[1], values[2]
    assert first[3] == "'=HYPERLINK(\"http://böse.example\",\"x\")"
    assert first[4] == "06411" and first[6] == "überfällig seit 3 Tagen"
    assert first[5].date() == tasks["today"] - timedelta(days=3)  # a real date cell
    assert second[8] == Decimal("12345.67") or second[8] == pytest.approx(12345.67)
    assert isinstance(second[8], int | float)
    assert second[10].startswith("http://testserver/foerderung/mittelabrufe/")
    cells = [c for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)


def test_csv_export_reads_in_german_excel(tasks, region_user):
    r = client_for(region_user).get("/foerderung/06635/aufgaben/export/alle.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    text = body(r).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][0] == "Bereich" and rows[0][8] == "Betrag (Euro)"
    by_subject = {row[2]: row for row in rows[1:]}
    assert set(by_subject) == {"Mittelabruf 1 zu RPKS-57-AQB-2025-06635",
                               "Erstattungsbescheid ERST-06635"}
    refund_row = by_subject["Erstattungsbescheid ERST-06635"]
    assert refund_row[0] == "Offene Erstattungen"
    assert refund_row[5] == (tasks["today"] - timedelta(days=2)).strftime("%d.%m.%Y")
    assert refund_row[8] == "4321,09"


def test_unknown_section_or_format_is_404(tasks, authority_user):
    c = client_for(authority_user)
    assert c.get("/foerderung/arbeitsliste/export/alle.txt").status_code == 404
    assert c.get("/foerderung/arbeitsliste/export/fristen.csv").status_code == 404
    assert c.get("/foerderung/06635/aufgaben/export/mittelabrufe.csv").status_code == 404


def test_the_start_page_links_each_role_to_its_list(tasks, authority_user, region_user,
                                                    provider_user):
    home = client_for(authority_user).get("/").content.decode()
    assert "/foerderung/arbeitsliste/" in home and "4 offen" in home
    home = client_for(region_user).get("/").content.decode()
    assert "/foerderung/06635/aufgaben/" in home
    assert "Was ist zu tun: Landkreis Waldeck-Frankenberg" in home
    assert "aufgaben" not in client_for(provider_user).get("/").content.decode()


def test_horizon_parameter_widens_the_proof_list(notice, authority_user):
    notice.versions.update(final_proof_due=timezone.localdate() + timedelta(days=60))
    c = client_for(authority_user)
    subject = f"Verwendungsnachweis zu {notice.number}"
    assert subject not in c.get("/foerderung/arbeitsliste/").content.decode()
    page = c.get("/foerderung/arbeitsliste/?tage=60").content.decode()
    assert subject in page and "fällig in 60 Tagen" in page
    assert "/foerderung/arbeitsliste/export/alle.csv?tage=60" in page
    export = body(c.get("/foerderung/arbeitsliste/export/alle.csv?tage=60")).decode()
    assert subject in export
