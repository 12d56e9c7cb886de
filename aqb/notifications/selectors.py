"""Reads of notifications: always the user's own."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from . import registry
from .models import CalendarToken, Choice, Notification, Preference


def inbox(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first (nothing for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(*, user) -> int:
    return inbox(user=user).filter(read_at__isnull=True).count()


def preferences(*, user) -> list[dict]:
    """Every registered kind with the user's choice (the kind's default without a row)."""
    if not getattr(user, "is_authenticated", False):
        return []
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "choice"))
    return [{"kind": k, "choice": chosen.get(k.key, k.default),
             "choice_label": Choice(chosen.get(k.key, k.default)).label}
            for k in sorted(registry.KINDS.values(), key=lambda k: k.label)]


def calendar_active(*, user) -> bool:
    return CalendarToken.objects.filter(user_id=getattr(user, "pk", None)).exists()


def calendar_user_unscoped(token: str):
    """The active user whose calendar token this is, else None (the feed answers 404)."""
    from .services import token_hash

    if not token or len(token) > 100:
        return None
    return (get_user_model().objects.filter(calendar_token__token_hash=token_hash(token),
                                            is_active=True).first())


def calendar_events(*, user, day: date) -> list[registry.Event]:
    """The user's deadlines from every registered source (each reads only what the user may
    see), from 60 days before `day` on, by date."""
    events = []
    for source in registry.CALENDAR_SOURCES.values():
        events += [e for e in source(user, day) if (day - e.day).days <= 60]
    return sorted(events, key=lambda e: (e.day, e.uid))
