"""/api/v1/funding/applications: list, create with a financing plan, submit; the same policy
as the pages."""

import json

from django.test import Client

from aqb.api.services import token_create
from aqb.funding import services as fs
from aqb.funding.models import Application, Status
from aqb.regions.models import Region

URL = "/api/v1/funding/applications"


def call(user, method, path, body=None):
    _, token = token_create(actor=user, user=user, name="Test")
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method == "get":
        return Client().get(path, **kwargs)
    return Client().post(path, data=json.dumps(body or {}), content_type="application/json",
                         **kwargs)


def body(projects, requested="80000.00", costs="100000.00"):
    return {"year": 2025, "region": "06635", "lines": [
        {"project": projects[0].pk, "costs": costs, "own_funds": "20000.00",
         "third_party": "0.00", "requested": requested}]}


def test_the_region_creates_and_submits(year, region_user, projects):
    r = call(region_user, "post", URL, body(projects))
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["status"] == "draft"
    app = Application.objects.get(pk=data["id"])
    assert app.lines.get().requested == 80000
    r = call(region_user, "post", f"{URL}/{app.pk}/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    r = call(region_user, "get", f"{URL}?year=2025")
    assert r.json() == [{"id": app.pk, "region": "06635", "year": 2025, "status": "submitted",
                         "status_label": "eingereicht", "requested": "80000.00"}]


def test_refusals_are_422_in_german_and_save_nothing(year, region_user, projects):
    r = call(region_user, "post", URL, body(projects, requested="90000.00"))
    assert r.status_code == 422 and "höher als die Kosten" in r.json()["detail"]
    r = call(region_user, "post", URL, body(projects, requested=None, costs="900000.00"))
    assert r.status_code == 422
    assert "übersteigt die aktuelle Zuweisung von 500.000,00" in r.json()["detail"]
    assert not Application.objects.exists()
    r = call(region_user, "post", URL, {"year": 2025, "region": "06635", "lines": [
        {"project": projects[0].pk, "costs": "1,5"}]})
    assert r.status_code == 422


def test_scoping(year, region_user, foreign_region_user, provider_user, authority_user,
                 projects):
    app = fs.application_create(actor=region_user, region=Region.objects.get(ags="06635"),
                                programme_year=year)
    assert call(foreign_region_user, "get", f"{URL}?year=2025").json() == []
    assert call(provider_user, "get", f"{URL}?year=2025").json() == []
    assert [a["id"] for a in call(authority_user, "get", f"{URL}?year=2025&region=06635"
                                  ).json()] == [app.pk]
    assert call(foreign_region_user, "post", f"{URL}/{app.pk}/submit").status_code == 404
    assert call(authority_user, "post", f"{URL}/{app.pk}/submit").status_code == 403
    assert call(foreign_region_user, "post", URL, body(projects)).status_code == 404
    assert call(authority_user, "post", URL, body(projects)).status_code == 403
    app.refresh_from_db()
    assert app.status == Status.DRAFT
    assert Application.objects.count() == 1
