"""POST /api/v1/monitoring/projects/{id}/participants: the CLI's JSON; access before body."""

import pytest
from django.test import Client

from aqb.accounts.models import Role
from aqb.api.services import token_create
from aqb.monitoring.models import Participant
from aqb.monitoring.tests.test_importing import GOOD, HEADER
from aqb.projects.models import Project
from conftest import make_user


@pytest.fixture
def project(region_wf, provider):
    return Project.objects.create(region=region_wf, measure_number=1, name="Ausbildung plus",
                                  short_name="AP", provider=provider, first_year=2025)


def post(token, project, body: bytes, **params):
    query = "&".join(f"{k}={v}" for k, v in {"year": 2025, **params}.items())
    return Client().post(f"/api/v1/monitoring/projects/{project.pk}/participants?{query}",
                         data=body, content_type="text/csv",
                         HTTP_AUTHORIZATION=f"Bearer {token}")


def token_of(user):
    return token_create(actor=user, user=user, name="Test")[1]


@pytest.mark.django_db
def test_check_then_store_with_the_cli_json(project, provider_user):
    token = token_of(provider_user)
    body = (HEADER + "\n" + GOOD).encode()
    r = post(token, project, body, check="true")
    assert r.status_code == 200 and r.json() == {"rows": 1, "stored": 0, "errors": []}
    assert not Participant.objects.exists()
    r = post(token, project, body)
    assert r.json()["stored"] == 1 and Participant.objects.count() == 1
    r = post(token, project, (HEADER + "\nA-9;13.02.2025;;q;2004;SGB II;;06635;;").encode())
    assert r.status_code == 200 and r.json()["errors"] == [
        {"row": 2, "column": "geschlecht",
         "message": "„q“ ist nicht zulässig. Zulässig: w, m, d, keine Angabe."}]
    r = post(token, project, b"Datum;Betrag\n1;2")
    assert r.status_code == 400 and "keine Teilnehmendenliste" in r.json()["detail"]


@pytest.mark.django_db
def test_strangers_and_the_state_are_refused_before_the_body(project, region_wf):
    from aqb.accounts.models import Provider

    foreign = make_user("api-fremd", Role.PROVIDER,
                        provider=Provider.objects.create(name="Anderer Träger"))
    assert post(token_of(foreign), project, b"x").status_code == 404
    ministry = make_user("api-min", Role.MINISTRY)
    assert post(token_of(ministry), project, b"x").status_code == 403
    assert not Participant.objects.exists()
