"""The Protokoll through HTTP: each role sees only what it may see elsewhere; filters, links and
German words."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from aqb.accounts import services as accounts
from aqb.accounts.models import Role
from aqb.audit.models import AuditEntry
from aqb.audit.services import audit_record
from aqb.budgets.models import ProgrammeYear
from aqb.regions.models import Region


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def entries(ministry_user, region_wf):
    accounts.user_create(
        actor=ministry_user, username="erika", password="ein-langes-passwort-42",
        first_name="Erika", last_name="Musterfrau", email="erika@example.org",
        memberships=[accounts.MembershipSpec(role=Role.REGION, region=region_wf)])
    audit_record(actor=ministry_user, action="region.update", obj=region_wf,
                 changes={"kind": {"before": "landkreis", "after": "kreisfreie_stadt"}})
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("1"))
    audit_record(actor="System", action="scenario.create", obj=py, changes={
        "floor": {"before": None, "after": "300000.00"},
        "unit": {"before": None, "after": "10.00"},
        "weights": {"before": None, "after": {"Arbeitslose SGB II": "0.5",
                                              "Jugendliche": "0.25"}}})
    return py


def test_the_ministry_reads_account_entries(entries, ministry_user):
    text = client_for(ministry_user).get("/protokoll/").content.decode()
    assert "erika@example.org" in text and "Erika Musterfrau" in text


def test_the_authority_does_not_read_account_data(entries, authority_user):
    response = client_for(authority_user).get("/protokoll/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Waldeck-Frankenberg" in text  # other entries stay
    for secret in ("erika", "Musterfrau", "Mitgliedschaft", "Benutzerkonto angelegt"):
        assert secret not in text
    assert "Änderungen an Benutzerkonten und Trägern sieht nur das Ministerium" in text
    # nor through the filter
    text = client_for(authority_user).get("/protokoll/?art=accounts.user").content.decode()
    assert "erika" not in text


def test_regions_and_providers_have_no_protokoll(entries, region_user, provider_user):
    assert client_for(region_user).get("/protokoll/").status_code == 403
    assert client_for(provider_user).get("/protokoll/").status_code == 403


def test_values_and_labels_read_in_german(entries, ministry_user):
    text = client_for(ministry_user).get("/protokoll/").content.decode()
    assert "Mindestbetrag je Gebietskörperschaft (Euro): – → 300.000,00\u00a0€" in text
    assert "Rundungseinheit (Euro): – → 10,00\u00a0€" in text
    assert "Gewichte: – → Arbeitslose SGB II: 0,5; Jugendliche: 0,25" in text
    assert "Szenario berechnet" in text
    for english in ("Floor", "Unit", "Weights", "{&#x27;", "audit_verify"):
        assert english not in text


def test_it_filters_by_object_type_person_and_period(entries, ministry_user):
    c = client_for(ministry_user)
    text = c.get("/protokoll/?art=regions.region").content.decode()
    assert "Stammdaten geändert" in text and "Szenario berechnet" not in text
    text = c.get("/protokoll/?person=System").content.decode()
    assert "Szenario berechnet" in text and "Stammdaten geändert" not in text
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    text = c.get(f"/protokoll/?von={tomorrow}").content.decode()
    assert "Keine Einträge für diese Auswahl." in text
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert "3 Einträge gefunden" in c.get(f"/protokoll/?von={today}&bis={today}").content.decode()


def test_a_bad_period_gets_a_german_message(entries, ministry_user):
    c = client_for(ministry_user)
    response = c.get("/protokoll/?von=gestern")
    assert response.status_code == 400
    assert "Bitte ein Datum angeben" in response.content.decode()
    response = c.get("/protokoll/?von=2025-02-01&bis=2025-01-01")
    assert "Das Ende des Zeitraums liegt vor seinem Anfang." in response.content.decode()


def test_entries_link_to_their_objects(entries, ministry_user, authority_user):
    text = client_for(ministry_user).get("/protokoll/").content.decode()
    user_pk = AuditEntry.objects.get(action="user.create").object_id
    assert 'href="/regionen/06635/"' in text
    assert 'href="/programmjahre/2025/"' in text
    assert f'href="/benutzerkonten/{user_pk}/"' in text


def test_paging_keeps_the_filter(ministry_user):
    region = Region.objects.get(ags="06635")
    for _ in range(51):
        audit_record(actor=ministry_user, action="region.update", obj=region)
    text = client_for(ministry_user).get("/protokoll/?art=regions.region").content.decode()
    assert "?art=regions.region&amp;seite=2" in text
