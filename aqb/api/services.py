"""Personal API tokens: create, revoke, authenticate. Creation and revocation are audited.

A token is `aqb_` + 43 random URL-safe characters (256 bits). Only its SHA-256 is stored:
the token has full entropy, so a plain hash cannot be reversed by guessing, and lookup by
hash is one indexed query. The user sees the token once, when it is created.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from aqb.accounts import policy
from aqb.audit.services import audit_record

from .models import ApiToken

PREFIX = "aqb_"
MAX_DAYS = 366
DEFAULT_DAYS = 90
# Writing `last_used_at` on every request would turn each read into a write; once a minute
# is exact enough to tell whether a token is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _may_manage(actor, user) -> bool:
    """The user itself or the ministry; `actor=None` is the operator at the command line."""
    return actor is None or actor.pk == user.pk or policy.is_ministry(actor)


@transaction.atomic
def token_create(*, actor, user, name: str, days: int | None = DEFAULT_DAYS
                 ) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token text (shown once)."""
    if not _may_manage(actor, user):
        raise PermissionDenied
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Bitte eine Bezeichnung angeben, z. B. den Namen des Programms."
    elif len(name) > 100:
        errors["name"] = "Höchstens 100 Zeichen."
    if days is not None and not 1 <= days <= MAX_DAYS:
        errors["days"] = f"Die Gültigkeit muss zwischen 1 und {MAX_DAYS} Tagen liegen."
    if not user.is_active:
        errors["name"] = "Für ein deaktiviertes Benutzerkonto gibt es keine Tokens."
    if errors:
        raise ValidationError(errors)
    text = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=text[:12], key_hash=_hash(text), created_at=now,
        expires_at=now + timedelta(days=days) if days else None)
    audit_record(actor=actor, action="API-Token angelegt", obj=user,
                 object_repr=str(user)[:300],
                 summary=f"API-Token „{name}“ ({token.prefix}…) angelegt",
                 changes={"API-Token": [None, f"{name} ({token.prefix}…), gültig bis "
                                        f"{_until(token)}"]})
    return token, text


def _until(token: ApiToken) -> str:
    if token.expires_at is None:
        return "unbegrenzt"
    return timezone.localtime(token.expires_at).strftime("%d.%m.%Y")


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not _may_manage(actor, token.user):
        raise PermissionDenied
    if token.revoked_at is not None:
        raise ValidationError("Dieses Token ist bereits widerrufen.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="API-Token widerrufen", obj=token.user,
                 object_repr=str(token.user)[:300],
                 summary=f"API-Token „{token.name}“ ({token.prefix}…) widerrufen",
                 changes={"API-Token": [f"{token.name} ({token.prefix}…)", "widerrufen"]})
    return token


def token_authenticate(text: str):
    """The active user of a valid token, or None. Notes the last use (once a minute)."""
    if not text or not text.startswith(PREFIX) or len(text) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(text)).first()
    if token is None or not token.is_valid() or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def token_list(*, user):
    return ApiToken.objects.filter(user=user)
