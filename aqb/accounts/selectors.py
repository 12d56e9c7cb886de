"""Reads of user accounts and providers. Only the ministry manages them (views check that)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Membership, Provider, Role, User


def _memberships() -> Prefetch:
    return Prefetch("memberships", queryset=Membership.objects.select_related(
        "region", "provider").order_by("role", "region__ags", "provider__name"))


def user_list(*, role: str = "", query: str = "") -> QuerySet[User]:
    """All accounts (active and deactivated) with their memberships; optionally only those
    holding `role`, and only those whose name, user name, e-mail, region or provider contains
    `query`."""
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


def user_get(*, pk: int) -> User:
    return get_object_or_404(User.objects.prefetch_related(_memberships()), pk=pk)


def membership_get(*, user: User, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("region", "provider"),
                             pk=pk, user=user)


def provider_list() -> QuerySet[Provider]:
    return Provider.objects.order_by("name")


def provider_get(*, pk: int) -> Provider:
    return get_object_or_404(Provider, pk=pk)
