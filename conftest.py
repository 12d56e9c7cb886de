"""Shared fixtures: users per role on the migrated master data (26 regions)."""

import pytest

from aqb.accounts.models import Membership, Provider, Role, User
from aqb.regions.models import Region


def make_user(username: str, role: str | None = None, *, region=None, provider=None) -> User:
    user = User.objects.create_user(username=username, password="geheim-und-lang-genug")
    if role is not None:
        Membership.objects.create(user=user, role=role, region=region, provider=provider)
    return user


@pytest.fixture
def region_wf(db) -> Region:
    return Region.objects.get(ags="06635")


@pytest.fixture
def region_foreign(db) -> Region:
    return Region.objects.get(ags="06411")


@pytest.fixture
def provider(db) -> Provider:
    return Provider.objects.create(name="Bildungswerk Test gGmbH")


@pytest.fixture
def ministry_user(db) -> User:
    return make_user("min", Role.MINISTRY)


@pytest.fixture
def authority_user(db) -> User:
    return make_user("rp", Role.AUTHORITY)


@pytest.fixture
def region_user(region_wf) -> User:
    return make_user("wf", Role.REGION, region=region_wf)


@pytest.fixture
def foreign_region_user(region_foreign) -> User:
    return make_user("da", Role.REGION, region=region_foreign)


@pytest.fixture
def provider_user(provider) -> User:
    return make_user("tr", Role.PROVIDER, provider=provider)


def pytest_collection_modifyitems(config, items):
    """Every transactional test must bring back the migrated data (serialized_rollback=True).

    A flush without it re-creates the content types under new keys at its end, and the next
    serialized test (the browser tests) then fails to restore the 26 regions. Fail early and
    say why instead of failing somewhere else later.
    """
    wrong = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get("transaction"))
        if transactional and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            wrong.append(item.nodeid)
    if wrong:
        raise pytest.UsageError(
            "Transaktionale Tests brauchen @pytest.mark.django_db(transaction=True, "
            "serialized_rollback=True): " + ", ".join(wrong))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (public responses are cached per data version;
    tests that write rows without an audit entry must not see another test's pages)."""
    from django.core.cache import cache

    cache.clear()
    yield
