"""The JSON API through HTTP: tokens, problem details, resources and their scoping."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from aqb.agreements.document import agreement_document
from aqb.agreements.importing import agreement_read
from aqb.agreements.render import render
from aqb.api.models import ApiToken
from aqb.api.services import token_authenticate, token_create, token_revoke
from aqb.audit.models import AuditEntry
from aqb.budgets import changes as budget_changes
from aqb.budgets.changes import ChangeLine

from .conftest import FOREIGN, OWN, api_get

pytestmark = pytest.mark.django_db


# --- tokens ----------------------------------------------------------------------------

def test_only_a_hash_of_the_token_is_stored(world):
    token = world.tokens["region"]
    row = ApiToken.objects.get(name="Test region")
    assert token.startswith("aqb_") and len(token) > 40
    assert token not in str(list(ApiToken.objects.values_list()))
    assert row.prefix == token[:12] and row.key_hash != token


def test_the_command_prints_the_token_alone_on_one_line(world):
    out = StringIO()
    call_command("api_token", "api-wf", "--name", "Fachverfahren", "--days", "30", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aqb_")
    assert api_get(lines[0], "/regions").status_code == 200
    row = ApiToken.objects.get(name="Fachverfahren")
    assert timedelta(days=29) < row.expires_at - timezone.now() <= timedelta(days=30)
    entry = AuditEntry.objects.filter(action="API-Token angelegt").last()
    assert entry.actor_label == "System"


def test_the_command_names_an_unknown_user_in_german(world):
    with pytest.raises(Exception, match="Benutzerkonto „niemand“ gibt es nicht"):
        call_command("api_token", "niemand")


@pytest.mark.parametrize("header", [None, "Bearer aqb_falsch", "Bearer ", "Basic abc",
                                    "Bearer " + "x" * 500])
def test_without_a_valid_token_the_answer_is_401_problem_json(world, header):
    kwargs = {"HTTP_AUTHORIZATION": header} if header else {}
    r = Client().get("/api/v1/regions", **kwargs)
    assert r.status_code == 401
    assert r["Content-Type"] == "application/problem+json"
    assert r["WWW-Authenticate"].startswith("Bearer")
    assert "API-Token" in r.json()["detail"]


def test_expired_revoked_and_deactivated_tokens_are_refused(world):
    region_user = ApiToken.objects.get(name="Test region").user
    token, text = token_create(actor=region_user, user=region_user, name="kurz", days=1)
    assert api_get(text, "/regions").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_get(text, "/regions").status_code == 401

    token, text = token_create(actor=region_user, user=region_user, name="widerrufen")
    token_revoke(actor=region_user, token=token)
    assert api_get(text, "/regions").status_code == 401
    assert AuditEntry.objects.filter(action="API-Token widerrufen").exists()

    region_user.is_active = False
    region_user.save()
    assert api_get(world.tokens["region"], "/regions").status_code == 401


def test_last_use_is_noted(world):
    row = ApiToken.objects.get(name="Test ministry")
    assert row.last_used_at is None
    assert token_authenticate(world.tokens["ministry"]) == row.user
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_the_browser_session_works_too(world, client):
    client.force_login(ApiToken.objects.get(name="Test region").user)
    r = client.get("/api/v1/allocations", {"year": 2025})
    assert r.status_code == 200
    assert [a["region"] for a in r.json()] == [OWN]


# --- resources and scoping ---------------------------------------------------------------

def test_regions_lists_all_26_with_grammar_for_the_state_and_its_own_for_a_region(world):
    assert [r["ags"] for r in api_get(world.tokens["region"], "/regions").json()] == [OWN]
    data = api_get(world.tokens["authority"], "/regions").json()
    assert len(data) == 26
    wf = next(r for r in data if r["ags"] == OWN)
    assert wf["dative"] == "dem Landkreis Waldeck-Frankenberg"


def test_years_with_measure_types(world):
    data = api_get(world.tokens["region"], "/years").json()
    assert data[0]["year"] == 2025 and data[0]["total"] == "28700000.00"
    assert [m["number"] for m in data[0]["measure_types"]] == [1, 2, 3, 4]


def test_allocations_are_scoped_and_current_after_in_year_changes(world):
    ministry = ApiToken.objects.get(name="Test ministry").user
    budget_changes.allocation_change_record(
        actor=ministry, programme_year=world.year, kind="cut", effective_date=timezone.localdate(),
        reason="Haushaltssperre", lines=[ChangeLine(world.own, None, Decimal("-3920"))])
    all_ = api_get(world.tokens["ministry"], "/allocations", year=2025).json()
    assert {a["region"]: a["amount"] for a in all_} == {OWN: "770000.00", FOREIGN: "987654.00"}
    own = api_get(world.tokens["region"], "/allocations", year=2025).json()
    assert own == [{"region": OWN, "region_name": world.own.name, "year": 2025,
                    "initial": "773920.00", "changes": "-3920.00", "amount": "770000.00"}]
    assert api_get(world.tokens["provider"], "/allocations", year=2025).json() == []


def test_a_foreign_region_filter_answers_404_without_data(world):
    r = api_get(world.tokens["region"], "/allocations", year=2025, region=FOREIGN)
    assert r.status_code == 404
    assert r["Content-Type"] == "application/problem+json"
    assert "987" not in r.content.decode()


def test_validation_errors_name_the_field_in_german(world):
    r = api_get(world.tokens["region"], "/allocations", year="zwanzig", region="6635")
    assert r.status_code == 422
    body = r.json()
    fields = {e["field"]: e["detail"] for e in body["errors"]}
    assert fields["year"] == "Bitte eine ganze Zahl angeben."
    assert "Format" in fields["region"]
    r = api_get(world.tokens["region"], "/allocations")
    assert r.json()["errors"] == [{"field": "year", "detail": "Pflichtangabe fehlt."}]


def test_unknown_year_is_404_in_german(world):
    r = api_get(world.tokens["ministry"], "/allocations", year=2031)
    assert r.status_code == 404 and r.json()["detail"] == "Programmjahr 2031 gibt es nicht."


def test_agreements_list_is_scoped(world):
    page = api_get(world.tokens["region"], "/agreements", year=2025).json()
    assert page["count"] == 1 and page["items"][0]["region"]["ags"] == OWN
    page = api_get(world.tokens["ministry"], "/agreements", year=2025, limit=1).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    assert api_get(world.tokens["provider"], "/agreements", year=2025).json()["count"] == 0


def test_agreement_detail_has_the_shape_of_the_document_reader(world, tmp_path):
    a = world.own_agreement
    data = api_get(world.tokens["region"], f"/agreements/{a.pk}").json()
    assert data["id"] == a.pk and data["status"] == "signed" and data["version"] == 1
    doc = tmp_path / "zv.txt"
    doc.write_bytes(render(agreement_document(a), "txt"))
    read = agreement_read(doc).to_json_dict()
    assert {k: data[k] for k in read} == read


def test_a_foreign_agreement_answers_404(world):
    pk = world.foreign_agreement.pk
    for role in ("region", "provider", "none"):
        r = api_get(world.tokens[role], f"/agreements/{pk}")
        assert r.status_code == 404, role
        assert "Geheimprojekt" not in r.content.decode()
    assert api_get(world.tokens["authority"], f"/agreements/{pk}").status_code == 200


def test_projects_are_scoped_to_region_and_provider(world):
    def names(role, **params):
        page = api_get(world.tokens[role], "/projects", **params).json()
        return sorted(p["name"] for p in page["items"])

    assert names("ministry", year=2025) == ["Aktivierung und Vermittlung von Migranten",
                                            "Geheimprojekt Darmstadt"]
    assert names("region") == ["Aktivierung und Vermittlung von Migranten"]
    assert names("provider") == ["Aktivierung und Vermittlung von Migranten"]
    assert names("foreign") == ["Geheimprojekt Darmstadt"]
    assert names("none") == []
    assert names("region", region=FOREIGN) == []
    item = api_get(world.tokens["provider"], "/projects", year=2025).json()["items"][0]
    assert item == {"id": world.own_project.pk, "region": OWN, "measure_type": 1,
                    "measure_title": item["measure_title"], "name":
                    "Aktivierung und Vermittlung von Migranten", "short_name": "AVIA",
                    "provider": "Bildungswerk Nord gGmbH", "planned_amount": "120000.00",
                    "planned_participants": 24, "first_year": 2025, "last_year": None}
    assert item["measure_title"]


# --- schema and docs -----------------------------------------------------------------------

def test_openapi_schema_declares_problem_details(world):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    op = schema["paths"]["/api/v1/allocations"]["get"]
    assert "application/problem+json" in op["responses"]["401"]["content"]
    assert "application/problem+json" in op["responses"]["422"]["content"]


def test_the_docs_work_without_internet(world):
    html = Client().get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
