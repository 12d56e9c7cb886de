import pytest

from aqb.accounts import policy
from aqb.accounts.models import Membership, Role
from aqb.regions.models import Region
from aqb.regions.selectors import REGION


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


# --- object-bound access: the lookup is the check --------------------------------------------

def test_an_object_bound_view_without_resolver_fails_at_import():
    from django.core.exceptions import ImproperlyConfigured

    for kind in policy.OBJECT_KINDS:
        with pytest.raises(ImproperlyConfigured):
            policy.access(kind)


def test_a_view_must_take_the_object_its_resolver_gives():
    from django.core.exceptions import ImproperlyConfigured

    from aqb.regions.selectors import REGION

    with pytest.raises(ImproperlyConfigured):
        @policy.access(policy.REGION_OBJECT, REGION)
        def view(request, ags):  # still expects the raw key
            return None


def _call(view, user, **kwargs):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return view(request, **kwargs)


@policy.access(policy.REGION_OBJECT, REGION)
def _region_view(request, region):
    return region


@policy.access(policy.REGION_EDIT, REGION)
def _region_edit_view(request, region):
    return region


@pytest.mark.django_db
def test_the_view_receives_the_checked_object(region_user, region_wf):
    assert _call(_region_view, region_user, ags="06635") == region_wf


@pytest.mark.django_db
def test_a_foreign_or_missing_object_is_not_found(region_user, provider_user):
    from django.http import Http404

    for ags in ("06411", "99999", "<script>"):
        with pytest.raises(Http404):
            _call(_region_view, region_user, ags=ags)
    with pytest.raises(Http404):
        _call(_region_view, provider_user, ags="06635")


@pytest.mark.django_db
def test_a_reader_who_may_not_write_is_forbidden(authority_user, region_user, ministry_user,
                                                 region_wf):
    from django.core.exceptions import PermissionDenied

    assert _call(_region_view, authority_user, ags="06635") == region_wf
    with pytest.raises(PermissionDenied):
        _call(_region_edit_view, authority_user, ags="06635")
    assert _call(_region_edit_view, region_user, ags="06635") == region_wf
    assert _call(_region_edit_view, ministry_user, ags="06411").ags == "06411"


@pytest.mark.django_db
def test_a_project_is_seen_by_its_provider_only(provider_user, provider, region_wf,
                                                foreign_region_user):
    from django.http import Http404

    from aqb.projects.models import Project
    from aqb.projects.selectors import PROJECT

    run = Project.objects.create(region=region_wf, provider=provider, name="P", first_year=2025,
                                 measure_number=1)
    other = Project.objects.create(region=region_wf, name="Q", first_year=2025, measure_number=1)
    assert policy.resolve(provider_user, policy.PROJECT_OBJECT, PROJECT, pk=run.pk) == run
    for user, pk in ((provider_user, other.pk), (foreign_region_user, run.pk)):
        with pytest.raises(Http404):
            policy.resolve(user, policy.PROJECT_OBJECT, PROJECT, pk=pk)


def test_an_endpoint_shows_the_url_parameters_not_the_object():
    """An API framework reading the signature (django-ninja) sees `pk`, the view `agreement`."""
    import inspect

    from aqb.agreements.views import agreement_download

    assert list(inspect.signature(agreement_download).parameters) == ["request", "pk", "fmt"]
    assert agreement_download.aqb_resolver.name == "agreement"


@pytest.mark.django_db
def test_require_ministry_names_what_is_refused(region_user, ministry_user):
    from django.core.exceptions import PermissionDenied

    policy.require_ministry(ministry_user, "Programmjahre ändern")
    with pytest.raises(PermissionDenied, match="Nur das Ministerium darf Programmjahre ändern."):
        policy.require_ministry(region_user, "Programmjahre ändern")


@policy.access(policy.REGION_OBJECT, REGION, post=policy.REGION_EDIT)
def _region_read_write_view(request, region):
    return region


@pytest.mark.django_db
def test_the_state_reads_but_only_the_region_writes(authority_user, region_user, region_wf):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    def call(method, user):
        request = getattr(RequestFactory(), method)("/")
        request.user = user
        return _region_read_write_view(request, ags="06635")

    assert call("get", authority_user) == region_wf
    with pytest.raises(PermissionDenied):
        call("post", authority_user)
    assert call("post", region_user) == region_wf


def test_an_api_endpoint_uses_the_same_resolver_under_its_own_parameter_name():
    import inspect

    from aqb.api.endpoints import agreement

    assert list(inspect.signature(agreement).parameters) == ["request", "agreement_id"]
    assert agreement.aqb_access == policy.REGION_OBJECT
    assert agreement.aqb_resolver.name == "agreement"


@pytest.mark.django_db
def test_only_the_provider_of_a_project_writes_under_provider_edit(
        provider_user, provider, region_wf, region_user, ministry_user, authority_user,
        foreign_region_user):
    """PROVIDER_EDIT: the project's provider writes; those who may read it (state, region)
    get 403, everyone else 404."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from aqb.projects.models import Project
    from aqb.projects.selectors import PROJECT

    run = Project.objects.create(region=region_wf, provider=provider, name="P", first_year=2025,
                                 measure_number=1)
    assert policy.resolve(provider_user, policy.PROVIDER_EDIT, PROJECT, pk=run.pk) == run
    for reader in (region_user, ministry_user, authority_user):
        with pytest.raises(PermissionDenied):
            policy.resolve(reader, policy.PROVIDER_EDIT, PROJECT, pk=run.pk)
    with pytest.raises(Http404):
        policy.resolve(foreign_region_user, policy.PROVIDER_EDIT, PROJECT, pk=run.pk)
