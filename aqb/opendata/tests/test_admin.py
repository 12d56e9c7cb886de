"""The ministry's publication page: publish and take back a year, confirmed and audited."""

import pytest

from aqb.audit.models import AuditEntry
from aqb.opendata.selectors import public_years

from .helpers import year_with_allocations

pytestmark = pytest.mark.django_db


def test_the_ministry_publishes_and_takes_back_a_year(client, ministry_user):
    year_with_allocations(ministry_user, 2024, publish=False)
    client.force_login(ministry_user)
    page = client.get("/veroeffentlichung/").content.decode()
    assert "2024" in page and "nicht veröffentlicht" in page
    confirm = client.get("/veroeffentlichung/2024/")
    assert "Programmjahr 2024 veröffentlichen" in confirm.content.decode()
    assert public_years() == []  # a GET changes nothing
    done = client.post("/veroeffentlichung/2024/", follow=True)
    assert "Programmjahr 2024 veröffentlicht." in done.content.decode()
    assert public_years() == [2024]
    client.post("/veroeffentlichung/2024/")
    assert public_years() == []
    assert list(AuditEntry.objects.filter(action__startswith="opendata.year")
                .values_list("action", flat=True)) == ["opendata.year.publish",
                                                        "opendata.year.withdraw"]


def test_a_year_without_allocations_is_refused_with_a_message(client, ministry_user):
    from decimal import Decimal

    from aqb.budgets import services
    services.programme_year_create(actor=ministry_user, year=2031, total=Decimal("1"))
    client.force_login(ministry_user)
    response = client.post("/veroeffentlichung/2031/")
    assert response.status_code == 400
    assert "keine Zuweisungen" in response.content.decode()
    assert public_years() == []


@pytest.mark.parametrize("who", ["authority_user", "region_user", "provider_user"])
def test_only_the_ministry_may_publish(client, request, who, ministry_user):
    year_with_allocations(ministry_user, 2024, publish=False)
    client.force_login(request.getfixturevalue(who))
    assert client.get("/veroeffentlichung/").status_code in (403, 404)
    assert client.post("/veroeffentlichung/2024/").status_code in (403, 404)
    assert public_years() == []
