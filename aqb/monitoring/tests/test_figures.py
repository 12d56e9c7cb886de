"""Figures (Kennzahlen): counts from the tallies by every breakdown, stock per quarter, the
pages of the state (suppressed), the region and the provider (own, unsuppressed), exports."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aqb.accounts import policy
from aqb.budgets.models import ProgrammeYear
from aqb.monitoring.figures import figure_counts, stats_rows
from aqb.monitoring.records import participants_store
from aqb.projects.models import Project

from .conftest import person

D = datetime.date


@pytest.fixture
def year(db):
    return ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))


@pytest.fixture
def second_project(region_wf):
    return Project.objects.create(region=region_wf, measure_number=2, name="Zweites Projekt",
                                  short_name="ZP", first_year=2025)


def store(project, rows):
    participants_store(actor=policy.SYSTEM, project=project, year=2025, rows=rows)


@pytest.fixture
def data(year, project, second_project, foreign_project):
    # project (06635, measure 1): 7 people, 1 man; 2 exits in Q2, one to "Ausbildung"
    store(project, [person(f"t:P{n}", entry=D(2025, 2, 1) if n < 5 else D(2025, 5, 1),
                           gender="m" if n == 0 else "w",
                           exit_date=D(2025, 6, 30) if n in (1, 2) else None,
                           outcome="ausbildung" if n == 1 else "") for n in range(7)])
    # second project (06635, measure 2): 4 women in Q3
    store(second_project, [person(f"t:Q{n}", entry=D(2025, 8, 1)) for n in range(4)])
    # foreign region: 5 people
    store(foreign_project, [person(f"t:F{n}", residence_ags="06411") for n in range(5)])


def test_counts_by_region_measure_and_attribute(data, ministry_user, region_wf,
                                                region_foreign):
    by_region = figure_counts(user=ministry_user, year=2025, by=["region"])
    assert by_region == {(region_wf.pk,): [11, 2], (region_foreign.pk,): [5, 0]}
    by_gender = figure_counts(user=ministry_user, year=2025, by=["region", "gender"])
    assert by_gender[(region_wf.pk, "m")] == [1, 0]
    assert by_gender[(region_wf.pk, "w")] == [10, 2]
    assert figure_counts(user=ministry_user, year=2025, by=["measure"]) == {
        (1,): [7, 2], (2,): [4 + 5, 0]}  # the foreign project is of measure 2 too
    quarters = figure_counts(user=ministry_user, year=2025, by=["quarter"])
    assert quarters[((2025, 1),)] == [10, 0] and quarters[((2025, 2),)] == [2, 2]


def test_the_figures_are_one_grouped_query(data, ministry_user):
    with CaptureQueriesContext(connection) as ctx:
        figure_counts(user=ministry_user, year=2025, by=["region", "quarter", "gender"])
    assert len(ctx.captured_queries) == 2  # the user's memberships, then one GROUP BY
    assert "GROUP BY" in ctx.captured_queries[-1]["sql"]


def test_region_and_provider_see_only_their_own(data, region_user, provider_user,
                                                 region_wf, project):
    assert figure_counts(user=region_user, year=2025, by=["region"]) == {
        (region_wf.pk,): [11, 2]}
    assert figure_counts(user=provider_user, year=2025, by=["project"]) == {
        (project.pk,): [7, 2]}


def test_the_state_gets_small_numbers_hidden_the_region_does_not(data, ministry_user,
                                                                 region_user):
    rows = stats_rows(user=ministry_user, year=2025, by=["region", "gender"])
    man = next(r for r in rows if r["region"] == "06635" and r["gender"] == "m")
    assert man == {"region": "06635", "gender": "m", "entries": None, "exits": 0,
                   "suppressed": True}
    # the women of 06635 would reveal the man from the region's total: hidden too
    women = next(r for r in rows if r["region"] == "06635" and r["gender"] == "w")
    assert women["entries"] is None
    own = stats_rows(user=region_user, year=2025, by=["region", "gender"])
    assert {(r["gender"], r["entries"]) for r in own} == {("m", 1), ("w", 10)}
    assert not any(r["suppressed"] for r in own)


def _page(user, url):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_ministry_overview_hides_small_cells_and_explains_why(data, ministry_user):
    html = _page(ministry_user, "/kennzahlen/2025/")
    assert "Teilnehmende nach Gebietskörperschaft, 2025" in html
    assert "geheim gehalten" in html and "Werte 1 und 2" in html
    assert "Landkreis Waldeck-Frankenberg" in html
    # the man (1) is hidden in the gender table; no record and no project list for the state
    assert "t:P0" not in html and "Teilnehmende nach Projekt" not in html
    # two exits in 06635 are hidden, the total 11 entries of the region is visible
    assert ">11<" in html


def test_the_region_sees_its_own_figures_unsuppressed(data, region_user, project,
                                                      second_project):
    html = _page(region_user, "/kennzahlen/2025/gebiet/06635/")
    assert "geheim gehalten" not in html
    assert project.name in html and second_project.name in html
    assert f"/kennzahlen/2025/projekt/{project.pk}/" in html
    assert "?massnahme=2" in html
    # two exits, one of them into training: a rate of 50 %, the other "nicht angegeben"
    assert "Anteil an allen Austritten" in html and "50,0 %" in html
    assert "nicht angegeben" in html
    only_two = _page(region_user, "/kennzahlen/2025/gebiet/06635/?massnahme=2")
    assert second_project.name in only_two
    assert f"/kennzahlen/2025/projekt/{project.pk}/" not in only_two


def test_the_provider_sees_its_project_by_quarter(data, provider_user, project):
    html = _page(provider_user, f"/kennzahlen/2025/projekt/{project.pk}/")
    assert "1. Quartal 2025" in html and "2. Quartal 2025" in html
    assert "Bestand am Quartalsende" in html and "geheim gehalten" not in html
    overview = _page(provider_user, "/kennzahlen/2025/")
    assert project.name in overview and "Fremdes Projekt" not in overview
    # the provider may not open the region's page: no link to it
    assert "/kennzahlen/2025/gebiet/" not in overview


def test_strangers_get_404(data, provider_user, foreign_project, region_user):
    client = Client()
    client.force_login(provider_user)
    assert client.get(f"/kennzahlen/2025/projekt/{foreign_project.pk}/").status_code == 404
    assert client.get("/kennzahlen/2025/gebiet/06635/").status_code == 404
    client.force_login(region_user)
    assert client.get("/kennzahlen/2025/gebiet/06411/").status_code == 404


def test_exports_are_suppressed_like_the_page(data, ministry_user):
    client = Client()
    client.force_login(ministry_user)
    r = client.get("/kennzahlen/2025/?merkmal=gender&tabelle=merkmal-gender&format=csv")
    assert r.status_code == 200
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Gebietskörperschaft;w;m;d;keine Angabe")
    wf = next(line for line in lines if line.startswith("Landkreis Waldeck"))
    assert wf.split(";")[1:3] == [".", "."]
    assert "Werte 1 und 2" in lines[-1]
    r = client.get("/kennzahlen/2025/?tabelle=region&format=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/kennzahlen/2025/?tabelle=nix&format=csv").status_code == 404


def test_a_page_for_a_year_without_records_shows_zeros(year, ministry_user):
    html = _page(ministry_user, "/kennzahlen/2025/?merkmal=age")
    assert "Teilnehmende nach Quartal" in html


def test_reentries_are_reported_beside_the_tables(year, project, region_user, ministry_user,
                                                  region_wf):
    store(project, [person("t:R1", entry=D(2025, 2, 1)), person("t:R1", entry=D(2025, 9, 1)),
                    person("t:R2", entry=D(2025, 3, 1))])
    client = Client()
    client.force_login(region_user)
    page = client.get(f"/kennzahlen/2025/gebiet/{region_wf.ags}/").content.decode()
    assert "Wiedereintritte im Jahr: <strong>1</strong>" in page
    client.force_login(ministry_user)
    page = client.get(f"/kennzahlen/2025/gebiet/{region_wf.ags}/").content.decode()
    assert "Wiedereintritte im Jahr: <strong>weniger als 3</strong>" in page
