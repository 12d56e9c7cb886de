"""A superseded version stays reachable by id but says that it is replaced, and by what."""

from datetime import date

import pytest

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def _sign(agreement, actor, day):
    ag.agreement_agree(actor=actor, agreement=agreement)
    ag.agreement_sign(actor=actor, agreement=agreement, party="ministry", place="Wiesbaden",
                      day=day, name="Heike Hofmann", title="Staatsministerin")
    ag.agreement_sign(actor=actor, agreement=agreement, party="region", place="Korbach",
                      day=day, name="Karl-Friedrich Frese", title="Erster Kreisbeigeordneter")
    return ag.agreement_publish(actor=actor, agreement=agreement)


@pytest.fixture
def two_versions(wf_draft, ministry_user):
    v1 = _sign(wf_draft, ministry_user, date(2025, 8, 2))
    v2 = ag.agreement_amend(actor=ministry_user, agreement=v1, reason="Projekt ergänzt")
    return Agreement.objects.get(pk=v1.pk), v2, ministry_user


def test_publicly_an_unpublished_amendment_replaces_nothing(client, two_versions):
    v1, v2, _ = two_versions
    page = client.get(f"/veroeffentlicht/zielvereinbarungen/{v1.pk}/").content.decode()
    assert "Ersetzt durch" not in page


def test_a_replaced_published_version_says_so_and_links_the_current_one(client, two_versions):
    v1, v2, ministry = two_versions
    _sign(v2, ministry, date(2025, 9, 1))
    old = client.get(f"/veroeffentlicht/zielvereinbarungen/{v1.pk}/").content.decode()
    assert "Ersetzt durch Fassung 2 vom" in old
    assert f'href="/veroeffentlicht/zielvereinbarungen/{v2.pk}/"' in old
    new = client.get(f"/veroeffentlicht/zielvereinbarungen/{v2.pk}/").content.decode()
    assert "Ersetzt durch" not in new
    listing = client.get("/veroeffentlicht/zielvereinbarungen/").content.decode()
    assert f"/veroeffentlicht/zielvereinbarungen/{v1.pk}/" not in listing


def test_internally_the_old_version_names_its_successor(client, two_versions, region_user):
    v1, v2, _ = two_versions
    client.force_login(region_user)
    page = client.get(f"/zielvereinbarungen/{v1.pk}/").content.decode()
    assert "Ersetzt durch Fassung 2 vom" in page
    assert f'href="/zielvereinbarungen/{v2.pk}/">Zur aktuellen Fassung 2' in page
    assert "Ersetzt durch" not in client.get(f"/zielvereinbarungen/{v2.pk}/").content.decode()


def test_the_published_list_filters_by_year_and_shows_publication_dates(client, two_versions):
    v1, _v2, _ = two_versions
    page = client.get("/veroeffentlicht/zielvereinbarungen/?jahr=2025").content.decode()
    assert "Veröffentlichte Zielvereinbarungen 2025" in page
    assert "veröffentlicht am " in page
    assert "Landkreis Waldeck-Frankenberg" in page
    assert client.get("/veroeffentlicht/zielvereinbarungen/?jahr=abc").status_code == 200
    empty = client.get("/veroeffentlicht/zielvereinbarungen/?jahr=1999").content.decode()
    assert "Landkreis Waldeck-Frankenberg" in empty  # an unknown year shows all years
