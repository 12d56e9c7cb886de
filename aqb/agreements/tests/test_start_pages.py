"""The start page of each role lists what waits for that user, not only links."""

from datetime import date
from decimal import Decimal

import pytest

from aqb.agreements import services as ag
from aqb.agreements.selectors import work_list
from aqb.budgets import changes
from aqb.budgets.models import Allocation
from aqb.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(wf_draft, ministry_user, year_2025):
    """06635 signed by the ministry (waits for the region); 06411 a draft below its
    allocation."""
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="Heike Hofmann",
                      title="Staatsministerin")
    da = Region.objects.get(ags="06411")
    ag.agreement_create_draft(actor=ministry_user, region=da, programme_year=year_2025)
    Allocation.objects.create(programme_year=year_2025, region=da, amount=Decimal("500000"))
    return wf_draft


def test_the_ministry_sees_drafts_signatures_and_mismatches(client, waiting, ministry_user):
    work = work_list(user=ministry_user)
    assert [a.region.ags for a in work.drafts] == ["06411"]
    assert [a.region.ags for a in work.to_sign_region] == ["06635"]
    assert [c.agreement.region.ags for c in work.mismatches] == ["06411"]
    client.force_login(ministry_user)
    page = client.get("/").content.decode()
    assert "Was auf Sie wartet" in page
    assert "Entwürfe in Arbeit (1)" in page
    assert "Unterschrift der Gebietskörperschaft ausstehend (1)" in page
    assert "Abweichungen von der aktuellen Zuweisung (1)" in page


def test_a_region_sees_its_signature_and_its_cash_plan(client, waiting, region_user,
                                                       ministry_user, year_2025):
    client.force_login(region_user)
    page = client.get("/").content.decode()
    assert "Zur Unterschrift durch Sie (1)" in page
    assert f"/zielvereinbarungen/{waiting.pk}/unterschrift/region/" in page
    assert "Darmstadt" not in page  # the other region's draft is not its business
    assert "Noch kein Kassenplan erfasst (Zuweisung 773.920,00" in page
    changes.cash_plan_set(actor=region_user, programme_year=year_2025,
                          region=Region.objects.get(ags="06635"),
                          amounts={2025: Decimal("400000")})
    page = client.get("/").content.decode()
    assert "Geplant 400.000,00" in page and "noch 373.920,00" in page


def test_the_authority_sees_what_it_may_read(client, waiting, authority_user):
    client.force_login(authority_user)
    page = client.get("/").content.decode()
    assert "Was Sie einsehen können" in page
    assert "Entwürfe in Arbeit" not in page


def test_a_provider_sees_no_agreement_work(waiting, provider_user):
    assert not work_list(user=provider_user)
