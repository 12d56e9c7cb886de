"""Mein Konto → API-Zugänge through HTTP."""

import pytest
from django.test import Client

from aqb.accounts.models import Role
from aqb.api.api import api
from aqb.api.models import ApiToken
from conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_user_creates_a_token_sees_it_once_and_revokes_it(client):
    user = make_user("tok-wf", Role.AUTHORITY)
    client.force_login(user)
    r = client.post("/konto/api-zugaenge/", {"name": "Fachverfahren", "days": "30"})
    assert r.status_code == 200
    html = r.content.decode()
    token = html.split('id="neues-token"')[1].split('value="')[1].split('"')[0]
    assert token.startswith("aqb_") and "nur dieses eine Mal" in html
    again = client.get("/konto/api-zugaenge/").content.decode()
    assert token not in again and token[:12] in again
    assert Client().get("/api/v1/regions", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200

    row = ApiToken.objects.get(user=user)
    r = client.post(f"/konto/api-zugaenge/{row.pk}/widerrufen/", follow=True)
    assert "widerrufen und gilt nicht mehr" in r.content.decode()
    assert Client().get("/api/v1/regions", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_bad_input_is_named_at_its_field_and_nothing_is_stored(client):
    client.force_login(make_user("tok-x", Role.MINISTRY))
    r = client.post("/konto/api-zugaenge/", {"name": "", "days": "9999"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Höchstens 366 Tage." in html and "Bezeichnung" in html
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(client):
    owner = make_user("tok-owner", Role.AUTHORITY)
    client.force_login(owner)
    client.post("/konto/api-zugaenge/", {"name": "Eigenes", "days": "30"})
    row = ApiToken.objects.get(user=owner)
    other = Client()
    other.force_login(make_user("tok-other", Role.MINISTRY))
    assert other.post(f"/konto/api-zugaenge/{row.pk}/widerrufen/").status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_every_api_endpoint_declares_its_access_kind():
    """Like the pages: an endpoint without a declaration fails here (see docs/api.md)."""
    from aqb.accounts import policy

    routes = [(path, op.view_func) for _prefix, router in api._routers
              for path, path_view in router.path_operations.items()
              for op in path_view.operations]
    assert len(routes) >= 6
    for path, func in routes:
        assert getattr(func, "aqb_access", None) in policy.ACCESS_KINDS, path


def test_revoking_asks_first_and_says_it_cannot_be_undone(client):
    user = make_user("tok-ask", Role.MINISTRY)
    client.force_login(user)
    client.post("/konto/api-zugaenge/", {"name": "Fachverfahren", "days": "30"})
    row = ApiToken.objects.get(user=user)
    page = client.get("/konto/api-zugaenge/").content.decode()
    assert f'data-aqb-confirm="frage-widerrufen-{row.pk}"' in page  # the dialog with JS
    question = client.get(f"/konto/api-zugaenge/{row.pk}/widerrufen/")  # the page without
    assert question.status_code == 200
    assert "Token widerrufen?" in question.content.decode()
    assert "nicht wieder gültig machen" in question.content.decode()
    row.refresh_from_db()
    assert row.revoked_at is None
