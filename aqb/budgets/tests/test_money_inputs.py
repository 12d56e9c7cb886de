"""One rounding rule and one upper bound for every money input, from German form input
through HTTP to the amount stored in the database (property tests with hypothesis)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aqb.agreements import services as ag
from aqb.agreements.models import BudgetLine
from aqb.budgets import planning
from aqb.budgets.models import (
    AllocationChangeLine,
    CashPlanEntry,
    Earmark,
    EarmarkShare,
    ProgrammeYear,
    Scenario,
)
from aqb.german.money import format_number
from aqb.projects.models import Project
from aqb.regions.models import Region

from .helpers import planned_year

pytestmark = pytest.mark.django_db
PROPERTY = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def german_inputs(low: str, high: str):
    """(text as a person types it, value rounded half up to the cent)."""
    values = st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=3)
    styles = st.sampled_from(["grouped", "plain", "euro", "half"])

    def render(value: Decimal, style: str) -> tuple[str, Decimal]:
        if style == "half":               # exactly half a cent: the case that differed
            value = value.quantize(Decimal("0.01"), rounding="ROUND_DOWN") + Decimal("0.005")
        text = format_number(value)
        if style == "plain":
            text = text.replace(".", "")
        elif style == "euro":
            text += " €"
        return text, value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    return st.builds(render, values, styles)


@pytest.fixture
def adopted(ministry_user, tmp_path):
    py, ind, sc = planned_year(ministry_user, tmp_path)
    planning.scenario_adopt(actor=ministry_user, scenario=sc)
    return ProgrammeYear.objects.get(pk=py.pk)


@pytest.fixture
def ministry_client(client, ministry_user):
    client.force_login(ministry_user)
    return client


def ok(response):
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_half_a_cent_is_stored_as_a_full_cent_in_every_kind_of_input(ministry_client, adopted,
                                                                      ministry_user):
    c, y = ministry_client, adopted.year
    ok(c.post(f"/programmjahre/{y}/zweckbindungen/neu/", {"name": "X", "amount": "1,005"}))
    assert Earmark.objects.get(name="X").amount == Decimal("1.01")
    ok(c.post(f"/programmjahre/{y}/kassenplan/06635/", {f"year_{y}": "1,005"}))
    assert CashPlanEntry.objects.get(region__ags="06635").amount == Decimal("1.01")
    ok(c.post(f"/programmjahre/{y}/planung/szenarien/neu/", {
        "name": "Halber Cent", "indicator_set": adopted.indicator_sets.get().pk,
        "total": "1.000.000,005", "weights": "arbeitslose=0.5,einwohner=0.5",
        "floor": "1,005", "unit": "0,005", "max_change": ""}))
    scenario = Scenario.objects.get(name="Halber Cent")
    assert (scenario.total, scenario.floor, scenario.unit) == \
        (Decimal("1000000.01"), Decimal("1.01"), Decimal("0.01"))


def test_amounts_above_one_billion_are_refused_on_the_cash_plan_naming_the_field(
        client, region_user, adopted):
    client.force_login(region_user)
    for text in ("9" * 27, "1.000.000.000,01"):
        response = client.post(f"/programmjahre/{adopted.year}/kassenplan/06635/",
                               {f"year_{adopted.year}": text})
        body = response.content.decode()
        assert response.status_code == 400
        assert f"Abfluss {adopted.year} (Euro): Der Betrag ist zu hoch" in body
        assert "1.000.000.000,00" in body
    assert not CashPlanEntry.objects.exists()


def test_a_fifteen_digit_change_is_refused_and_the_changes_page_keeps_working(
        ministry_client, adopted):
    response = ministry_client.post(f"/programmjahre/{adopted.year}/aenderungen/neu/", {
        "kind": "increase", "effective_date": "01.06.2025", "reason": "Tippfehler",
        "region_1": "06635", "part_1": "", "amount_1": "123456789012345"})
    assert response.status_code == 400
    assert "Zeile 1: Betrag (Euro): Der Betrag ist zu hoch" in response.content.decode()
    assert not AllocationChangeLine.objects.exists()
    assert ministry_client.get(f"/programmjahre/{adopted.year}/aenderungen/").status_code == 200


def test_the_change_service_refuses_a_huge_delta_without_the_form(ministry_user, adopted):
    from django.core.exceptions import ValidationError

    from aqb.budgets import changes

    line = changes.ChangeLine(Region.objects.get(ags="06635"), None, Decimal("1" + "0" * 14))
    with pytest.raises(ValidationError, match="Der Betrag ist zu hoch"):
        changes.allocation_change_record(
            actor=ministry_user, programme_year=adopted, kind="increase",
            effective_date=adopted.application_deadline, reason="x", lines=[line])
    assert not AllocationChangeLine.objects.exists()


@given(german_inputs("1000000", "999999999.999"))
@PROPERTY
def test_programme_year_total(ministry_client, adopted, typed):
    text, expected = typed
    data = {"total": text, "application_deadline": "31.03.2025", "notes": ""}
    data.update({f"measure_{m.number}": m.title for m in adopted.measure_types.all()})
    ok(ministry_client.post(f"/programmjahre/{adopted.year}/bearbeiten/", data))
    assert ProgrammeYear.objects.get(pk=adopted.pk).total == expected


@given(german_inputs("0.005", "99999.999"))
@PROPERTY
def test_earmark_amount(ministry_client, ministry_user, tmp_path, typed):
    from aqb.budgets import services

    py = ProgrammeYear.objects.filter(year=2030).first() or services.programme_year_create(
        actor=ministry_user, year=2030, total=Decimal("900000000"))
    text, expected = typed
    name = f"Zweckbindung {Earmark.objects.count()}"
    ok(ministry_client.post(f"/programmjahre/{py.year}/zweckbindungen/neu/",
                            {"name": name, "amount": text}))
    assert Earmark.objects.get(programme_year=py, name=name).amount == expected


@given(german_inputs("0.005", "99999.999"))
@PROPERTY
def test_earmark_fixed_share(ministry_client, ministry_user, typed):
    from aqb.budgets import services

    text, expected = typed
    py = ProgrammeYear.objects.filter(year=2031).first() or services.programme_year_create(
        actor=ministry_user, year=2031, total=Decimal("900000000"))
    em = services.earmark_save(actor=ministry_user, programme_year=py,
                               name=f"Z {Earmark.objects.count()}", amount=expected)
    ok(ministry_client.post(f"/programmjahre/{py.year}/planung/zweckbindungen/{em.pk}/aufteilen/",
                            {"mode": "fest", "fest-ags_06635": text}))
    assert EarmarkShare.objects.get(earmark=em).amount == expected


@given(german_inputs("0.005", "99999.999"))
@PROPERTY
def test_in_year_change(ministry_client, adopted, typed):
    text, expected = typed
    if not expected:
        return
    ok(ministry_client.post(f"/programmjahre/{adopted.year}/aenderungen/neu/", {
        "kind": "increase", "effective_date": "01.06.2025", "reason": "Mehrung",
        "region_1": "06635", "part_1": "", "amount_1": text}))
    assert AllocationChangeLine.objects.order_by("-pk").first().delta == expected


@given(german_inputs("0", "299999.999"))
@PROPERTY
def test_cash_plan(ministry_client, adopted, typed):
    text, expected = typed
    ok(ministry_client.post(f"/programmjahre/{adopted.year}/kassenplan/06635/",
                            {f"year_{adopted.year}": text}))
    stored = CashPlanEntry.objects.filter(region__ags="06635").first()
    assert (stored.amount if stored else Decimal("0.00")) == expected


@given(german_inputs("0", "999999999.999"))
@PROPERTY
def test_agreement_budget_line_and_planned_project_amount(ministry_client, ministry_user,
                                                          adopted, typed):
    text, expected = typed
    region = Region.objects.get(ags="06635")
    draft = region.agreements.first() if hasattr(region, "agreements") else None
    draft = draft or ag.agreement_create_draft(actor=ministry_user, region=region,
                                               programme_year=adopted)
    ok(ministry_client.post(f"/zielvereinbarungen/{draft.pk}/haushaltsmittel/", {
        "name_0": "Ausbildungs- und Qualifizierungsbudget", "amount_0": text}))
    assert BudgetLine.objects.get(agreement=draft).amount == expected
    name = f"Projekt {Project.objects.count()}"
    ok(ministry_client.post(f"/zielvereinbarungen/{draft.pk}/projekte/neu/", {
        "measure_number": "1", "name": name, "planned_amount": text}))
    assert Project.objects.get(name=name).planned_amount == expected
