"""/api/v1/funding/notices/{id}/payment-requests, /payment-requests/{id}/pay and
/notices/{id}: the region requests, the authority pays, everyone reads the ledger figures as
far as the pages let them."""

from aqb.audit.models import AuditEntry
from aqb.funding.models import PaymentRequest, PaymentStatus
from aqb.funding.tests.test_api import call

BODY = {"date": "2025-05-02", "amount": "50000.00", "needed_by": "2025-06-15",
        "reason": "Personalkosten Mai und Juni"}


def test_the_region_requests_and_the_authority_pays(notice, region_user, authority_user):
    r = call(region_user, "post", f"/api/v1/funding/notices/{notice.pk}/payment-requests", BODY)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["number"] == 1 and r.json()["status"] == "requested"
    r = call(authority_user, "post", f"/api/v1/funding/payment-requests/{pk}/pay",
             {"date": "2025-05-10"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "paid" and r.json()["paid_on"] == "2025-05-10"
    assert list(AuditEntry.objects.filter(object_id=str(pk), action__startswith="payment.")
                .values_list("action", flat=True)) == ["payment.request", "payment.release",
                                                       "payment.pay"]
    data = call(region_user, "get", f"/api/v1/funding/notices/{notice.pk}").json()
    assert {k: data[k] for k in ("id", "number", "region", "year", "amount", "financing",
                                 "version")} == {
        "id": notice.pk, "number": notice.number, "region": "06635", "year": 2025,
        "amount": "80000.00", "financing": "anteil", "version": 1}
    assert {k: data[k] for k in ("granted", "requested", "paid", "used", "recognised",
                                 "refunded")} == {
        "granted": "80000.00", "requested": "50000.00", "paid": "50000.00", "used": "0.00",
        "recognised": "0.00", "refunded": "0.00"}
    assert [p["id"] for p in data["payment_requests"]] == [pk]


def test_refusals_are_422_in_german(notice, region_user, authority_user):
    url = f"/api/v1/funding/notices/{notice.pk}/payment-requests"
    r = call(region_user, "post", url, {**BODY, "needed_by": "2025-07-03"})
    assert r.status_code == 422 and "innerhalb von zwei Monaten" in r.json()["detail"]
    r = call(region_user, "post", url, {**BODY, "amount": "80000.01"})
    assert r.status_code == 422 and "übersteigt die bewilligten Mittel" in r.json()["detail"]
    r = call(region_user, "post", url, {**BODY, "amount": "0.00"})
    assert r.status_code == 422 and "größer als 0" in r.json()["detail"]
    r = call(region_user, "post", url, {**BODY, "date": "02.05.2025"})
    assert r.status_code == 422 and "Datum" in r.json()["detail"]
    assert not PaymentRequest.objects.exists()
    pk = call(region_user, "post", url, BODY).json()["id"]
    r = call(authority_user, "post", f"/api/v1/funding/payment-requests/{pk}/pay",
             {"date": "2025-05-01"})
    assert r.status_code == 422 and "vor dem Datum des Mittelabrufs" in r.json()["detail"]
    assert PaymentRequest.objects.get().status == PaymentStatus.REQUESTED


def test_the_same_policy_as_the_pages(notice, region_user, foreign_region_user, provider_user,
                                      authority_user, ministry_user):
    url = f"/api/v1/funding/notices/{notice.pk}"
    for stranger in (foreign_region_user, provider_user):
        assert call(stranger, "get", url).status_code == 404
        assert call(stranger, "post", f"{url}/payment-requests", BODY).status_code == 404
    assert call(authority_user, "get", url).status_code == 200
    assert call(ministry_user, "get", url).status_code == 200
    assert call(authority_user, "post", f"{url}/payment-requests", BODY).status_code == 403
    pk = call(region_user, "post", f"{url}/payment-requests", BODY).json()["id"]
    pay = f"/api/v1/funding/payment-requests/{pk}/pay"
    assert call(region_user, "post", pay, {"date": "2025-05-10"}).status_code == 403
    assert call(ministry_user, "post", pay, {"date": "2025-05-10"}).status_code == 403
    assert call(provider_user, "post", pay, {"date": "2025-05-10"}).status_code == 403
    assert PaymentRequest.objects.get().status == PaymentStatus.REQUESTED
