"""The one place that decides who may see and change what.

Views start with one of these checks; selectors filter with `scope_*`. Everything not granted
here is denied. Roles come from memberships (a user may hold several):

| role       | sees                              | may change                              |
|------------|-----------------------------------|-----------------------------------------|
| ministry   | everything                        | master data, programme years, budgets   |
| authority  | all regions' funding files        | review, notices, payments               |
| region X   | region X only                     | its projects, applications, reports     |
| provider Y | projects of provider Y only       | participant records and reports         |
| public     | published material only           | nothing                                 |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Role


@dataclass(frozen=True)
class Principal:
    authenticated: bool
    ministry: bool
    authority: bool
    region_ids: frozenset[int]
    provider_ids: frozenset[int]

    @property
    def sees_all_regions(self) -> bool:
        return self.ministry or self.authority

    @property
    def roles(self) -> list[str]:
        out = []
        if self.ministry:
            out.append(Role.MINISTRY)
        if self.authority:
            out.append(Role.AUTHORITY)
        if self.region_ids:
            out.append(Role.REGION)
        if self.provider_ids:
            out.append(Role.PROVIDER)
        return out


ANONYMOUS = Principal(False, False, False, frozenset(), frozenset())


def principal(user) -> Principal:
    """The roles of a user, read once per request and cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_aqb_principal", None)
    if cached is not None:
        return cached
    rows = list(user.memberships.values_list("role", "region_id", "provider_id"))
    p = Principal(
        authenticated=True,
        ministry=any(r == Role.MINISTRY for r, _, _ in rows),
        authority=any(r == Role.AUTHORITY for r, _, _ in rows),
        region_ids=frozenset(reg for r, reg, _ in rows if r == Role.REGION and reg),
        provider_ids=frozenset(pro for r, _, pro in rows if r == Role.PROVIDER and pro),
    )
    user._aqb_principal = p
    return p


# --- questions ---------------------------------------------------------------------------

def is_ministry(user) -> bool:
    return principal(user).ministry


def is_staff_of_state(user) -> bool:
    """Ministry or granting authority: the Land's side."""
    return principal(user).sees_all_regions


def can_view_region(user, region_id: int | None) -> bool:
    p = principal(user)
    return p.sees_all_regions or (region_id is not None and region_id in p.region_ids)


def can_edit_region_data(user, region_id: int | None) -> bool:
    """Changes a region makes to its own files (projects, applications, reports)."""
    p = principal(user)
    return p.ministry or (region_id is not None and region_id in p.region_ids)


def can_edit_master_data(user) -> bool:
    """Regions, ministry names, authority, signatories, programme years."""
    return principal(user).ministry


def can_view_provider(user, provider_id: int | None) -> bool:
    p = principal(user)
    return p.sees_all_regions or (provider_id is not None and provider_id in p.provider_ids)


def can_view_project(user, region_id: int | None, provider_id: int | None) -> bool:
    """State, the project's region, or the provider that runs it."""
    return can_view_region(user, region_id) or (
        provider_id is not None and provider_id in principal(user).provider_ids)


def can_view_audit(user) -> bool:
    return principal(user).sees_all_regions


# --- scoping querysets --------------------------------------------------------------------

def scope_regions(user, qs: QuerySet) -> QuerySet:
    """Regions the user may see."""
    p = principal(user)
    if p.sees_all_regions:
        return qs
    return qs.filter(pk__in=p.region_ids)


def scope_by_region(user, qs: QuerySet, field: str = "region") -> QuerySet:
    """Rows that belong to a region (via `field`) the user may see."""
    p = principal(user)
    if p.sees_all_regions:
        return qs
    return qs.filter(**{f"{field}__in": p.region_ids})


def scope_by_region_or_provider(user, qs: QuerySet, *, region_field: str = "region",
                                provider_field: str = "provider") -> QuerySet:
    """Rows of the user's regions, plus rows of the user's providers."""
    p = principal(user)
    if p.sees_all_regions:
        return qs
    return qs.filter(Q(**{f"{region_field}__in": p.region_ids})
                     | Q(**{f"{provider_field}__in": p.provider_ids}))


# --- view declarations --------------------------------------------------------------------
# Every view declares who may open it. tests/test_url_access.py walks every URL pattern and
# checks each declaration against each role, so a new view cannot forget its check.

PUBLIC = "public"          # anyone, also without login; shows only published material
LOGIN = "login"            # any logged-in user; shows only what the user may see
STATE = "state"            # ministry or granting authority
MINISTRY = "ministry"      # ministry only
REGION_OBJECT = "region"   # logged in; the object's region must be visible to the user
REGION_EDIT = "region_edit"  # logged in; ministry or a member of the object's region
PROJECT_OBJECT = "project"   # logged in; state, the project's region or its provider
ACCESS_KINDS = (PUBLIC, LOGIN, STATE, MINISTRY, REGION_OBJECT, REGION_EDIT, PROJECT_OBJECT)


def access(kind: str) -> Callable:
    """Mark a view with its access kind and enforce the role part of it.

    Object checks (REGION_OBJECT, REGION_EDIT, PROJECT_OBJECT) happen inside the view or its
    selector, since only the view knows the object; the decorator enforces login for them.
    """
    if kind not in ACCESS_KINDS:
        raise ValueError(kind)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if kind != PUBLIC and not user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if kind == STATE and not is_staff_of_state(user):
                raise PermissionDenied
            if kind == MINISTRY and not is_ministry(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.aqb_access = kind
        return wrapper

    return decorate


def require(allowed: bool) -> None:
    """Deny with 403 unless allowed."""
    if not allowed:
        raise PermissionDenied
