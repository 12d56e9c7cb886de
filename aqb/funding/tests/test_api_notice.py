"""POST /api/v1/funding/applications/{id}/notice: the authority issues the notice; more than
the allocation or an application not ready is 422 in German; others may not."""

from decimal import Decimal

from aqb.funding.models import Notice
from aqb.funding.tests.test_api import call

BODY = {"date": "2025-04-15", "financing": "anteil", "share_percent": "80.00",
        "eligible_costs": "100000.00", "amount": "80000.00"}


def url(app) -> str:
    return f"/api/v1/funding/applications/{app.pk}/notice"


def test_authority_issues_the_notice(ready_application, authority_user):
    r = call(authority_user, "post", url(ready_application), BODY)
    assert r.status_code == 201, r.content
    notice = Notice.objects.get()
    assert r.json() == {"id": notice.pk, "number": "RPKS-57-AQB-2025-06635", "version": 1,
                        "amount": "80000.00"}
    assert notice.current.share_percent == Decimal("80.00")
    r = call(authority_user, "post", url(ready_application), BODY)
    assert r.status_code == 422 and "bewilligt" in r.json()["detail"]
    assert Notice.objects.count() == 1


def test_more_than_the_allocation_is_422(ready_application, authority_user):
    r = call(authority_user, "post", url(ready_application), {
        **BODY, "financing": "festbetrag", "eligible_costs": "700000.00", "amount": "600000.00"})
    assert r.status_code == 422
    assert "übersteigt die aktuelle Zuweisung von 500.000,00" in r.json()["detail"]
    assert not Notice.objects.exists()


def test_not_ready_is_422(ready_application, authority_user):
    from aqb.funding.models import Application, Status

    Application.objects.filter(pk=ready_application.pk).update(status=Status.IN_REVIEW)
    r = call(authority_user, "post", url(ready_application), BODY)
    assert r.status_code == 422 and "in Prüfung" in r.json()["detail"]
    assert not Notice.objects.exists()


def test_region_and_provider_may_not(ready_application, region_user, provider_user):
    assert call(region_user, "post", url(ready_application), BODY).status_code == 403
    assert call(provider_user, "post", url(ready_application), BODY).status_code == 403
    assert not Notice.objects.exists()


def test_bad_cash_is_422(ready_application, authority_user):
    r = call(authority_user, "post", url(ready_application),
             {**BODY, "cash": {"2025": "viel"}})
    assert r.status_code == 422 and "Kassenmittel 2025" in r.json()["detail"]


def test_bad_body_is_422_in_german(ready_application, authority_user):
    r = call(authority_user, "post", url(ready_application), {**BODY, "amount": "viel"})
    assert r.status_code == 422 and r.json()["detail"].startswith("amount: Das Format")
    r = call(authority_user, "post", url(ready_application), {"financing": "anteil"})
    assert r.status_code == 422 and r.json()["detail"] == "date: Pflichtangabe fehlt."
    assert not Notice.objects.exists()


def test_the_schema_is_published(authority_user):
    from django.test import Client

    spec = Client().get("/api/v1/openapi.json").json()
    op = spec["paths"]["/api/v1/funding/applications/{application_id}/notice"]["post"]
    assert "amount" in op["requestBody"]["content"]["application/json"]["schema"]["properties"]
