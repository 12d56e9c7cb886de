"""Through HTTP: the budget pages say what is true (sum rows, links to where a figure is
edited, no errors before any input, no claim of an adopted scenario that is not there)."""

import re
from decimal import Decimal

import pytest

from aqb.budgets import changes, planning, services
from aqb.projects.models import Project
from aqb.regions.models import Region

from .helpers import planned_year

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def direct(ministry_user):
    """A year whose allocations were set directly (demo data, imported agreements)."""
    py = services.programme_year_create(actor=ministry_user, year=2025,
                                        total=Decimal("28700000"))
    for ags, amount in (("06635", "773920"), ("06411", "1000000")):
        services.allocation_set(actor=ministry_user, programme_year=py,
                                region=Region.objects.get(ags=ags), amount=Decimal(amount))
    return py


def test_earmark_split_shows_no_errors_before_input_and_a_running_sum(client, ministry_user,
                                                                      tmp_path):
    py, ind, sc = planned_year(ministry_user, tmp_path)
    em = py.earmarks.get()
    client.force_login(ministry_user)
    url = f"/programmjahre/2025/planung/zweckbindungen/{em.pk}/aufteilen/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bitte korrigieren" not in body and "kern-error" not in body
    assert "Summe: 0,00 € von 1.000.000,00 €" in text(page)
    assert "budgets/sum.js" in body and "data-summe" in body
    posted = client.post(url, {"mode": "fest", "fest-ags_06635": "600.000",
                               "fest-ags_06411": "300.000,005"})
    assert posted.status_code == 400
    assert "Summe: 900.000,01 € von 1.000.000,00 €; noch zu verteilen: 99.999,99" \
        in text(posted)
    assert not em.shares.exists()


def test_cash_plan_has_a_sum_row_and_links_each_region_to_its_form(client, ministry_user,
                                                                   region_user, direct):
    client.force_login(ministry_user)
    page = client.get("/programmjahre/2025/kassenplan/")
    body = page.content.decode()
    assert 'href="/programmjahre/2025/kassenplan/06635/"' in body
    assert "noch kein Abfluss geplant" in text(page)
    foot = body[body.index("<tfoot"):body.index("</tfoot>")]
    assert "Summe" in foot and "1.773.920,00" in foot
    changes.cash_plan_set(actor=ministry_user, programme_year=direct,
                          region=Region.objects.get(ags="06635"), amounts={2025: Decimal("100")})
    page = client.get("/programmjahre/2025/kassenplan/")
    assert "noch kein Abfluss geplant" not in text(page)
    client.force_login(region_user)
    own = client.get("/programmjahre/2025/kassenplan/").content.decode()
    foot = own[own.index("<tfoot"):own.index("</tfoot>")]
    assert "773.920,00" in foot and "1.773.920,00" not in foot   # sum of what it may see
    form = text(client.get("/programmjahre/2025/kassenplan/06635/"))
    assert "Summe: 100,00 € von 773.920,00 €; noch nicht verplant: 773.820,00" in form


def test_cash_overview_without_entries_points_to_the_year_plans(client, ministry_user, direct):
    client.force_login(ministry_user)
    page = client.get("/programmjahre/kassenplan/")
    assert "<table" not in page.content.decode()
    assert 'href="/programmjahre/2025/kassenplan/"' in page.content.decode()


def test_no_adopted_scenario_is_claimed_when_allocations_were_set_directly(
        client, ministry_user, direct, tmp_path):
    from .helpers import write_csv

    planning.indicator_set_create(actor=ministry_user, programme_year=direct, name="Daten",
                                  path=write_csv(tmp_path / "i.csv"), filename="i.csv")
    client.force_login(ministry_user)
    plan = text(client.get("/programmjahre/2025/planung/"))
    assert "noch keines" not in plan and "ohne Szenario festgesetzt" in plan
    year = client.get("/programmjahre/2025/").content.decode()
    assert ">festgesetzt</th>" in year and ">übernommen</th>" not in year
    figures = text(client.get("/programmjahre/2025/grafiken/", {"bezug": "arbeitslose"}))
    assert "des übernommenen Szenarios" not in figures
    assert "es ist kein Szenario übernommen" in figures


def test_adopted_scenario_is_named_where_there_is_one(client, ministry_user, tmp_path):
    py, ind, sc = planned_year(ministry_user, tmp_path)
    planning.scenario_adopt(actor=ministry_user, scenario=sc)
    client.force_login(ministry_user)
    assert "Übernommenes Szenario A" in text(client.get("/programmjahre/2025/planung/"))
    assert ">übernommen</th>" in client.get("/programmjahre/2025/").content.decode()
    figures = text(client.get("/programmjahre/2025/grafiken/", {"bezug": "arbeitslose"}))
    assert "des übernommenen Szenarios" in figures
    assert "Euro je Arbeitslosen" not in figures   # the name here is lower case
    assert "Euro je arbeitslosen" in figures


def test_a_provider_sees_its_projects_not_missing_allocations(client, provider_user, provider,
                                                              direct):
    Project.objects.create(region=Region.objects.get(ags="06635"), measure_number=2,
                           name="Ausbildung in Teilzeit", provider=provider, first_year=2025)
    Project.objects.create(region=Region.objects.get(ags="06635"), measure_number=2,
                           name="Fremdes Projekt", first_year=2025)
    client.force_login(provider_user)
    page = text(client.get("/programmjahre/2025/"))
    assert "Noch keine Zuweisungen" not in page
    assert "Ihre Projekte in AQB 2025" in page
    assert "/projekte/?jahr=2025" in client.get("/programmjahre/2025/").content.decode()
    listing = text(client.get("/projekte/", {"jahr": "2025"}))
    assert "Projekte im Programmjahr 2025" in listing and "Ausbildung in Teilzeit" in listing
    assert "Fremdes Projekt" not in listing
    assert "Ausbildung in Teilzeit" not in text(client.get("/projekte/", {"jahr": "2024"}))
