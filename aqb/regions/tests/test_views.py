import pytest

from aqb.audit.models import AuditEntry
from aqb.regions.models import MinistryName, Region


@pytest.mark.django_db
def test_the_region_page_shows_grammar_and_history(client, ministry_user):
    client.force_login(ministry_user)
    client.post("/stammdaten/regionen/06635/", {
        "name": "Landkreis Waldeck-Frankenberg", "official_name": "Landkreis Waldeck-Frankenberg",
        "seat": "Korbach", "regierungsbezirk": "Kassel", "nominative_override": "",
        "dative_override": "", "genitive_override": "des Landkreises W.-F."})
    page = client.get("/regionen/06635/").content.decode()
    assert "dem Landkreis Waldeck-Frankenberg" in page
    assert "des Landkreises W.-F." in page
    assert "Verlauf" in page and "genitive_override" in page


@pytest.mark.django_db
def test_a_region_user_sees_its_own_region_and_not_another(client, region_user):
    client.force_login(region_user)
    assert client.get("/regionen/06635/").status_code == 200
    response = client.get("/regionen/06411/")
    assert response.status_code == 404
    assert "Darmstadt" not in response.content.decode()


@pytest.mark.django_db
def test_an_empty_name_is_refused_with_a_german_message(client, ministry_user):
    client.force_login(ministry_user)
    response = client.post("/stammdaten/regionen/06635/", {
        "name": "", "official_name": "x", "seat": "Korbach", "regierungsbezirk": "Kassel"})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert Region.objects.get(ags="06635").name == "Landkreis Waldeck-Frankenberg"
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_overlapping_ministry_name_is_shown_at_the_field(client, ministry_user):
    client.force_login(ministry_user)
    response = client.post("/stammdaten/ministerium/neu/", {
        "name": "Testministerium", "short_name": "TM", "seat": "Wiesbaden",
        "valid_from": "01.01.2025"})
    assert response.status_code == 400
    assert "überschneidet sich" in response.content.decode()
    assert not MinistryName.objects.filter(short_name="TM").exists()


@pytest.mark.django_db
def test_ending_a_period_then_adding_a_new_name_works(client, ministry_user):
    client.force_login(ministry_user)
    current = MinistryName.objects.get(short_name="HMAIJS")
    r1 = client.post(f"/stammdaten/ministerium/{current.pk}/", {
        "name": current.name, "short_name": "HMAIJS", "minister": "Heike Hofmann",
        "minister_title": "Staatsministerin", "seat": "Wiesbaden", "valid_from": "2024-01-18",
        "valid_to": "2029-01-17"})
    assert r1.status_code == 302
    r2 = client.post("/stammdaten/ministerium/neu/", {
        "name": "Hessisches Ministerium für Zukunft", "short_name": "HMZ", "seat": "Wiesbaden",
        "valid_from": "18.01.2029"})
    assert r2.status_code == 302
    assert MinistryName.objects.filter(short_name="HMZ").exists()


def test_opening_the_master_data_pages_writes_nothing(client, ministry_user):
    """No write on GET: without an authority row, the pages show an empty form; POST creates
    it through the audited service."""
    from aqb.regions.models import GrantingAuthority

    GrantingAuthority.objects.all().delete()
    client.force_login(ministry_user)
    entries = AuditEntry.objects.count()
    assert client.get("/stammdaten/").status_code == 200
    page = client.get("/stammdaten/bewilligungsbehoerde/")
    assert page.status_code == 200 and "Regierungspräsidium Kassel" in page.content.decode()
    assert not GrantingAuthority.objects.exists()
    assert AuditEntry.objects.count() == entries

    response = client.post("/stammdaten/bewilligungsbehoerde/", {
        "name": "Regierungspräsidium Kassel", "department": "Dezernat 57",
        "street": "Am Alten Stadtschloss 1", "postal_code": "34117", "city": "Kassel"})
    assert response.status_code == 302
    (authority,) = GrantingAuthority.objects.all()
    assert authority.department == "Dezernat 57"
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "authority.create" and entry.object_id == str(authority.pk)
