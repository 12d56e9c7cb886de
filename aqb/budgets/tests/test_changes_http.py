"""Through HTTP: changes during the year, the cash plan, exports with formula neutralising."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from aqb.budgets import planning
from aqb.budgets.models import AllocationChange, CashPlanEntry, Scenario

from .helpers import planned_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(ministry_user, tmp_path):
    py, ind, sc = planned_year(ministry_user, tmp_path)
    planning.earmark_distribute_fixed(actor=ministry_user, earmark=py.earmarks.get(),
                                      amounts={"06635": Decimal("600000"),
                                               "06411": Decimal("400000")})
    planning.scenario_adopt(actor=ministry_user, scenario=Scenario.objects.get())
    return py


def test_a_cut_through_the_form_shows_before_and_after(client, ministry_user, year):
    client.force_login(ministry_user)
    response = client.post("/programmjahre/2025/aenderungen/neu/", {
        "kind": "cut", "effective_date": "01.07.2025", "reason": "Haushaltssperre",
        "region_1": "06635", "part_1": "", "amount_1": "10.000"})
    assert response.status_code == 302
    body = client.get("/programmjahre/2025/aenderungen/").content.decode()
    assert "Kürzung" in body and "Haushaltssperre" in body and "-10.000,00" in body
    assert "1. Juli 2025" in body


def test_a_shift_without_reason_is_refused_and_nothing_changes(client, ministry_user, year):
    client.force_login(ministry_user)
    em = year.earmarks.get()
    response = client.post("/programmjahre/2025/aenderungen/neu/?art=umschichtung", {
        "effective_date": "01.09.2025", "reason": "", "from_region": "06635",
        "from_part": str(em.pk), "to_region": "06411", "to_part": "", "amount": "50.000"})
    assert response.status_code == 400
    assert not AllocationChange.objects.exists()
    response = client.post("/programmjahre/2025/aenderungen/neu/?art=umschichtung", {
        "effective_date": "01.09.2025", "reason": "Ausgleich", "from_region": "06635",
        "from_part": str(em.pk), "to_region": "06411", "to_part": "", "amount": "50.000"})
    assert response.status_code == 302
    assert AllocationChange.objects.get().kind == "shift"


def test_region_edits_its_cash_plan_and_sees_both_views(client, region_user, year):
    client.force_login(region_user)
    response = client.post("/programmjahre/2025/kassenplan/06635/", {
        "year_2025": "300.000", "year_2026": "200.000", "year_2027": "", "year_2028": "",
        "year_2029": ""})
    assert response.status_code == 302
    assert CashPlanEntry.objects.count() == 2
    page = client.get("/programmjahre/2025/kassenplan/").content.decode()
    assert "Abfluss 2026" in page and "200.000,00" in page
    assert "Wissenschaftsstadt Darmstadt" not in page
    overview = client.get("/programmjahre/kassenplan/").content.decode()
    assert "aus AQB 2025" in overview and "300.000,00" in overview
    assert client.post("/programmjahre/2025/kassenplan/06411/",
                       {"year_2025": "1"}).status_code == 404


def test_exports_neutralise_formulas_and_keep_numbers(client, ministry_user, year):
    client.force_login(ministry_user)
    client.post("/programmjahre/2025/aenderungen/neu/", {
        "kind": "cut", "effective_date": "01.07.2025", "reason": "=HYPERLINK(\"x\")",
        "region_1": "06635", "part_1": "", "amount_1": "10.000"})
    csv_text = b"".join(client.get(
        "/programmjahre/2025/export/aenderungen.csv").streaming_content).decode("utf-8-sig")
    assert ";'=HYPERLINK" in csv_text.replace('"', "")
    assert ";-10000,00;" in csv_text
    xlsx = client.get("/programmjahre/2025/export/aenderungen.xlsx")
    ws = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    row = [c.value for c in ws[2]]
    assert row[2].startswith("'=HYPERLINK")
    assert row[8] == -10000 and ws[2][8].data_type == "n"


def test_region_exports_only_its_own_rows(client, region_user, year):
    client.force_login(region_user)
    csv_text = b"".join(client.get(
        "/programmjahre/2025/export/zuweisungen.csv").streaming_content).decode("utf-8-sig")
    assert len(csv_text.splitlines()) == 2 and "06635" in csv_text
    shares = b"".join(client.get(
        "/programmjahre/2025/export/zweckbindungen.csv").streaming_content).decode("utf-8-sig")
    assert "06411" not in shares and "600000,00" in shares


def test_a_shift_into_the_same_part_is_refused_at_the_receiving_part(client, ministry_user,
                                                                      year):
    client.force_login(ministry_user)
    response = client.post("/programmjahre/2025/aenderungen/neu/?art=umschichtung", {
        "effective_date": "01.09.2025", "reason": "Versehen", "from_region": "06635",
        "from_part": "", "to_region": "06635", "to_part": "", "amount": "50.000"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["to_part"] and "gleich" in errors["to_part"][0]
    assert not AllocationChange.objects.exists()


def test_the_authority_reads_a_cash_plan_but_may_not_change_it(client, authority_user, year):
    client.force_login(authority_user)
    page = client.get("/programmjahre/2025/kassenplan/06635/")
    assert page.status_code == 200
    assert "Nur das Ministerium und die Gebietskörperschaft selbst" in page.content.decode()
    assert client.post("/programmjahre/2025/kassenplan/06635/",
                       {"year_2025": "1"}).status_code == 403
    assert not CashPlanEntry.objects.exists()
