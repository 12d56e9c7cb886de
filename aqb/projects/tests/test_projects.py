import pytest

from aqb.projects.models import Project
from aqb.projects.selectors import project_list


@pytest.fixture
def projects(region_wf, region_foreign, provider):
    own = Project.objects.create(region=region_wf, measure_number=1, name="Checkpoint",
                                 provider=provider, first_year=2025)
    other = Project.objects.create(region=region_wf, measure_number=3, name="Restart",
                                   first_year=2025)
    foreign = Project.objects.create(region=region_foreign, measure_number=1,
                                     name="Darmstädter Projekt", first_year=2025)
    return own, other, foreign


def test_each_role_sees_its_projects(projects, ministry_user, region_user, provider_user,
                                     foreign_region_user):
    own, other, foreign = projects
    assert set(project_list(user=ministry_user)) == {own, other, foreign}
    assert set(project_list(user=region_user)) == {own, other}
    assert set(project_list(user=provider_user)) == {own}
    assert set(project_list(user=foreign_region_user)) == {foreign}


def test_a_provider_opens_only_its_own_projects(client, projects, provider_user):
    own, other, foreign = projects
    client.force_login(provider_user)
    assert client.get(f"/projekte/{own.pk}/").status_code == 200
    assert client.get(f"/projekte/{other.pk}/").status_code == 404
    assert client.get(f"/projekte/{foreign.pk}/").status_code == 404
    home = client.get("/").content.decode()
    assert "Checkpoint" in home and "Restart" not in home and "Darmstädter" not in home


def test_the_label_puts_the_abbreviation_first(region_wf):
    p = Project(region=region_wf, measure_number=1, first_year=2025,
                name="Aktivierung und Vermittlung von Migranten", short_name="AVIA")
    assert p.label == "AVIA (Aktivierung und Vermittlung von Migranten)"
    assert Project(region=region_wf, measure_number=1, first_year=2025,
                   name="Checkpoint").label == "Checkpoint"


def test_pages_name_the_measure_type_by_its_title(client, projects, region_user):
    from aqb.budgets.models import ProgrammeYear

    py = ProgrammeYear.objects.create(year=2025, total=1)
    py.measure_types.create(number=1, title="Aktivierung und Heranführung")
    py.measure_types.create(number=3, title="Qualifizierung")
    own, other, _ = projects
    client.force_login(region_user)
    index = client.get("/projekte/").content.decode()
    assert "1. Aktivierung und Heranführung" in index
    assert "3. Qualifizierung" in index
    detail = client.get(f"/projekte/{other.pk}/").content.decode()
    assert "3. Qualifizierung" in detail
