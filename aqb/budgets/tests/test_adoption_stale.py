"""The adoption page carries the adopted scenario it showed; adopting from a page that is
out of date is refused with a German message to reload (SQLite and PostgreSQL). The
simultaneous case: test_adoption_concurrency.py (PostgreSQL)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from aqb.audit.models import AuditEntry
from aqb.budgets import planning

from .helpers import planned_year

pytestmark = pytest.mark.django_db


def test_adopting_from_an_outdated_page_is_refused(client, ministry_user, tmp_path):
    py, ind, first = planned_year(ministry_user, tmp_path)
    second = planning.scenario_create(actor=ministry_user, programme_year=py, name="B",
                                      indicator_set=ind, weights="einwohner=1",
                                      floor=Decimal("300000"), unit=Decimal("10"))
    client.force_login(ministry_user)
    url = f"/programmjahre/2025/planung/szenarien/{second.pk}/uebernehmen/"
    page = client.get(url).content.decode()
    assert 'name="bisher" value=""' in page
    planning.scenario_adopt(actor=ministry_user, scenario=first)  # a colleague, meanwhile
    stale = client.post(url, {"bisher": ""})
    assert stale.status_code == 400
    assert "Inzwischen hat jemand anderes ein Szenario" in stale.content.decode()
    py.refresh_from_db()
    assert py.adopted_scenario_id == first.pk
    ok = client.post(url, {"bisher": str(first.pk)})
    assert ok.status_code == 302
    py.refresh_from_db()
    assert py.adopted_scenario_id == second.pk


def test_adopting_the_adopted_scenario_again_changes_nothing(ministry_user, tmp_path):
    py, _ind, sc = planned_year(ministry_user, tmp_path)
    planning.scenario_adopt(actor=ministry_user, scenario=sc)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="bereits übernommen"):
        planning.scenario_adopt(actor=ministry_user, scenario=sc)
    assert AuditEntry.objects.count() == entries
