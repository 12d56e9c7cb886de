"""The payment pages through HTTP: the region requests on the notice's page, the authority
releases, refuses and pays with confirmations; the ledger pages per year and per region."""

from datetime import date
from decimal import Decimal

from aqb.funding import payments as fp
from aqb.funding.models import PaymentRequest, PaymentStatus
from aqb.funding.tests.test_pages import client_for

D = date(2025, 5, 2)


def form(**kw):
    return {"date": "02.05.2025", "amount": "50.000,00", "needed_by": "15.06.2025",
            "reason": "Personalkosten Mai", "use_of_earlier": "", **kw}


def test_the_region_requests_on_the_notice_page(notice, region_user):
    c = client_for(region_user)
    url = f"/foerderung/bescheide/{notice.pk}/mittelabrufe/"
    page = c.get(url).content.decode()
    assert "Mittel abrufen" in page and "80.000,00\u00a0€" in page
    r = c.post(url, form())
    assert r.status_code == 302 and r["Location"] == url
    pr = PaymentRequest.objects.get()
    assert (pr.number, pr.amount, pr.needed_by) == (1, Decimal("50000"), date(2025, 6, 15))
    page = c.get(url).content.decode()
    assert "Mittelabruf 1" in page and "30.000,00\u00a0€" in page  # still available


def test_refusals_show_at_the_field_and_save_nothing(notice, region_user):
    c = client_for(region_user)
    url = f"/foerderung/bescheide/{notice.pk}/mittelabrufe/"
    r = c.post(url, form(needed_by="03.07.2025"))
    assert r.status_code == 400
    assert "spätestens für den 2. Juli 2025" in r.content.decode()
    r = c.post(url, form(amount="90.000,00"))
    assert r.status_code == 400 and "übersteigt die bewilligten Mittel" in r.content.decode()
    r = c.post(url, form(amount="zehn"))
    assert r.status_code == 400
    assert not PaymentRequest.objects.exists()


def test_the_authority_releases_and_pays(notice, region_user, authority_user):
    pr = fp.payment_request(actor=region_user, notice=notice, date=D, amount=Decimal("1000"),
                            needed_by=D, reason="Miete")
    c = client_for(authority_user)
    url = f"/foerderung/mittelabrufe/{pr.pk}/"
    page = c.get(url).content.decode()
    assert "Anweisen" in page and "Miete" in page
    assert "Auszahlung erfassen" not in page
    # the region sees no authority step, the authority cannot request
    region_page = client_for(region_user).get(url).content.decode()
    assert "Anweisen" not in region_page and "Zurückziehen" in region_page
    assert client_for(authority_user).post(
        f"/foerderung/bescheide/{notice.pk}/mittelabrufe/", form()).status_code == 403
    assert c.get(f"{url}anweisen/").status_code == 200  # the confirmation page
    r = c.post(f"{url}anweisen/")
    assert r.status_code == 302
    pr.refresh_from_db()
    assert pr.status == PaymentStatus.RELEASED and pr.released_by == authority_user
    assert "Auszahlung erfassen" in c.get(url).content.decode()
    r = c.post(f"{url}auszahlen/", {"paid_on": "01.05.2025"})
    assert r.status_code == 400 and "vor dem Datum des Mittelabrufs" in r.content.decode()
    r = c.post(f"{url}auszahlen/", {"paid_on": "10.05.2025"})
    assert r.status_code == 302
    pr.refresh_from_db()
    assert pr.status == PaymentStatus.PAID and pr.paid_on == date(2025, 5, 10)
    r = c.post(f"{url}anweisen/")
    assert r.status_code == 400 and "ausgezahlt" in r.content.decode()


def test_refuse_and_withdraw(notice, region_user, authority_user):
    a = fp.payment_request(actor=region_user, notice=notice, date=D, amount=Decimal("1000"),
                           needed_by=D, reason="A")
    b = fp.payment_request(actor=region_user, notice=notice, date=D, amount=Decimal("1000"),
                           needed_by=D, reason="B")
    c = client_for(authority_user)
    assert c.post(f"/foerderung/mittelabrufe/{a.pk}/ablehnen/", {"reason": ""}
                  ).status_code == 400
    c.post(f"/foerderung/mittelabrufe/{a.pk}/ablehnen/", {"reason": "nicht belegt"})
    assert client_for(region_user).post(
        f"/foerderung/mittelabrufe/{b.pk}/zurueckziehen/").status_code == 302
    assert c.post(f"/foerderung/mittelabrufe/{b.pk}/zurueckziehen/").status_code == 403
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.refusal_reason, b.status) == (PaymentStatus.REFUSED, "nicht belegt",
                                                      PaymentStatus.WITHDRAWN)


def test_ledger_pages(notice, region_user, authority_user, foreign_region_user, provider_user):
    pr = fp.payment_request(actor=region_user, notice=notice, date=D,
                            amount=Decimal("12345.67"), needed_by=D, reason="x")
    fp.payment_release_and_pay(actor=authority_user, payment=pr, paid_on=D)
    page = client_for(authority_user).get("/foerderung/haushalt/2025/").content.decode()
    assert "Waldeck-Frankenberg" in page and "Hessen" in page
    assert page.count("12.345,67\u00a0€") >= 4  # requested and paid, region and sum rows
    for user in (region_user, foreign_region_user, provider_user):
        assert client_for(user).get("/foerderung/haushalt/2025/").status_code == 403
    page = client_for(region_user).get("/foerderung/haushalt/2025/06635/").content.decode()
    assert notice.number in page and "12.345,67\u00a0€" in page
    assert client_for(foreign_region_user).get(
        "/foerderung/haushalt/2025/06635/").status_code == 404
    assert "Haushaltsüberwachung 2025" in client_for(region_user).get(
        "/foerderung/").content.decode()
