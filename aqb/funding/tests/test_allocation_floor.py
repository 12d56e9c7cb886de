"""An allocation never falls below what its notices grant: a cut below is refused with a
German message (SQLite and PostgreSQL); the race of a cut and a notice:
test_budget_change_concurrency.py (PostgreSQL)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from aqb.budgets.changes import ChangeLine, allocation_change_record
from aqb.budgets.models import AllocationChange, ChangeKind
from aqb.budgets.selectors import allocation_current_unscoped


def _cut(actor, year, region, amount):
    return allocation_change_record(
        actor=actor, programme_year=year, kind=ChangeKind.CUT, effective_date=date(2025, 5, 1),
        reason="Haushaltssperre",
        lines=[ChangeLine(region=region, earmark=None, delta=-Decimal(amount))])


def test_a_cut_below_the_granted_amount_is_refused(notice, year, ministry_user):
    region = notice.region  # 80 000 EUR granted of 500 000 EUR
    with pytest.raises(ValidationError) as err:
        _cut(ministry_user, year, region, "420000.01")
    text = " ".join(err.value.messages)
    assert "79.999,99" in text and "bewilligt sind bereits 80.000,00" in text
    assert "Änderungsbescheid" in text and "Bitte laden Sie die Seite neu" in text
    assert not AllocationChange.objects.exists()
    _cut(ministry_user, year, region, "420000")  # down to exactly the granted amount
    assert allocation_current_unscoped(region, year).current == Decimal("80000")


def test_the_change_form_shows_the_refusal(client, notice, ministry_user):
    client.force_login(ministry_user)
    response = client.post("/programmjahre/2025/aenderungen/neu/", {
        "kind": "cut", "effective_date": "01.07.2025", "reason": "Haushaltssperre",
        "region_1": "06635", "part_1": "", "amount_1": "450.000"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "bewilligt sind bereits" in body and "Bitte laden Sie die Seite neu" in body
    assert not AllocationChange.objects.exists()
