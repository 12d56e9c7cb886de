from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.budgets import services
from aqb.budgets.models import Allocation, ProgrammeYear


@pytest.mark.django_db
def test_a_new_year_gets_four_measure_types_and_the_march_deadline(ministry_user):
    py = services.programme_year_create(actor=ministry_user, year=2026,
                                        total=Decimal("27700000"))
    assert py.application_deadline == date(2026, 3, 31)
    assert [m.number for m in py.measure_types.all()] == [1, 2, 3, 4]
    assert py.measure_types.get(number=1).title == "Ausbildungsvorbereitung"
    assert py.total == Decimal("27700000.00")
    assert AuditEntry.objects.filter(action="programme_year.create").count() == 1


@pytest.mark.django_db
def test_measure_type_titles_carry_over_to_the_next_year(ministry_user):
    py = services.programme_year_create(actor=ministry_user, year=2025, total=Decimal("1"))
    services.measure_type_update(actor=ministry_user, measure_type=py.measure_types.get(number=1),
                                 title="Ausbildungs- und Qualifizierungsvorbereitung")
    nxt = services.programme_year_create(actor=ministry_user, year=2026, total=Decimal("1"))
    assert nxt.measure_types.get(number=1).title == "Ausbildungs- und Qualifizierungsvorbereitung"


@pytest.mark.django_db
def test_money_must_not_be_float(ministry_user):
    with pytest.raises(TypeError):
        services.programme_year_create(actor=ministry_user, year=2026, total=27.7)


@pytest.mark.django_db
def test_earmarks_may_not_exceed_the_total_and_nothing_is_kept(ministry_user):
    py = services.programme_year_create(actor=ministry_user, year=2026, total=Decimal("1000"))
    with pytest.raises(ValidationError, match="übersteigen"):
        services.earmark_save(actor=ministry_user, programme_year=py, name="Teilzeitausbildung",
                              amount=Decimal("1000.01"))
    assert not py.earmarks.exists()


@pytest.mark.django_db
def test_lowering_the_total_below_the_earmarks_is_refused(ministry_user):
    py = services.programme_year_create(actor=ministry_user, year=2026, total=Decimal("1000"))
    services.earmark_save(actor=ministry_user, programme_year=py, name="TZA",
                          amount=Decimal("800"))
    with pytest.raises(ValidationError):
        services.programme_year_update(actor=ministry_user, programme_year=py,
                                       total=Decimal("500"))
    py.refresh_from_db()
    assert py.total == Decimal("1000.00")


@pytest.mark.django_db
def test_only_the_ministry_changes_programme_years(region_user):
    with pytest.raises(PermissionDenied):
        services.programme_year_create(actor=region_user, year=2026, total=Decimal("1"))


@pytest.mark.django_db
def test_an_allocation_change_is_audited_with_before_and_after(ministry_user, region_wf):
    py = services.programme_year_create(actor=ministry_user, year=2025, total=Decimal("1000000"))
    services.allocation_set(actor=ministry_user, programme_year=py, region=region_wf,
                            amount=Decimal("773920"))
    services.allocation_set(actor=ministry_user, programme_year=py, region=region_wf,
                            amount=Decimal("700000"))
    entry = AuditEntry.objects.filter(action="allocation.set").order_by("-seq").first()
    assert entry.changes["amount"] == {"before": "773920.00", "after": "700000.00"}
    assert Allocation.objects.get().amount == Decimal("700000.00")


@pytest.mark.django_db
def test_the_form_takes_german_amounts(client, ministry_user):
    client.force_login(ministry_user)
    response = client.post("/programmjahre/neu/", {"year": "2026", "total": "27.700.000,00"})
    assert response.status_code == 302
    assert ProgrammeYear.objects.get(year=2026).total == Decimal("27700000.00")


@pytest.mark.django_db
def test_a_bad_amount_names_the_field_and_saves_nothing(client, ministry_user):
    client.force_login(ministry_user)
    response = client.post("/programmjahre/neu/", {"year": "2026", "total": "12,3,4"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Gesamtbetrag (Euro)" in page and "keine gültige Zahl" in page
    assert not ProgrammeYear.objects.exists()


@pytest.mark.django_db
def test_editing_a_year_changes_figures_and_titles_together(client, ministry_user):
    py = services.programme_year_create(actor=ministry_user, year=2026, total=Decimal("1000"))
    client.force_login(ministry_user)
    data = {"total": "2.000", "application_deadline": "2026-03-31", "notes": "",
            "measure_1": "Neu 1", "measure_2": "B", "measure_3": "C", "measure_4": "D"}
    assert client.post("/programmjahre/2026/bearbeiten/", data).status_code == 302
    py.refresh_from_db()
    assert py.total == Decimal("2000.00")
    assert py.measure_types.get(number=1).title == "Neu 1"
    page = client.get("/programmjahre/2026/").content.decode()
    assert "Neu 1" in page and "Verlauf" in page


@pytest.mark.django_db
def test_a_region_sees_only_its_own_allocation_on_the_year_page(client, ministry_user,
                                                                region_user, region_wf,
                                                                region_foreign):
    py = services.programme_year_create(actor=ministry_user, year=2025, total=Decimal("2000000"))
    services.allocation_set(actor=ministry_user, programme_year=py, region=region_wf,
                            amount=Decimal("773920"))
    services.allocation_set(actor=ministry_user, programme_year=py, region=region_foreign,
                            amount=Decimal("987654"))
    client.force_login(region_user)
    page = client.get("/programmjahre/2025/").content.decode()
    assert "773.920,00" in page
    assert "987.654" not in page and "Darmstadt" not in page


@pytest.mark.django_db
def test_a_total_below_the_earmarks_is_shown_at_the_total_in_german_euro(client,
                                                                         ministry_user):
    py = services.programme_year_create(actor=ministry_user, year=2026,
                                        total=Decimal("2000000"))
    services.earmark_save(actor=ministry_user, programme_year=py, name="TZA",
                          amount=Decimal("1000000"))
    client.force_login(ministry_user)
    data = {"total": "500.000", "application_deadline": "2026-03-31", "notes": "",
            "measure_1": "A", "measure_2": "B", "measure_3": "C", "measure_4": "D"}
    response = client.post("/programmjahre/2026/bearbeiten/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["total"]
    assert "1.000.000,00\u00a0€" in errors["total"][0]
    assert "500.000,00\u00a0€" in errors["total"][0]
    py.refresh_from_db()
    assert py.total == Decimal("2000000.00")


@pytest.mark.django_db
def test_service_amounts_are_read_german_and_rounded_half_up_like_the_forms(ministry_user):
    py = services.programme_year_create(actor=ministry_user, year=2026,
                                        total="27.700.000,00")
    assert py.total == Decimal("27700000.00")
    em = services.earmark_save(actor=ministry_user, programme_year=py, name="TZA",
                               amount=Decimal("1000.125"))
    assert em.amount == Decimal("1000.13")
    with pytest.raises(ValidationError) as info:
        services.earmark_save(actor=ministry_user, programme_year=py, name="B", amount="1,2,3")
    assert list(info.value.message_dict) == ["amount"]
