from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import override_settings

from aqb.accounts.models import User
from aqb.audit.selectors import audit_chain_verify
from aqb.budgets.models import Allocation, IndicatorSet, ProgrammeYear, Scenario
from aqb.demo.conferences import PEOPLE
from aqb.demo.management.commands import demo_load

CONFERENCE_PEOPLE = [f"tagung-{ags}-demo" for ags, _ in PEOPLE]


@pytest.mark.django_db
def test_demo_load_is_idempotent_and_complete():
    call_command("demo_load")
    call_command("demo_load")
    # the four demo logins, and the conference demo's staff of other regions (no known
    # password, aqb/demo/conferences.py)
    assert set(User.objects.values_list("username", flat=True)) == {
        "ministerium", "rp-kassel", "region-06635", "traeger-demo", *CONFERENCE_PEOPLE}
    assert User.objects.get(username="region-06635").check_password("demo")
    py = ProgrammeYear.objects.get(year=2025)
    assert py.is_demo
    assert Allocation.objects.filter(programme_year=py).count() == 26
    wf = Allocation.objects.get(programme_year=py, region__ags="06635")
    assert (wf.amount, wf.is_demo) == (Decimal("773920.00"), False)
    assert Allocation.objects.filter(is_demo=True).count() == 25
    earmarked = py.earmarks.aggregate(s=Sum("amount"))["s"]
    assert Allocation.objects.aggregate(s=Sum("amount"))["s"] == py.total - earmarked
    assert audit_chain_verify() > 26


@pytest.mark.django_db
def test_demo_planning_data_is_marked_and_not_adopted():
    # No timing here (timed tests flake on a loaded machine); the second run must add nothing.
    call_command("demo_load")
    counts = {m: m.objects.count() for m in (IndicatorSet, Scenario, ProgrammeYear)}
    call_command("demo_load")
    assert {m: m.objects.count() for m in counts} == counts
    py = ProgrammeYear.objects.get(year=2025)

    (ind,) = IndicatorSet.objects.filter(programme_year=py)
    assert ind.name.startswith("Demo-") and "erfunden" in ind.name
    assert ind.indicators == ["Einwohnerinnen und Einwohner 15–64", "Arbeitslose SGB II",
                              "Jugendliche ohne Ausbildungsplatz"]
    assert len(ind.values) == 26
    assert ind.decimal_values()["06412"]["Arbeitslose SGB II"] == Decimal("18500")

    (scenario,) = Scenario.objects.filter(programme_year=py)
    assert scenario.name.startswith("Demo-")
    assert scenario.indicator_set == ind
    assert scenario.weights == {"Arbeitslose SGB II": "0.5",
                                "Jugendliche ohne Ausbildungsplatz": "0.3",
                                "Einwohnerinnen und Einwohner 15–64": "0.2"}
    # 2023-like: 27.7 Mio by the key, the 1 Mio earmark for Teilzeitausbildung apart.
    assert scenario.total == Decimal("27700000.00")
    amounts = dict(scenario.amounts.values_list("region__ags", "amount"))
    assert len(amounts) == 26 and sum(amounts.values()) == Decimal("27700000.00")
    assert min(amounts.values()) >= Decimal("300000.00")
    assert all(a % 10 == 0 for a in amounts.values())

    # Shown for comparison only: nothing adopted, the allocations are the ones set before.
    assert py.adopted_scenario is None
    wf = Allocation.objects.get(programme_year=py, region__ags="06635")
    assert wf.amount == Decimal("773920.00")
    assert not wf.parts.exists()
    assert amounts["06635"] != wf.amount
    others = [r for r in Allocation.objects.filter(programme_year=py).select_related("region")
              if r.region.ags != "06635"]
    regions = [a.region for a in others]
    expected = demo_load.demo_amounts(regions, Decimal("28700000.00") - Decimal("1000000.00")
                                      - Decimal("773920.00"))
    assert {a.region.ags: a.amount for a in others} == expected


@pytest.mark.django_db
def test_demo_figures_show_euro_per_inhabitant(client):
    call_command("demo_load")
    client.login(username="ministerium", password="demo")
    page = client.get("/programmjahre/2025/grafiken/").content.decode()
    assert "Euro je Einwohnerin oder Einwohner 15–64" in page
    metric = "Einwohnerinnen und Einwohner 15–64"
    response = client.get("/programmjahre/2025/grafiken/", {"bezug": metric})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Karte Hessen: Euro je Einwohnerin oder Einwohner 15–64, AQB 2025" in body
    # Waldeck-Frankenberg: 773,920 EUR / 98,000 inhabitants 15-64 = 7.90 EUR each.
    assert "Landkreis Waldeck-Frankenberg: 7,90 €" in body
    csv = client.get("/programmjahre/2025/grafiken/", {"bezug": metric, "format": "csv"})
    rows = [line.split(";") for line in
            b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()]
    (wf,) = [r for r in rows if r[0] == "06635"]
    assert wf[1] == "Landkreis Waldeck-Frankenberg"
    assert [Decimal(v.replace(",", ".")) for v in wf[2:]] == [
        Decimal("773920"), Decimal("98000"), Decimal("7.90")]


@pytest.mark.django_db
def test_demo_load_refuses_production_settings():
    with override_settings(AQB_PRODUCTION=True), pytest.raises(CommandError, match="Produktiv"):
        call_command("demo_load")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_ui_marks_demo_data(client):
    call_command("demo_load")
    client.login(username="ministerium", password="demo")
    page = client.get("/programmjahre/2025/").content.decode()
    assert "Demo-Betrieb" in page
    assert "Demo</span>" in page


@pytest.mark.django_db
def test_demo_accounts_are_created_through_the_audited_services_as_system():
    from aqb.accounts.models import Membership
    from aqb.audit.models import AuditEntry

    call_command("demo_load")
    created = AuditEntry.objects.filter(action="user.create")
    assert sorted(User.objects.get(pk=pk).username for pk in
                  created.values_list("object_id", flat=True)) == sorted([
        "ministerium", "region-06635", "rp-kassel", "traeger-demo", *CONFERENCE_PEOPLE])
    assert set(created.values_list("actor_label", flat=True)) == {"System"}
    assert AuditEntry.objects.get(action="provider.create").actor_label == "System"
    assert Membership.objects.count() == 4 + len(CONFERENCE_PEOPLE)
    # A second run adds nothing and writes no further account entries.
    call_command("demo_load")
    assert AuditEntry.objects.filter(action__in=["user.create", "membership.add",
                                                 "provider.create"]).count() == \
        5 + len(CONFERENCE_PEOPLE)


@pytest.mark.django_db
def test_a_weak_password_is_refused_to_everyone_but_the_system():
    from django.core.exceptions import PermissionDenied

    from aqb.accounts.models import Role
    from aqb.accounts.services import SYSTEM, MembershipSpec, user_create
    from conftest import make_user

    ministry = make_user("min", Role.MINISTRY)
    with pytest.raises(PermissionDenied):
        user_create(actor=ministry, username="schwach", password="demo", check_password=False,
                    memberships=[MembershipSpec(role=Role.AUTHORITY)])
    with override_settings(AQB_PRODUCTION=True), pytest.raises(PermissionDenied):
        user_create(actor=SYSTEM, username="schwach", password="demo", check_password=False,
                    memberships=[MembershipSpec(role=Role.AUTHORITY)])
    assert not User.objects.filter(username="schwach").exists()


@pytest.mark.django_db
def test_demo_funding_has_regions_in_different_states():
    from aqb.funding.models import Application, Notice

    call_command("demo_load")
    states = dict(Application.objects.values_list("region__ags", "status"))
    assert states["06411"] == "draft" and states["06412"] == "submitted"
    assert states["06413"] == "query" and states["06414"] == "ready"
    assert states["06635"] == "granted" and states["06611"] == "granted"
    kassel = Notice.objects.get(region__ags="06611")
    assert kassel.status == "settled" and kassel.refunds.get().amount > 0
    assert kassel.refunds.get().payments.count() == 1
    assert Application.objects.filter(is_demo=False).count() == 0
    assert Notice.objects.filter(is_demo=True).count() == Notice.objects.count() >= 2
    call_command("demo_load")
    assert Application.objects.count() == len(states)
    assert audit_chain_verify() > 26
