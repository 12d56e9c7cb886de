"""GET /api/v1/monitoring/stats: the state's tokens get small cells hidden, a region's and a
provider's token their own figures unhidden; unknown breakdowns are 422 in German."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from aqb.accounts import policy
from aqb.api.services import token_create
from aqb.budgets.models import ProgrammeYear
from aqb.monitoring.records import participants_store

from .conftest import person

URL = "/api/v1/monitoring/stats"


def call(user, query):
    _, token = token_create(actor=user, user=user, name="Test")
    return Client().get(f"{URL}?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def data(db, project, foreign_project):
    ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    participants_store(actor=policy.SYSTEM, project=project, year=2025, rows=[
        person(f"t:P{n}", gender="m" if n == 0 else "w",
               exit_date=datetime.date(2025, 9, 30) if n < 4 else None) for n in range(8)])
    participants_store(actor=policy.SYSTEM, project=foreign_project, year=2025, rows=[
        person(f"t:F{n}", residence_ags="06411") for n in range(6)])


def test_the_ministry_gets_hessen_with_small_cells_hidden(data, ministry_user):
    r = call(ministry_user, "year=2025&by=region,gender")
    assert r.status_code == 200, r.content
    rows = {(row["region"], row["gender"]): row for row in r.json()}
    assert rows[("06635", "m")] == {"region": "06635", "gender": "m", "entries": None,
                                    "exits": None, "suppressed": True}
    assert rows[("06635", "w")]["suppressed"] is True
    assert rows[("06411", "w")] == {"region": "06411", "gender": "w", "entries": 6,
                                    "exits": 0, "suppressed": False}
    for row in r.json():
        assert row["entries"] not in (1, 2) and row["exits"] not in (1, 2)


def test_the_authority_is_suppressed_too(data, authority_user):
    rows = call(authority_user, "year=2025&by=gender").json()
    # Hessen: 1 man (hidden) and 13 women, which would reveal him from the total: hidden too
    assert {r["gender"]: r["entries"] for r in rows} == {"m": None, "w": None}


def test_region_and_provider_tokens_see_their_own_unsuppressed(data, region_user,
                                                                provider_user, project):
    rows = call(region_user, "year=2025&by=region,gender,quarter").json()
    assert {(r["region"], r["gender"], r["quarter"], r["entries"], r["exits"])
            for r in rows} == {("06635", "m", "2025-Q1", 1, 0), ("06635", "w", "2025-Q1", 7, 0),
                               ("06635", "m", "2025-Q3", 0, 1), ("06635", "w", "2025-Q3", 0, 3)}
    rows = call(provider_user, "year=2025&by=project,quarter").json()
    assert rows == [{"project": project.pk, "quarter": "2025-Q1", "entries": 8, "exits": 0,
                     "suppressed": False},
                    {"project": project.pk, "quarter": "2025-Q3", "entries": 0, "exits": 4,
                     "suppressed": False}]


def test_a_foreign_region_sees_nothing_of_another(data, foreign_region_user):
    rows = call(foreign_region_user, "year=2025&by=region").json()
    assert [r["region"] for r in rows] == ["06411"]


@pytest.mark.parametrize("by,word", [
    ("region,einkommen", "Unbekannte Aufgliederung: einkommen"),
    ("gender,age", "Höchstens ein Merkmal"),
    (",", "mindestens eine Aufgliederung"),
])
def test_unknown_breakdowns_are_422_in_german(data, ministry_user, by, word):
    r = call(ministry_user, f"year=2025&by={by}")
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    assert word in r.json()["detail"]


def test_a_key_named_twice_counts_once(data, region_user):
    rows = call(region_user, "year=2025&by=region,region").json()
    assert rows == [{"region": "06635", "entries": 8, "exits": 4, "suppressed": False}]


def test_an_unknown_year_is_404(data, ministry_user):
    assert call(ministry_user, "year=2031&by=region").status_code == 404


def test_the_endpoint_is_in_the_openapi_schema(db):
    schema = Client().get("/api/v1/openapi.json").json()
    op = schema["paths"]["/api/v1/monitoring/stats"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"year", "by"}
    by = next(p for p in op["parameters"] if p["name"] == "by")
    import re
    pattern = re.compile(by["schema"]["pattern"])
    assert pattern.match("region,gender,quarter") and pattern.match("outcome_6m,project")
    assert not pattern.match("gender,age") and not pattern.match("einkommen")
    assert "422" in op["responses"]
