"""The ministry decides per programme year whether § 5 of the agreements lists the targets
(issue 11, item 1): switched on the year's edit page, audited, shown on the year page."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from aqb.audit.models import AuditEntry
from aqb.budgets import services
from aqb.budgets.models import ProgrammeYear

pytestmark = pytest.mark.django_db

DATA = {"total": "1.000", "application_deadline": "2026-03-31", "notes": "",
        "measure_1": "A", "measure_2": "B", "measure_3": "C", "measure_4": "D"}


def test_the_ministry_switches_the_targets_on_and_off(client, ministry_user):
    py = services.programme_year_create(actor=ministry_user, year=2026, total=Decimal("1000"))
    client.force_login(ministry_user)
    form = client.get("/programmjahre/2026/bearbeiten/").content.decode()
    assert "Ziele der Projekte im Dokument der Zielvereinbarung (§ 5) aufführen" in form
    assert client.post("/programmjahre/2026/bearbeiten/",
                       {**DATA, "agreement_shows_targets": "on"}).status_code == 302
    py.refresh_from_db()
    assert py.agreement_shows_targets is True
    entry = AuditEntry.objects.filter(action="programme_year.update").latest("pk")
    assert entry.changes["agreement_shows_targets"] == {"before": False, "after": True}
    assert "werden aufgeführt" in client.get("/programmjahre/2026/").content.decode()
    assert client.post("/programmjahre/2026/bearbeiten/", DATA).status_code == 302
    assert ProgrammeYear.objects.get(pk=py.pk).agreement_shows_targets is False


def test_only_the_ministry_switches(client, ministry_user, region_user):
    py = services.programme_year_create(actor=ministry_user, year=2026, total=Decimal("1000"))
    with pytest.raises(PermissionDenied):
        services.programme_year_update(actor=region_user, programme_year=py,
                                       agreement_shows_targets=True)
    client.force_login(region_user)
    r = client.post("/programmjahre/2026/bearbeiten/", {**DATA, "agreement_shows_targets": "on"})
    assert r.status_code in (403, 404)
    assert ProgrammeYear.objects.get(pk=py.pk).agreement_shows_targets is False
