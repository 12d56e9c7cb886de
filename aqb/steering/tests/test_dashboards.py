"""Steering pages: the ministry's overview, a region's page, the project page, the report as
PDF, exports, the ministry's settings; access per role and suppression."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from aqb.agreements.models import Agreement, AgreementMeasure, AgreementProject, BudgetLine, Status
from aqb.audit.models import AuditEntry
from aqb.budgets.models import Allocation, AllocationChange, AllocationChangeLine, ProgrammeYear
from aqb.monitoring.records import ParticipantData, participants_store
from aqb.projects.models import Project
from aqb.steering.models import SteeringYear, TargetAdjustment
from aqb.steering.services import target_adjustment_record


def people(n, prefix, entry=datetime.date(2025, 3, 3)):
    return [ParticipantData(pseudonym=f"t:{prefix}-{i}", pseudonym_kind="provider",
                            entry_date=entry, gender="w", birth_year=2004, scheme="sgb2",
                            residence_ags="06635") for i in range(n)]


@pytest.fixture
def world(region_wf, region_foreign, provider, ministry_user):
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("1000000"))
    Allocation.objects.create(programme_year=py, region=region_wf, amount=Decimal("100000"))
    Allocation.objects.create(programme_year=py, region=region_foreign,
                              amount=Decimal("50000"))
    ag = Agreement.objects.create(region=region_wf, programme_year=py, status=Status.SIGNED)
    BudgetLine.objects.create(agreement=ag, name="Land", amount=Decimal("100000"))
    m1 = AgreementMeasure.objects.create(agreement=ag, number=1, title="Ausbildung")
    m2 = AgreementMeasure.objects.create(agreement=ag, number=2, title="Arbeit")
    a = Project.objects.create(region=region_wf, measure_number=1, name="Ausbildung plus",
                               short_name="AP", provider=provider, first_year=2025)
    b = Project.objects.create(region=region_wf, measure_number=1, name="Werkstatt",
                               short_name="WS", first_year=2025)
    c = Project.objects.create(region=region_wf, measure_number=2, name="Zweite Chance",
                               first_year=2025)
    AgreementProject.objects.create(measure=m1, project=a, label="AP", planned_participants=40)
    AgreementProject.objects.create(measure=m1, project=b, label="WS", planned_participants=20)
    AgreementProject.objects.create(measure=m2, project=c, label="ZC", planned_participants=10)
    participants_store(actor=ministry_user, project=a, year=2025, rows=people(20, "A"))
    participants_store(actor=ministry_user, project=b, year=2025, rows=people(2, "B"))
    participants_store(actor=ministry_user, project=c, year=2025,
                       rows=people(9, "C", datetime.date(2025, 7, 1)))
    change = AllocationChange.objects.create(
        programme_year=py, kind="cut", effective_date=datetime.date(2025, 6, 1),
        reason="Haushaltssperre", created_by=ministry_user)
    AllocationChangeLine.objects.create(
        change=change, region=region_wf, delta=Decimal("-10000"),
        part_before=Decimal("100000"), part_after=Decimal("90000"),
        region_before=Decimal("100000"), region_after=Decimal("90000"))
    return py, a, b, c


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def foreign_with_one_person(py, region_foreign, ministry_user):
    ag = Agreement.objects.create(region=region_foreign, programme_year=py,
                                  status=Status.SIGNED)
    m = AgreementMeasure.objects.create(agreement=ag, number=1, title="Ausbildung")
    p = Project.objects.create(region=region_foreign, measure_number=1, name="Einzelfall",
                               first_year=2025)
    AgreementProject.objects.create(measure=m, project=p, label="E", planned_participants=5)
    participants_store(actor=ministry_user, project=p, year=2025, rows=people(1, "E"))


def test_overview_for_the_ministry(world, ministry_user, region_wf):
    r = client_for(ministry_user).get("/steuerung/2025/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "Waldeck-Frankenberg" in body and "Wissenschaftsstadt Darmstadt" in body
    assert "Hessen" in body and 'class="aqb-figure"' in body  # map and bar chart
    assert "grafik-karte" in body and "grafik-abfluss" in body
    # agreed 100.000, now 90.000: factor 90 %, targets 70 -> 63
    assert "90,0 %" in body and "100.000,00" in body and "90.000,00" in body
    assert "Wo Hessen im Rückstand ist" in body
    # the region with 31 of 63 entries is behind
    assert "Landkreis Waldeck-Frankenberg</a>: Eintritte bei 49,2 %" in body


def test_overview_csv_and_xlsx(world, ministry_user):
    c = client_for(ministry_user)
    r = c.get("/steuerung/2025/", {"tabelle": "gebiete", "format": "csv"})
    assert r.status_code == 200
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Gebietskörperschaft", "Vereinbarter Betrag", "Aktuelle Zuweisung",
                           "Anpassungsfaktor"]
    wf = next(row for row in rows if row[0] == "Landkreis Waldeck-Frankenberg")
    assert wf[1] == "100000,00" and wf[2] == "90000,00" and wf[4] == "70" and wf[5] == "63"
    assert wf[7] == "31" and wf[9] == "im Rückstand"
    assert rows[-1][0] == "Hessen" or rows[-1][0].startswith("Geheimhaltung")
    r = c.get("/steuerung/2025/", {"tabelle": "bewertungen", "format": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    values = list(wb.active.iter_rows(values_only=True))
    assert values[0] == ("Bewertung", "Eintritte", "Auszahlungen")
    assert ("im Rückstand", 1, 2) in values  # nothing paid yet: both behind
    assert c.get("/steuerung/2025/", {"tabelle": "gibtsnicht", "format": "csv"}).status_code \
        == 404


def test_hessen_total_hidden_when_one_region_total_is_hidden(world, ministry_user,
                                                             region_foreign):
    py = world[0]
    foreign_with_one_person(py, region_foreign, ministry_user)
    r = client_for(ministry_user).get("/steuerung/2025/", {"tabelle": "gebiete",
                                                           "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig")),
                           delimiter=";"))
    darmstadt = next(row for row in rows if row[0] == "Wissenschaftsstadt Darmstadt")
    hessen = next(row for row in rows if row[0] == "Hessen")
    assert darmstadt[7] == "." and hessen[7] == "."
    assert hessen[8] == "" and darmstadt[8] == ""      # no ratio of a hidden count
    assert rows[-1][0].startswith("Geheimhaltung")


def test_region_user_is_sent_to_its_region(world, region_user, region_foreign,
                                           ministry_user):
    foreign_with_one_person(world[0], region_foreign, ministry_user)
    c = client_for(region_user)
    r = c.get("/steuerung/2025/")
    assert r.status_code == 302 and r["Location"] == "/steuerung/2025/gebiet/06635/"
    r = c.get("/steuerung/2025/gebiet/06635/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "Darmstadt" not in body and "Einzelfall" not in body
    # its own figures are not suppressed: the 2 of the workshop show
    assert "Werkstatt" in body and ">2<" in body
    assert c.get("/steuerung/2025/gebiet/06411/").status_code == 404
    assert c.get("/steuerung/2025/gebiet/06411/bericht.pdf").status_code == 404
    assert c.get("/steuerung/2025/einstellungen/").status_code == 403


def test_region_page_shows_targets_changes_and_quarters(world, ministry_user, region_user):
    py, a, b, c = world
    body = client_for(region_user).get("/steuerung/2025/gebiet/06635/").content.decode()
    assert "Haushaltssperre" in body and "01.06.2025" in body and "−10.000,00" in body or \
        "-10.000,00" in body
    assert "Ausbildung plus" in body and f"/steuerung/2025/projekt/{a.pk}/" in body
    assert "1. Quartal 2025" in body and "3. Quartal 2025" in body
    assert "bericht.pdf" in body
    # the state sees the same page, suppressed: the 2 and a second cell are hidden
    state = client_for(ministry_user).get("/steuerung/2025/gebiet/06635/").content.decode()
    assert "Geheimhaltung" in state and "geheim gehalten" in state
    # drill-down to a measure type
    r = client_for(region_user).get("/steuerung/2025/gebiet/06635/?massnahme=2")
    assert "Zweite Chance" in r.content.decode()
    r = client_for(region_user).get("/steuerung/2025/gebiet/06635/?massnahme=99")
    assert "Werkstatt" in r.content.decode() and "Zweite Chance" in r.content.decode()
    projects = client_for(region_user).get("/steuerung/2025/gebiet/06635/",
                                           {"massnahme": "2", "tabelle": "projekte",
                                            "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(projects.streaming_content).decode(
        "utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Zweite Chance"]
    quarters = client_for(region_user).get("/steuerung/2025/gebiet/06635/",
                                           {"tabelle": "quartale", "format": "xlsx"})
    values = list(load_workbook(io.BytesIO(b"".join(quarters.streaming_content))).active
                  .iter_rows(values_only=True))
    assert values[1][:3] == ("1. Quartal 2025", 22, 22)
    assert values[2][:3] == ("3. Quartal 2025", 9, 31)


def test_quarters_suppressed_for_the_state(world, ministry_user):
    _, a, b, _ = world
    r = client_for(ministry_user).get(f"/steuerung/2025/projekt/{b.pk}/",
                                      {"tabelle": "quartale", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig")),
                           delimiter=";"))
    # 2 entries in the first quarter: hidden, and so is its cumulative value
    assert rows[1][:3] == ["1. Quartal 2025", ".", "."]
    r = client_for(ministry_user).get(f"/steuerung/2025/projekt/{a.pk}/")
    assert r.status_code == 200 and "Ausbildung plus" in r.content.decode()


def test_provider_has_no_steering_pages(world, provider_user):
    _, a, _, _ = world
    c = client_for(provider_user)
    r = c.get("/steuerung/2025/")
    assert r.status_code == 200 and "Waldeck" not in r.content.decode()
    assert c.get("/steuerung/2025/gebiet/06635/").status_code == 404
    assert c.get(f"/steuerung/2025/projekt/{a.pk}/").status_code == 404
    assert c.get("/steuerung/").status_code == 200


def test_region_report_pdf(world, region_user, ministry_user, region_wf):
    py = world[0]
    target_adjustment_record(actor=ministry_user, programme_year=py, region=region_wf,
                             factor=Decimal("0.8"), reason="Träger fiel im Sommer aus")
    r = client_for(region_user).get("/steuerung/2025/gebiet/06635/bericht.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    raw = r.content
    assert raw.startswith(b"%PDF")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(raw)).pages)
    assert "Steuerungsbericht 2025: Landkreis Waldeck-Frankenberg" in text
    assert "Träger fiel im Sommer aus" in text
    assert "100.000,00" in text and "90.000,00" in text
    assert "Ausbildung plus" in text and "Haushaltssperre" in text
    # the state's report is suppressed like its page
    state = client_for(ministry_user).get("/steuerung/2025/gebiet/06635/bericht.pdf")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(
        state.content)).pages)
    assert "Geheimhaltung" in text


def test_settings_save_and_bad_input(world, ministry_user, authority_user):
    py = world[0]
    c = client_for(ministry_user)
    assert c.get("/steuerung/2025/einstellungen/").status_code == 200
    assert client_for(authority_user).get("/steuerung/2025/einstellungen/").status_code == 403
    audits = AuditEntry.objects.count()
    for data, message in [
        ({"s-on_track_from": "80", "s-watch_from": "85", "s-course": "linear"},
         "darf nicht über"),
        ({"s-on_track_from": "neunzig", "s-watch_from": "70", "s-course": "linear"},
         "bitte eine Zahl"),
        ({"s-on_track_from": "190", "s-watch_from": "70", "s-course": "linear"},
         "von 0 bis 100"),
        ({"s-on_track_from": "90", "s-watch_from": "70", "s-course": "irgendwie"},
         "angebotenen"),
    ]:
        r = c.post("/steuerung/2025/einstellungen/", {"formular": "schwellen", **data})
        assert r.status_code == 400 and message in r.content.decode()
    assert not SteeringYear.objects.exists() and AuditEntry.objects.count() == audits
    r = c.post("/steuerung/2025/einstellungen/", {
        "formular": "schwellen", "s-on_track_from": "87,5", "s-watch_from": "60",
        "s-course": "cash"})
    assert r.status_code == 302
    row = SteeringYear.objects.get(programme_year=py)
    assert (row.on_track_from, row.watch_from, row.course) == (Decimal("87.5"), Decimal("60"),
                                                               "cash")


def test_adjustment_form(world, ministry_user, region_wf, region_user):
    c = client_for(ministry_user)
    for data, message in [
        ({"a-region": region_wf.pk, "a-kind": "faktor", "a-factor": "85", "a-reason": " "},
         "Bitte die Anpassung begründen."),
        ({"a-region": region_wf.pk, "a-kind": "faktor", "a-factor": "", "a-reason": "x"},
         "Bitte den Prozentsatz angeben"),
        ({"a-region": region_wf.pk, "a-kind": "faktor", "a-factor": "85,123", "a-reason": "x"},
         "höchstens zwei Nachkommastellen"),
        ({"a-region": "999999", "a-kind": "faktor", "a-factor": "85", "a-reason": "x"},
         "aus der Liste"),
    ]:
        r = c.post("/steuerung/2025/einstellungen/", {"formular": "anpassung", **data})
        assert r.status_code == 400 and message in r.content.decode()
    assert not TargetAdjustment.objects.exists()
    r = c.post("/steuerung/2025/einstellungen/", {
        "formular": "anpassung", "a-region": region_wf.pk, "a-kind": "faktor",
        "a-factor": "85", "a-reason": "Neuer Träger erst ab Herbst"})
    assert r.status_code == 302 and r["Location"] == "/steuerung/2025/gebiet/06635/#anpassungen"
    adj = TargetAdjustment.objects.get()
    assert adj.factor == Decimal("0.85") and adj.created_by == ministry_user
    body = client_for(region_user).get("/steuerung/2025/gebiet/06635/").content.decode()
    assert "Neuer Träger erst ab Herbst" in body and "85\xa0%" in body
    assert "vom Ministerium festgelegt" in body
    r = c.post("/steuerung/2025/einstellungen/", {
        "formular": "anpassung", "a-region": region_wf.pk, "a-kind": "anteilig",
        "a-factor": "", "a-reason": "Träger wieder da"})
    assert r.status_code == 302
    body = client_for(region_user).get("/steuerung/2025/gebiet/06635/").content.decode()
    assert "zurück zur anteiligen Anpassung" in body and "90 % (anteilig" in body


def test_navigation_has_steering(world, ministry_user, region_user, provider_user):
    assert 'href="/steuerung/"' in client_for(ministry_user).get("/").content.decode()
    assert 'href="/steuerung/"' in client_for(region_user).get("/").content.decode()
    assert 'href="/steuerung/"' not in client_for(provider_user).get("/").content.decode()


def test_quarter_table_suppression():
    from aqb.steering.tables import entries_quarter_table

    counts = {(2025, 1): [2, 0], (2025, 2): [10, 0], (2025, 3): [5, 0]}
    t = entries_quarter_table(key="q", title="Q", counts=counts, suppressed=True,
                              total_hidden=False)
    shown = [[c.export() for c in r.cells] for r in t.rows]
    # the 2 (entries and the stock of the first quarter) and, as the first quarter's stock
    # and the second's entries give the second's stock, the second quarter's entries; every
    # cumulative value from the first hidden quarter on, so no difference reveals a hidden one
    assert [row[0] for row in shown] == [".", ".", 5]
    assert [row[1] for row in shown] == [".", ".", "."]
    assert [row[2] for row in shown] == [0, 0, 0]
    assert [row[4] for row in shown] == [".", 12, 17]
    assert [c.export() for c in t.footer.cells] == [17, None, 0, None, 17]
    assert t.suppressed and t.export("x").rows[-1][0].startswith("Geheimhaltung")
    open_t = entries_quarter_table(key="q", title="Q", counts=counts, suppressed=False,
                                   total_hidden=False)
    assert [[c.export() for c in r.cells][:2] for r in open_t.rows] == [[2, 2], [10, 12],
                                                                         [5, 17]]
    # a total the assessment hid: one quarter must go too, else the total would follow
    t = entries_quarter_table(key="q", title="Q", counts={(2025, 1): [10, 0],
                                                          (2025, 2): [20, 0]},
                              suppressed=True, total_hidden=True)
    assert [r.cells[0].export() for r in t.rows].count(".") >= 1


def test_hessen_ratio_hidden_over_untargeted_entries():
    from types import SimpleNamespace

    from aqb.steering.assessment import Line
    from aqb.steering.tables import hessen_total

    total = Line(key=None, label="Hessen", expected_participants=10, entries=30,
                 ratio=Decimal("2"), rating="on_track")
    total._entries, total._targeted = 30, 20
    assert hessen_total(SimpleNamespace(total=total, suppressed=True)).ratio is None
    total.ratio = Decimal("2")
    assert hessen_total(SimpleNamespace(total=total, suppressed=False)).ratio == 2


@pytest.mark.django_db
def test_region_page_links_the_regions_reviews_of_the_year():
    """The steering page of a region lists its autumn reviews of the year (a foreign region's
    never) and counts the open actions."""
    from django.core.management import call_command

    from aqb.accounts.models import User
    from aqb.steering.models import Review

    call_command("demo_load")
    c = Client()
    c.force_login(User.objects.get(username="region-06635"))
    body = c.get("/steuerung/2025/gebiet/06635/").content.decode()
    own = Review.objects.get(region__ags="06635", programme_year__year=2025)
    assert f"/steuerung/besprechungen/{own.pk}/" in body
    for other in Review.objects.exclude(region__ags="06635"):
        assert f"/steuerung/besprechungen/{other.pk}/" not in body
    c.force_login(User.objects.get(username="ministerium"))
    body = c.get("/steuerung/2025/gebiet/06611/").content.decode()
    kassel = Review.objects.get(region__ags="06611", programme_year__year=2025)
    assert f"/steuerung/besprechungen/{kassel.pk}/" in body and "Offene Maßnahmen" in body
