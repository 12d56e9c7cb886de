"""Projects are created, edited and given a provider through audited services: by the
ministry for every region, by a region for its own projects; nobody else."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.projects import services
from aqb.projects.models import Project


@pytest.fixture
def project(region_wf, ministry_user):
    return services.project_create(actor=ministry_user, region=region_wf, measure_number=1,
                                   name="Checkpoint", first_year=2025)


def _entries(project):
    return list(AuditEntry.objects.filter(object_type="projects.project",
                                          object_id=str(project.pk)).order_by("seq"))


def test_creating_a_project_is_audited(project):
    (entry,) = _entries(project)
    assert entry.action == "project.create"
    assert entry.changes["name"] == {"before": None, "after": "Checkpoint"}


def test_a_region_edits_its_own_project_with_before_and_after(project, region_user):
    services.project_update(actor=region_user, project=project, name=" Checkpoint Plus ",
                            short_name="CP", planned_amount=Decimal("120000.00"),
                            planned_participants=40)
    project.refresh_from_db()
    assert (project.name, project.label) == ("Checkpoint Plus", "CP (Checkpoint Plus)")
    entry = _entries(project)[-1]
    assert entry.action == "project.update" and entry.actor_label.endswith("wf")
    assert entry.changes["planned_participants"] == {"before": None, "after": 40}


def test_nothing_changed_writes_no_entry(project, ministry_user):
    services.project_update(actor=ministry_user, project=project, name="Checkpoint")
    assert len(_entries(project)) == 1


@pytest.mark.parametrize("who", ["foreign_region_user", "authority_user", "provider_user"])
def test_others_may_not_change_a_project(project, who, request, provider):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.project_update(actor=actor, project=project, name="Fremd")
    with pytest.raises(PermissionDenied):
        services.project_assign_provider(actor=actor, project=project, provider=provider)
    with pytest.raises(PermissionDenied):
        services.project_create(actor=actor, region=project.region, measure_number=1,
                                name="Fremd", first_year=2025)
    assert Project.objects.get(pk=project.pk).name == "Checkpoint"
    assert Project.objects.count() == 1


def test_bad_values_are_refused_in_german_and_nothing_is_saved(project, ministry_user):
    with pytest.raises(ValidationError) as exc:
        services.project_update(actor=ministry_user, project=project, first_year=2026,
                                last_year=2024)
    assert exc.value.message_dict == {"last_year": ["„bis Jahr“ liegt vor „von Jahr“."]}
    with pytest.raises(ValidationError, match="Maßnahmeart"):
        services.project_update(actor=ministry_user, project=project, measure_number=7)
    with pytest.raises(ValidationError, match="Namen"):
        services.project_update(actor=ministry_user, project=project, name="  ")
    with pytest.raises(ValidationError, match="kann nicht geändert"):
        services.project_update(actor=ministry_user, project=project, region_id=1)
    project.refresh_from_db()
    assert (project.first_year, project.last_year, project.measure_number) == (2025, None, 1)


def test_assigning_a_provider_lets_it_see_the_project(project, region_user, provider,
                                                      provider_user):
    from aqb.projects.selectors import project_list

    assert not project_list(user=provider_user).exists()
    services.project_assign_provider(actor=region_user, project=project, provider=provider)
    assert list(project_list(user=provider_user)) == [project]
    entry = _entries(project)[-1]
    assert entry.action == "project.assign_provider"
    assert entry.changes == {"provider": {"before": None, "after": str(provider)}}
    services.project_assign_provider(actor=region_user, project=project, provider=None)
    assert not project_list(user=provider_user).exists()


# --- through HTTP ------------------------------------------------------------------------

def test_the_region_edits_its_project_in_the_browser(client, project, region_user):
    client.force_login(region_user)
    page = client.get(f"/projekte/{project.pk}/").content.decode()
    assert "Projekt bearbeiten" in page and "Träger zuweisen" in page
    form = client.get(f"/projekte/{project.pk}/bearbeiten/").content.decode()
    assert 'value="Checkpoint"' in form
    bad = client.post(f"/projekte/{project.pk}/bearbeiten/", {
        "name": "Checkpoint", "measure_number": "1", "first_year": "2025",
        "planned_amount": "12,3,4"})
    assert bad.status_code == 400 and "geplante Mittel (Euro)" in bad.content.decode()
    ok = client.post(f"/projekte/{project.pk}/bearbeiten/", {
        "name": "Checkpoint", "short_name": "CP", "measure_number": "3",
        "planned_amount": "120.000,50", "planned_participants": "40", "first_year": "2025",
        "last_year": "2027"})
    assert ok.status_code == 302 and ok["Location"] == f"/projekte/{project.pk}/"
    project.refresh_from_db()
    assert (project.measure_number, project.planned_amount, project.last_year) == (
        3, Decimal("120000.50"), 2027)
    page = client.get(f"/projekte/{project.pk}/").content.decode()
    assert "3. Qualifizierungsprojekte" in page and "Verlauf" in page


def test_the_ministry_assigns_a_provider_in_the_browser(client, project, ministry_user,
                                                       provider, provider_user):
    client.force_login(ministry_user)
    form = client.get(f"/projekte/{project.pk}/traeger/").content.decode()
    assert provider.name in form
    response = client.post(f"/projekte/{project.pk}/traeger/", {"provider": provider.pk})
    assert response.status_code == 302
    client.force_login(provider_user)
    page = client.get(f"/projekte/{project.pk}/")
    assert page.status_code == 200
    assert "Projekt bearbeiten" not in page.content.decode()
    assert "Verlauf" not in page.content.decode()
    assert client.post(f"/projekte/{project.pk}/traeger/", {"provider": ""}).status_code == 403


def test_a_region_creates_a_project_for_itself_only(client, region_user, region_foreign):
    client.force_login(region_user)
    index = client.get("/projekte/").content.decode()
    assert "/projekte/neu/06635/" in index
    response = client.post("/projekte/neu/06635/", {
        "name": "Neustart", "measure_number": "2", "first_year": "2026"})
    (created,) = Project.objects.all()
    assert response.status_code == 302 and response["Location"] == f"/projekte/{created.pk}/"
    assert (created.region.ags, created.measure_number) == ("06635", 2)
    assert client.post("/projekte/neu/06411/", {
        "name": "Fremd", "measure_number": "2", "first_year": "2026"}).status_code == 404
    assert Project.objects.count() == 1


def test_foreign_and_read_only_users_cannot_open_the_forms(client, project, foreign_region_user,
                                                          authority_user):
    client.force_login(foreign_region_user)
    assert client.get(f"/projekte/{project.pk}/bearbeiten/").status_code == 404
    client.force_login(authority_user)
    assert client.get(f"/projekte/{project.pk}/bearbeiten/").status_code == 403
    assert "Projekt bearbeiten" not in client.get(f"/projekte/{project.pk}/").content.decode()
