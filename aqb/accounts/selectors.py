"""Reads of user accounts and providers, scoped to the user: accounts and memberships only for
the ministry (which manages them); providers for the state and each provider its own."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from . import policy
from .models import Membership, Provider, Role, User


def _memberships() -> Prefetch:
    return Prefetch("memberships", queryset=Membership.objects.select_related(
        "region", "provider").order_by("role", "region__ags", "provider__name"))


def user_list(*, user, role: str = "", query: str = "") -> QuerySet[User]:
    """All accounts (active and deactivated) with their memberships; optionally only those
    holding `role`, and only those whose name, user name, e-mail, region or provider contains
    `query`. Empty for anyone but the ministry."""
    if not policy.is_ministry(user):
        return User.objects.none()
    qs = User.objects.prefetch_related(_memberships()).order_by("last_name", "first_name",
                                                                "username")
    if role in Role.values:
        qs = qs.filter(memberships__role=role)
    for word in (query or "").split():
        qs = qs.filter(
            Q(username__icontains=word) | Q(first_name__icontains=word)
            | Q(last_name__icontains=word) | Q(email__icontains=word)
            | Q(memberships__region__name__icontains=word)
            | Q(memberships__region__ags=word)
            | Q(memberships__provider__name__icontains=word))
    return qs.distinct()


def user_get(*, user, pk: int) -> User:
    """An account with its memberships, for the ministry; 404 otherwise."""
    found = user_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("Benutzerkonto nicht gefunden.")
    return found


def membership_get(*, user, account: User, pk: int) -> Membership:
    """A membership of `account`, for the ministry; 404 otherwise."""
    found = Membership.objects.select_related("region", "provider").filter(
        pk=pk, user=account).first() if policy.is_ministry(user) else None
    if found is None:
        raise Http404("Mitgliedschaft nicht gefunden.")
    return found


def provider_list(*, user) -> QuerySet[Provider]:
    """Providers the user may see: the state all, a provider its own."""
    qs = Provider.objects.order_by("name")
    if policy.is_staff_of_state(user):
        return qs
    return qs.filter(pk__in=policy.principal(user).provider_ids)


def provider_get(*, user, pk: int) -> Provider:
    found = provider_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("Träger nicht gefunden.")
    return found
