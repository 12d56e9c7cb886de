"""Budgets and agreements agree: after an adoption or a dated change, drafts take the new
amount in one step, signed agreements keep theirs, and every agreement page shows the agreed
amount beside the current allocation with the dated changes in between."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement, Status
from aqb.agreements.selectors import allocation_comparison, allocation_mismatches
from aqb.audit.models import AuditEntry
from aqb.budgets import changes, planning
from aqb.budgets import services as budgets
from aqb.budgets.tests.helpers import planned_year

from .conftest import sign_both

pytestmark = pytest.mark.django_db

SIGNED = Decimal("773920.00")


@pytest.fixture
def adopted(ministry_user, tmp_path, region_wf, region_foreign):
    """06635 signed and published with 773.920 Euro, 06411 a draft without amount; then a
    scenario is adopted that gives both regions other amounts."""
    py, _ind, scenario = planned_year(ministry_user, tmp_path, earmark=Decimal("0"))
    budgets.allocation_set(actor=ministry_user, programme_year=py, region=region_wf,
                           amount=SIGNED)
    wf = ag.agreement_create_draft(actor=ministry_user, region=region_wf, programme_year=py)
    ag.agreement_agree(actor=ministry_user, agreement=wf)
    sign_both(wf, ministry_user)
    ag.agreement_publish(actor=ministry_user, agreement=wf)
    da = ag.agreement_create_draft(actor=ministry_user, region=region_foreign, programme_year=py)
    planning.scenario_adopt(actor=ministry_user, scenario=scenario)
    return py, wf, da


def _current(py, region):
    from aqb.budgets.selectors import allocation_current_unscoped

    return allocation_current_unscoped(region, py).current


def test_after_adoption_the_signed_amount_and_the_new_allocation_differ_visibly(
        adopted, ministry_user, region_wf):
    py, wf, da = adopted
    new = _current(py, region_wf)
    assert new != SIGNED
    by_region = {c.agreement.region.ags: c for c in allocation_mismatches(user=ministry_user,
                                                                         year=2025)}
    assert set(by_region) == {"06635", "06411"}
    assert by_region["06635"].agreed == SIGNED and by_region["06635"].current == new
    assert by_region["06635"].difference == new - SIGNED
    assert not by_region["06635"].can_take_over
    assert by_region["06411"].agreed is None and by_region["06411"].can_take_over


def test_a_region_sees_only_its_own_mismatch(adopted, region_user):
    assert [c.agreement.region.ags for c in allocation_mismatches(user=region_user,
                                                                  year=2025)] == ["06635"]


def test_drafts_take_the_new_amount_in_one_step_signed_ones_keep_theirs(
        adopted, ministry_user, region_foreign):
    py, wf, da = adopted
    assert ag.agreement_take_allocations(actor=ministry_user, programme_year=py) == 1
    assert da.budget_lines.get().amount == _current(py, region_foreign)
    assert wf.budget_lines.get().amount == SIGNED
    assert AuditEntry.objects.filter(action="agreement.budgets",
                                     object_id=str(da.pk)).exists()
    assert [c.agreement.pk for c in allocation_mismatches(user=ministry_user,
                                                          year=2025)] == [wf.pk]


def test_only_the_ministry_takes_an_allocation_over(adopted, region_user):
    py, wf, da = adopted
    with pytest.raises(PermissionDenied):
        ag.agreement_take_allocation(actor=region_user, agreement=da)


def test_a_dated_change_shows_between_agreed_and_current(adopted, ministry_user, region_wf):
    py, wf, da = adopted
    before = _current(py, region_wf)
    changes.allocation_change_record(
        actor=ministry_user, programme_year=py, kind="cut", effective_date=date(2025, 7, 1),
        reason="Haushaltssperre", lines=[changes.ChangeLine(region_wf, None, Decimal("-50000"))])
    c = allocation_comparison(user=ministry_user, agreement=wf)
    assert c.agreed == SIGNED and c.adopted == before
    assert [(s.effective_date, s.delta) for s in c.changes] == [
        (date(2025, 7, 1), Decimal("-50000.00"))]
    assert c.current == before - Decimal("50000")


def test_a_new_draft_starts_from_the_current_allocation(adopted, ministry_user, region_wf):
    py, wf, _da = adopted
    changes.allocation_change_record(
        actor=ministry_user, programme_year=py, kind="increase", effective_date=date(2025, 7, 1),
        reason="Nachtrag", lines=[changes.ChangeLine(region_wf, None, Decimal("1000"))])
    new = ag.agreement_amend(actor=ministry_user, agreement=wf, reason="Nachtrag")
    assert new.budget_lines.get().amount == SIGNED  # a new version copies until taken over
    ag.agreement_take_allocation(actor=ministry_user, agreement=new)
    assert new.budget_lines.get().amount == _current(py, region_wf)
    assert Agreement.objects.get(pk=wf.pk).budget_lines.get().amount == SIGNED


# --- through HTTP ---------------------------------------------------------------------------

def test_the_list_flags_every_mismatch_and_offers_one_action(client, adopted, ministry_user):
    py, wf, da = adopted
    client.force_login(ministry_user)
    page = client.get("/zielvereinbarungen/?jahr=2025").content.decode()
    assert "2 Zielvereinbarungen weichen von der aktuellen Zuweisung ab" in page
    assert "vereinbart 773.920 Euro" in page
    assert page.count("weicht ab") == 2
    response = client.post("/zielvereinbarungen/entwuerfe/zuweisungen/", {"year": "2025"})
    assert response.status_code == 302
    page = client.get("/zielvereinbarungen/?jahr=2025").content.decode()
    assert "Eine Zielvereinbarung weicht von der aktuellen Zuweisung ab" in page
    assert "angleichen" not in page  # nothing left a draft could take over


def test_the_detail_page_shows_agreed_beside_current(client, adopted, ministry_user, region_user,
                                                     region_wf):
    py, wf, da = adopted
    changes.allocation_change_record(
        actor=ministry_user, programme_year=py, kind="cut", effective_date=date(2025, 7, 1),
        reason="Haushaltssperre", lines=[changes.ChangeLine(region_wf, None, Decimal("-50000"))])
    client.force_login(region_user)
    page = client.get(f"/zielvereinbarungen/{wf.pk}/").content.decode()
    assert "Vereinbarter Betrag (§ 4, unterzeichnet)" in page
    assert "773.920 Euro" in page
    assert "Kürzung, wirksam ab 1. Juli 2025" in page and "-50.000 Euro" in page
    assert "behält ihren Betrag von 773.920 Euro" in page
    assert "übernehmen</span></button>" not in page


def test_the_ministry_takes_the_allocation_over_from_the_draft_page(client, adopted,
                                                                    ministry_user,
                                                                    region_foreign):
    py, wf, da = adopted
    client.force_login(ministry_user)
    page = client.get(f"/zielvereinbarungen/{da.pk}/").content.decode()
    assert "Aktuelle Zuweisung (" in page
    client.post(f"/zielvereinbarungen/{da.pk}/haushaltsmittel/zuweisung/")
    assert da.budget_lines.get().amount == _current(py, region_foreign)
    assert "weichen ab" not in client.get(f"/zielvereinbarungen/{da.pk}/").content.decode()


def test_a_region_cannot_take_the_allocation_over(client, adopted, region_user):
    py, wf, da = adopted
    client.force_login(region_user)
    assert client.post(f"/zielvereinbarungen/{da.pk}/haushaltsmittel/zuweisung/"
                       ).status_code in (403, 404)
    assert da.budget_lines.get().amount is None


def test_the_public_page_shows_the_signed_amount_beside_the_allocation(client, adopted,
                                                                       region_wf):
    py, wf, da = adopted
    new = _current(py, region_wf)
    page = client.get(f"/veroeffentlicht/zielvereinbarungen/{wf.pk}/").content.decode()
    assert "Zielvereinbarung 2025: Landkreis Waldeck-Frankenberg" in page
    assert "773.920 Euro" in page
    from aqb.german.money import format_euro
    assert format_euro(new) in page
    assert Agreement.objects.get(pk=wf.pk).status == Status.PUBLISHED


def test_the_adoption_page_shows_current_new_and_difference(client, ministry_user, tmp_path,
                                                            region_wf):
    py, _ind, scenario = planned_year(ministry_user, tmp_path, earmark=Decimal("0"))
    budgets.allocation_set(actor=ministry_user, programme_year=py, region=region_wf,
                           amount=SIGNED)
    client.force_login(ministry_user)
    page = client.get(f"/programmjahre/2025/planung/szenarien/{scenario.pk}/uebernehmen/"
                      ).content.decode()
    assert "Zuweisung bisher" in page and "Zuweisung neu" in page and "Differenz" in page
    assert "773.920,00" in page


def test_the_region_page_names_agreed_and_current(client, adopted, region_user, region_wf):
    client.force_login(region_user)
    page = client.get("/regionen/06635/").content.decode()
    assert "vereinbart 773.920 Euro" in page and "weicht ab" in page
