"""Settlement and refund through HTTP: the pages and /api/v1/funding/... ."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from aqb.api.services import token_create
from aqb.audit.models import AuditEntry
from aqb.funding import settling
from aqb.funding.models import BaseRate, NoticeStatus, Refund, RefundStatus, Settlement
from aqb.funding.tests.test_settling import pay, proof

D = Decimal


def client(user):
    c = Client()
    c.force_login(user)
    return c


def api(user, method, path, body=None):
    _, token = token_create(actor=user, user=user, name="Test")
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method == "get":
        return Client().get(path, **kwargs)
    return Client().post(path, data=json.dumps(body or {}), content_type="application/json",
                         **kwargs)


@pytest.fixture
def proven(notice):
    pay(notice, "80000")
    proof(notice, "90000")
    return notice


@pytest.fixture
def refund(proven, authority_user):
    return settling.settle(actor=authority_user, notice=proven, date=date(2025, 10, 20),
                           effective=date(2025, 6, 1)).refund


def test_the_authority_previews_then_confirms(proven, authority_user):
    c = client(authority_user)
    url = f"/foerderung/bescheide/{proven.pk}/abrechnung/"
    r = c.get(url, {"date": "20.10.2025", "effective": "01.06.2025"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "72.000,00\u00a0€" in body and "8.000,00\u00a0€" in body
    assert not Settlement.objects.exists()  # the preview writes nothing
    r = c.post(url, {"date": "2025-10-20", "effective": "2025-06-01"})
    s = Settlement.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/foerderung/abrechnungen/{s.pk}/"
    proven.refresh_from_db()
    assert proven.status == NoticeStatus.SETTLED
    page = c.get(r["Location"]).content.decode()
    assert "72.000,00\u00a0€" in page and s.refund.number in page


def test_the_preview_shows_a_refusal_in_german(notice, authority_user):
    r = client(authority_user).get(f"/foerderung/bescheide/{notice.pk}/abrechnung/",
                                   {"date": "20.10.2025"})
    assert r.status_code == 400
    assert "keinen geprüften Verwendungsnachweis" in r.content.decode()


def test_a_region_may_not_settle(proven, region_user):
    r = client(region_user).post(f"/foerderung/bescheide/{proven.pk}/abrechnung/",
                                 {"date": "2025-10-20"})
    assert r.status_code == 403
    assert not Settlement.objects.exists()


def test_the_refund_page_shows_the_interest_periods(refund, region_user, foreign_region_user):
    r = client(region_user).get(f"/foerderung/erstattungen/{refund.pk}/",
                                {"until": "31.12.2025"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "300,66\u00a0€" in body  # 30 days at 7,27 % and 184 days at 6,27 % on 8.000 €
    assert "7,27\u00a0%" in body and "6,27\u00a0%" in body
    assert "Zahlung erfassen" not in body  # the region reads, the authority records
    assert client(foreign_region_user).get(
        f"/foerderung/erstattungen/{refund.pk}/").status_code == 404


def test_the_authority_records_a_payment_and_defers(refund, authority_user):
    c = client(authority_user)
    r = c.post(f"/foerderung/erstattungen/{refund.pk}/zahlung/",
               {"date": "01.09.2025", "amount": "3.000,00"})
    assert r.status_code == 302
    r = c.post(f"/foerderung/erstattungen/{refund.pk}/zahlung/",
               {"date": "02.09.2025", "amount": "9.000,00"})
    assert r.status_code == 400 and "zu viel" in r.content.decode()
    r = c.post(f"/foerderung/erstattungen/{refund.pk}/stundung/",
               {"until": "30.06.2026", "reason": "Haushaltslage"})
    assert r.status_code == 302
    refund.refresh_from_db()
    assert refund.status == RefundStatus.DEFERRED and refund.payments.count() == 1
    body = c.get(f"/foerderung/erstattungen/{refund.pk}/").content.decode()
    assert "3.000,00\u00a0€" in body and "gestundet" in body


def test_the_region_sees_its_refunds_in_the_list(refund, region_user, foreign_region_user):
    assert refund.number in client(region_user).get("/foerderung/erstattungen/").content.decode()
    assert refund.number not in client(foreign_region_user).get(
        "/foerderung/erstattungen/").content.decode()


def test_the_ministry_adds_a_base_rate_others_read(ministry_user, region_user):
    c = client(ministry_user)
    r = c.post("/foerderung/basiszinssaetze/", {"valid_from": "01.07.2026", "percent": "1,02"})
    assert r.status_code == 302
    assert BaseRate.objects.get(valid_from=date(2026, 7, 1)).percent == D("1.02")
    r = c.post("/foerderung/basiszinssaetze/", {"valid_from": "15.07.2026", "percent": "abc"})
    assert r.status_code == 400
    assert "Prozentsatz" in r.content.decode()
    assert BaseRate.objects.count() == 6
    page = client(region_user).get("/foerderung/basiszinssaetze/")
    assert "1,02\u00a0%" in page.content.decode() and "Eintragen" not in page.content.decode()
    assert client(region_user).post("/foerderung/basiszinssaetze/", {
        "valid_from": "01.01.2027", "percent": "1"}).status_code == 403
    assert AuditEntry.objects.filter(action="base_rate.create").count() == 1


# --- API --------------------------------------------------------------------------------------

def test_api_settles_and_shows_the_refund_with_periods(proven, authority_user, region_user):
    r = api(authority_user, "post", f"/api/v1/funding/notices/{proven.pk}/settlement",
            {"date": "2025-10-20", "effective": "2025-06-01"})
    assert r.status_code == 201, r.content
    data = r.json()
    assert (data["recognised"], data["refund"]) == ("72000.00", "8000.00")
    refund = Refund.objects.get()
    assert data["refund_id"] == refund.pk
    r = api(region_user, "get", f"/api/v1/funding/refunds/{refund.pk}?until=2025-12-31")
    assert r.status_code == 200, r.content
    data = r.json()
    assert (data["amount"], data["interest"]) == ("8000.00", "300.66")
    assert [(p["start"], p["end"], p["days"], p["days_in_year"], p["base_rate"], p["rate"],
             p["principal"], p["interest"]) for p in data["periods"]] == [
        ("2025-06-01", "2025-06-30", 30, 365, "2.27", "7.27", "8000.00", "47.80"),
        ("2025-07-01", "2025-12-31", 184, 365, "1.27", "6.27", "8000.00", "252.86")]


def test_api_refuses_in_german(notice, proven, authority_user, region_user):
    r = api(authority_user, "post", f"/api/v1/funding/notices/{proven.pk}/settlement",
            {"date": "2025-10-20", "effective": "2025-01-01"})
    assert r.status_code == 422
    assert "vor dem Datum des Zuwendungsbescheids" in r.json()["detail"]
    r = api(region_user, "post", f"/api/v1/funding/notices/{proven.pk}/settlement",
            {"date": "2025-10-20"})
    assert r.status_code == 403
    assert not Settlement.objects.exists()


def test_api_hides_a_foreign_refund(refund, foreign_region_user):
    r = api(foreign_region_user, "get", f"/api/v1/funding/refunds/{refund.pk}")
    assert r.status_code == 404


def test_api_answers_a_bad_body_in_german(proven, authority_user):
    _, token = token_create(actor=authority_user, user=authority_user, name="Test")
    r = Client().post(f"/api/v1/funding/notices/{proven.pk}/settlement", data="{kein json",
                      content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 422 and r.json()["detail"]
    r = api(authority_user, "post", f"/api/v1/funding/notices/{proven.pk}/settlement",
            {"date": "20.10.2025"})
    assert r.status_code == 422 and "date" in r.json()["detail"]
    assert not Settlement.objects.exists()
