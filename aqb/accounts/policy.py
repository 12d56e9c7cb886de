"""The one place that decides who may see and change what.

Views declare `access(KIND, RESOLVER)`; object-bound views get their object checked here
before they run; selectors filter with `scope_*`. Everything not granted
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

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

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


def can_see_records(user, region_id: int | None, provider_id: int | None) -> bool:
    """Record-level personal data of a project: its region or its provider only; the state
    (ministry, authority) sees aggregates, not records, unless also a member of the region."""
    p = principal(user)
    return (region_id is not None and region_id in p.region_ids) or (
        provider_id is not None and provider_id in p.provider_ids)


def scope_records(user, qs: QuerySet, *, region_field: str, provider_field: str) -> QuerySet:
    """Record-level rows the user may see (`can_see_records`): none for the state."""
    p = principal(user)
    return qs.filter(Q(**{f"{region_field}__in": p.region_ids})
                     | Q(**{f"{provider_field}__in": p.provider_ids}))


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
PROVIDER_EDIT = "provider_edit"  # logged in; only the object's provider changes it (reports)
# logged in; the project's region or its provider, never the state: record-level personal
# data (participants), which the ministry and the authority see only as aggregates
PROJECT_RECORDS = "project_records"
ACCESS_KINDS = (PUBLIC, LOGIN, STATE, MINISTRY, REGION_OBJECT, REGION_EDIT, PROJECT_OBJECT,
                PROVIDER_EDIT, PROJECT_RECORDS)
# Kinds whose answer depends on one object: they need a Resolver, and the view receives the
# object the resolver found and checked, never the raw key from the URL.
OBJECT_KINDS = (REGION_OBJECT, REGION_EDIT, PROJECT_OBJECT, PROVIDER_EDIT, PROJECT_RECORDS)


@dataclass(frozen=True)
class Resolver:
    """How a view (or API endpoint) finds its object from URL parameters: the lookup IS the
    permission check (healthchecks' `_get_check_for_user`).

    `params` maps the URL parameters the resolver consumes to their types ({"pk": int});
    `load(**params)` returns the object or None; `region_of(obj)` and `provider_of(obj)` say
    whose it is. `name` is the keyword argument the view receives the checked object as.
    Resolvers are defined beside their model's selectors (`AGREEMENT`, `PROJECT`, `REGION`).
    """

    name: str
    params: dict
    load: Callable
    region_of: Callable
    provider_of: Callable | None = None
    not_found: str = "Nicht gefunden."

    def __hash__(self) -> int:
        return hash(self.name)

    def under(self, **names: str) -> Resolver:
        """The same resolver for a route that names its parameters differently, e.g.
        `AGREEMENT.under(agreement_id="pk")` for `/agreements/{agreement_id}`."""
        inner = {new: old for new, old in names.items()}
        params = {new: self.params[old] for new, old in inner.items()}
        load = self.load
        return replace(self, params=params, load=lambda **given: load(
            **{inner[k]: v for k, v in given.items()}))


def resolve(user, kind: str, resolver: Resolver, **params):
    """The object behind `params`, checked for `user` under access `kind`.

    404 when it does not exist or the user may not see it (a stranger cannot probe which keys
    exist); 403 when the user may see it but `kind` asks for a right to change (REGION_EDIT).
    Role checks of STATE/MINISTRY are the caller's (the `access` decorator does them first).
    Usable as is from an API endpoint: `agreement = resolve(request.user, REGION_OBJECT,
    AGREEMENT, pk=pk)`.
    """
    try:
        obj = resolver.load(**params)
    except (ValueError, TypeError, OverflowError):
        obj = None
    if obj is None:
        raise Http404(resolver.not_found)
    if kind == PUBLIC:
        return obj  # a public resolver's `load` itself returns only published material
    region_id = resolver.region_of(obj)
    provider_id = resolver.provider_of(obj) if resolver.provider_of else None
    if not can_view_project(user, region_id, provider_id):
        raise Http404(resolver.not_found)
    if kind == REGION_EDIT and not can_edit_region_data(user, region_id):
        raise PermissionDenied("Sie dürfen diese Angaben lesen, aber nicht ändern.")
    if kind == PROVIDER_EDIT and (provider_id is None
                                  or provider_id not in principal(user).provider_ids):
        raise PermissionDenied("Diese Angaben ändert nur der Träger des Projekts.")
    if kind == PROJECT_RECORDS and not can_see_records(user, region_id, provider_id):
        raise PermissionDenied("Einzelne Datensätze der Teilnehmenden sehen nur der Träger und "
                               "die Gebietskörperschaft; Land und Bewilligungsbehörde sehen "
                               "Auswertungen.")
    return obj


def _api_signature(view, resolver: Resolver) -> inspect.Signature:
    """The signature seen from outside (django-ninja reads it): the URL parameters the
    resolver consumes instead of the object parameter."""
    sig = inspect.signature(view)
    params = []
    for p in sig.parameters.values():
        if p.name == resolver.name:
            params += [inspect.Parameter(n, p.kind, annotation=t)
                       for n, t in resolver.params.items()]
        else:
            params.append(p)
    return sig.replace(parameters=params)


def access(kind: str, resolver: Resolver | None = None, *, post: str | None = None,
           api: bool = False) -> Callable:
    """Mark a view with its access kind and enforce it before the view runs.

    Role kinds (LOGIN, STATE, MINISTRY) are checked on the user. Object kinds (REGION_OBJECT,
    REGION_EDIT, PROJECT_OBJECT) need a `resolver`: the decorator takes the resolver's URL
    parameters, loads and checks the object (`resolve`), and passes the object to the view
    under the resolver's name. A view of an object kind without a resolver fails at import,
    so it cannot skip the check. Other kinds may take a resolver too (404 for a missing key).
    `post` is the kind for requests that change (POST, PUT, PATCH, DELETE) when it differs,
    e.g. `access(REGION_OBJECT, REGION, post=REGION_EDIT)`: the state reads, only the region
    and the ministry save (403 for the authority).
    `api=True` for a JSON endpoint (django-ninja): no redirect to the login page (the API's
    authentication answers 401 before), refusals raise Http404/PermissionDenied for the API's
    error handlers; ninja reads the URL parameters from the wrapper's signature.
    """
    if kind not in ACCESS_KINDS or (post is not None and post not in ACCESS_KINDS):
        raise ValueError(kind)
    if (kind in OBJECT_KINDS or post in OBJECT_KINDS) and resolver is None:
        raise ImproperlyConfigured(
            f"access({kind!r}) braucht einen Resolver: das Objekt wird vor der View geladen "
            "und geprüft.")

    kinds = {"get": kind, "post": post or kind}

    def decorate(view):
        if resolver is not None and resolver.name not in inspect.signature(view).parameters:
            raise ImproperlyConfigured(
                f"{view.__qualname__} muss den Parameter „{resolver.name}“ annehmen.")

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            kind = kinds["post"] if request.method not in ("GET", "HEAD", "OPTIONS") else \
                kinds["get"]
            if kind != PUBLIC and not user.is_authenticated:
                if api:
                    raise PermissionDenied
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if kind == STATE and not is_staff_of_state(user):
                raise PermissionDenied
            if kind == MINISTRY and not is_ministry(user):
                raise PermissionDenied
            if resolver is not None:
                missing = [n for n in resolver.params if n not in kwargs]
                if missing:
                    raise ImproperlyConfigured(
                        f"URL für {view.__qualname__} liefert nicht {missing}.")
                params = {n: kwargs.pop(n) for n in resolver.params}
                kwargs[resolver.name] = resolve(user, kind, resolver, **params)
            return view(request, *args, **kwargs)

        wrapper.aqb_access = kinds["get"]
        wrapper.aqb_access_post = kinds["post"]
        wrapper.aqb_resolver = resolver
        if resolver is not None:
            wrapper.__signature__ = _api_signature(view, resolver)
        return wrapper

    return decorate


class _System:
    """The actor for changes made from the command line (setup, demo data): no person, so
    the audit entry names "System"."""

    is_authenticated = False

    def __str__(self) -> str:
        return "System"


SYSTEM = _System()


def require_ministry(actor, what: str) -> None:
    """For services: only the ministry (or the command line as SYSTEM) may do `what`
    ("Programmjahre ändern"); anyone else gets PermissionDenied naming what was refused."""
    if actor is SYSTEM:
        return
    if not is_ministry(actor):
        raise PermissionDenied(f"Nur das Ministerium darf {what}.")


def require(allowed: bool) -> None:
    """Deny with 403 unless allowed."""
    if not allowed:
        raise PermissionDenied
