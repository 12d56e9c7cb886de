"""The Verlauf speaks German: field labels, choice labels, money; no codes."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from aqb.audit.services import audit_record
from aqb.regions.models import Region

LINES = Template("{% load audit %}{% entry_title e %}|{% change_lines e as lines %}"
                 "{% for k, label, text in lines %}{{ label }}: {{ text }};{% endfor %}")


def words(entry) -> str:
    return LINES.render(Context({"e": entry}))


@pytest.mark.django_db
def test_a_region_change_reads_in_german(ministry_user):
    region = Region.objects.get(ags="06635")
    entry = audit_record(actor=ministry_user, action="region.update", obj=region, changes={
        "genitive_override": {"before": "", "after": "des Landkreises W.-F."},
        "kind": {"before": "landkreis", "after": "kreisfreie_stadt"}})
    text = words(entry)
    assert text.startswith("Stammdaten geändert|")
    assert "Genitiv (abweichend): – → des Landkreises W.-F.;" in text
    assert "Art: Landkreis → kreisfreie Stadt;" in text
    assert "genitive_override" not in text


@pytest.mark.django_db
def test_money_status_and_budget_lines_are_shown_as_such(ministry_user):
    from aqb.budgets.models import Allocation, ProgrammeYear

    py = ProgrammeYear.objects.create(year=2025, total=Decimal("1"))
    alloc = Allocation.objects.create(programme_year=py, region=Region.objects.get(ags="06635"),
                                      amount=Decimal("773920"))
    entry = audit_record(actor=ministry_user, action="allocation.set", obj=alloc,
                         changes={"amount": {"before": None, "after": "773920.00"}})
    assert "Betrag (Euro): – → 773.920,00\u00a0€" in words(entry)
    entry = audit_record(actor=ministry_user, action="agreement.agree", obj=py, changes={
        "status": {"before": "draft", "after": "agreed"},
        "budgets": {"before": [], "after": [["AQB", "773920.00"]]},
        "measures": {"before": {}, "after": {"1": ["X", ["Y"]]}}})
    text = words(entry)
    assert text.startswith("Als abgestimmt festgeschrieben|")
    assert "Status: Entwurf → Abgestimmt;" in text
    assert "Haushaltsmittel: – → AQB 773.920,00\u00a0€;" in text
    assert "measures" not in text and "draft" not in text
