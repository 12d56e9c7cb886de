"""Passing money on through HTTP: the region passes on from the notice's page, the provider
reports its expenses and submits, the region objects; strangers get 404, the region may
not write the provider's report (403)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aqb.accounts.models import Provider, Role
from aqb.funding import passon as po
from aqb.funding.models import ExpenseReport, PassOn
from conftest import make_user


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def run_project(projects, provider):
    project = projects[0]
    project.provider = provider
    project.save()
    return project


def form(project, amount="25.000,00", **extra):
    return {"project": str(project.pk), "amount": amount, "date": "02.05.2025",
            "basis": "contract", "reference": "V-17", "anbest_p": "on",
            "anbest_p_version": "ANBest-P, Fassung 2023", "report_due": "31.03.2026", **extra}


@pytest.fixture
def pass_on(notice, run_project, region_user):
    return po.passon_create(actor=region_user, notice=notice, data=po.PassOnInput(
        project_id=run_project.pk, amount=Decimal("25000"), date=date(2025, 5, 2),
        basis="contract", reference="V-17", report_due=date(2026, 3, 31),
        interim_report_due=date(2025, 9, 30)))


def test_the_region_passes_on_from_the_notice_page(notice, run_project, region_user):
    c = client_for(region_user)
    base = f"/foerderung/bescheide/{notice.pk}/weiterleitungen/"
    assert "Mittel weiterleiten" in c.get(base).content.decode()
    page = c.get(base + "neu/").content.decode()
    assert "Bildungswerk Test gGmbH" in page and "ANBest-P" in page
    r = c.post(base + "neu/", form(run_project, amount="80.000,01"))
    assert r.status_code == 400
    assert "möglich sind noch 80.000,00" in r.content.decode()
    assert not PassOn.objects.exists()
    r = c.post(base + "neu/", form(run_project))
    assert r.status_code == 302 and r["Location"] == base
    row = PassOn.objects.get()
    assert row.anbest_p_version == "ANBest-P, Fassung 2023" and row.get_basis_display() == \
        "Weiterleitungsvertrag"
    page = c.get(base).content.decode()
    assert "25.000,00\u00a0€" in page and "55.000,00\u00a0€" in page and "V-17" in page
    assert notice.number in c.get("/foerderung/weiterleitung/").content.decode()


def test_the_provider_reports_and_the_region_objects(pass_on, provider_user, region_user):
    p = client_for(provider_user)
    home = p.get("/").content.decode()
    assert "Was ist zu tun" in home and "Zwischenbericht" in home
    page = p.get(f"/foerderung/weiterleitungen/{pass_on.pk}/").content.decode()
    assert "Bericht anlegen" in page and "V-17" in page
    r = p.post(f"/foerderung/weiterleitungen/{pass_on.pk}/",
               {"kind": "interim", "period_start": "01.01.2025", "period_end": "30.06.2025"})
    report = ExpenseReport.objects.get()
    url = f"/foerderung/ausgabenberichte/{report.pk}/"
    assert r.status_code == 302 and r["Location"] == url
    r = p.post(url, {"date": "12.12.2025", "payee": "A", "purpose": "B", "amount": "5",
                     "voucher": "1"})
    assert r.status_code == 400 and "außerhalb des Berichtszeitraums" in r.content.decode()
    for voucher, amount in (("B-1", "1.000,00"), ("B-2", "250,50")):
        r = p.post(url, {"date": "15.03.2025", "payee": "Dozentin", "purpose": "Honorar",
                         "amount": amount, "voucher": voucher})
        assert r.status_code == 302
    assert "1.250,50\u00a0€" in p.get(url).content.decode()
    b2 = report.lines.get(voucher="B-2")
    p.post(url + "entfernen/", {"zeile": str(b2.pk)})
    assert list(report.lines.values_list("voucher", flat=True)) == ["B-1"]
    # the region reads, but does not write the provider's report
    c = client_for(region_user)
    assert "Dozentin" in c.get(url).content.decode()
    assert c.post(url, {"date": "15.03.2025", "payee": "X", "purpose": "Y", "amount": "1",
                        "voucher": "Z"}).status_code == 403
    assert c.post(url + "einreichen/").status_code == 403
    assert report.lines.count() == 1
    assert p.post(url + "einreichen/").status_code == 302
    assert "Bericht prüfen" in c.get(url).content.decode()
    assert p.get(url + "pruefen/").status_code == 403
    r = c.post(url + "pruefen/", {"entscheidung": "object", "note": ""})
    assert r.status_code == 400 and "korrigieren soll" in r.content.decode()
    r = c.post(url + "pruefen/", {"entscheidung": "object", "note": "Beleg fehlt."})
    assert r.status_code == 302
    home = p.get("/").content.decode()
    assert "Beanstandet" in home and "Beleg fehlt." in home


def test_strangers_see_nothing(pass_on, provider_user, foreign_region_user):
    report = po.expense_report_create(actor=provider_user, pass_on=pass_on, kind="final",
                                      period_start=date(2025, 1, 1),
                                      period_end=date(2025, 12, 31))
    other = make_user("fremd", Role.PROVIDER, provider=Provider.objects.create(name="Andere"))
    for user in (other, foreign_region_user):
        c = client_for(user)
        assert c.get(f"/foerderung/weiterleitungen/{pass_on.pk}/").status_code == 404
        assert c.get(f"/foerderung/ausgabenberichte/{report.pk}/").status_code == 404
        assert c.post(f"/foerderung/ausgabenberichte/{report.pk}/einreichen/").status_code \
            == 404
        assert "V-17" not in c.get("/foerderung/weiterleitung/").content.decode()
    c = client_for(provider_user)
    assert c.get(f"/foerderung/bescheide/{pass_on.notice_id}/weiterleitungen/").status_code \
        == 404


def test_the_upload_page_reads_all_or_nothing(pass_on, provider_user):
    report = po.expense_report_create(actor=provider_user, pass_on=pass_on, kind="final",
                                      period_start=date(2025, 1, 1),
                                      period_end=date(2025, 12, 31))
    c = client_for(provider_user)
    url = f"/foerderung/ausgabenberichte/{report.pk}/hochladen/"
    bad = SimpleUploadedFile("liste.csv", "Datum;Empfänger;Zweck;Betrag;Belegnummer\n"
                             "01.02.2025;A;B;-3;X\n".encode())
    r = c.post(url, {"file": bad})
    assert r.status_code == 400
    assert "liste.csv, Zeile 2, Spalte Betrag" in r.content.decode()
    good = SimpleUploadedFile("liste.csv", "Datum;Empfänger;Zweck;Betrag;Belegnummer\n"
                              "01.02.2025;A;B;3;X\n".encode())
    assert c.post(url, {"file": good}).status_code == 302
    assert report.lines.get().amount == Decimal("3.00")


def test_the_api_follows_the_same_policy(notice, run_project, region_user, provider_user,
                                         foreign_region_user):
    import json

    body = {"project": run_project.pk, "amount": "90000.00", "date": "2025-05-02",
            "basis": "decision", "reference": "WB-API", "report_due": "2026-03-31"}
    url = f"/api/v1/funding/notices/{notice.pk}/pass-ons"
    c = client_for(region_user)
    r = c.post(url, json.dumps(body), content_type="application/json")
    assert r.status_code == 422 and "bewilligt sind 80.000,00" in r.json()["detail"]
    r = c.post(url, json.dumps({**body, "amount": "20000.00"}), content_type="application/json")
    assert r.status_code == 201 and r.json()["amount"] == "20000.00"
    assert client_for(foreign_region_user).post(
        url, json.dumps(body), content_type="application/json").status_code == 404
    assert client_for(provider_user).post(
        url, "kein json", content_type="application/json").status_code == 404
    p = client_for(provider_user)
    assert [row["reference"] for row in p.get("/api/v1/funding/pass-ons").json()] == ["WB-API"]
    assert client_for(foreign_region_user).get("/api/v1/funding/pass-ons").json() == []
    report = po.expense_report_create(actor=provider_user, pass_on=PassOn.objects.get(),
                                      kind="final", period_start=date(2025, 1, 1),
                                      period_end=date(2025, 12, 31))
    line = {"date": "2025-06-01", "payee": "A", "purpose": "B", "amount": "12.50",
            "voucher": "V1"}
    lines_url = f"/api/v1/funding/expense-reports/{report.pk}/lines"
    r = p.post(lines_url, json.dumps(line), content_type="application/json")
    assert r.status_code == 201 and r.json()["total"] == "12.50"
    r = p.post(lines_url, json.dumps({**line, "date": "2026-01-02"}),
               content_type="application/json")
    assert r.status_code == 422 and "Bewilligungszeitraums" in r.json()["detail"]
    assert c.post(lines_url, json.dumps(line), content_type="application/json"
                  ).status_code == 403
    assert p.get("/api/v1/funding/expense-reports").json()[0]["total"] == "12.50"
