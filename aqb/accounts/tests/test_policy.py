import pytest

from aqb.accounts import policy
from aqb.accounts.models import Membership, Role
from aqb.regions.models import Region


@pytest.mark.django_db
def test_scope_regions_gives_each_role_its_part(ministry_user, authority_user, region_user,
                                                provider_user):
    qs = Region.objects.all()
    assert policy.scope_regions(ministry_user, qs).count() == 26
    assert policy.scope_regions(authority_user, qs).count() == 26
    assert list(policy.scope_regions(region_user, qs).values_list("ags", flat=True)) == ["06635"]
    assert policy.scope_regions(provider_user, qs).count() == 0


@pytest.mark.django_db
def test_a_user_may_hold_several_memberships(region_user, region_foreign):
    Membership.objects.create(user=region_user, role=Role.REGION, region=region_foreign)
    region_user.refresh_from_db()
    got = set(policy.scope_regions(region_user, Region.objects.all()).values_list("ags",
                                                                                   flat=True))
    assert got == {"06635", "06411"}


@pytest.mark.django_db
def test_a_user_without_membership_sees_nothing(db):
    from conftest import make_user

    nobody = make_user("nobody")
    assert not policy.can_view_region(nobody, Region.objects.get(ags="06635").pk)
    assert policy.scope_regions(nobody, Region.objects.all()).count() == 0


@pytest.mark.django_db
def test_an_inactive_user_has_no_roles(ministry_user):
    ministry_user.is_active = False
    assert not policy.is_ministry(ministry_user)


@pytest.mark.django_db
def test_a_membership_must_fit_its_role(ministry_user, region_wf):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=ministry_user, role=Role.REGION)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=ministry_user, role=Role.MINISTRY, region=region_wf)
