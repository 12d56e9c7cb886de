from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import override_settings

from aqb.accounts.models import User
from aqb.audit.selectors import audit_chain_verify
from aqb.budgets.models import Allocation, ProgrammeYear


@pytest.mark.django_db
def test_demo_load_is_idempotent_and_complete():
    call_command("demo_load")
    call_command("demo_load")
    assert set(User.objects.values_list("username", flat=True)) == {
        "ministerium", "rp-kassel", "region-06635", "traeger-demo"}
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
