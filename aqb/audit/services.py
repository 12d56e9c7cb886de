"""Writing audit entries. Called by every service that changes state.

Each entry's hash is an HMAC-SHA-256, keyed with `settings.AQB_AUDIT_KEY` (from the
environment, never in the database), over every stored field and the predecessor's hash. Someone
with database access but without the key can neither forge nor recompute an entry. After each
append the new end of the chain ("head") is written to the log `aqb.audit`; a head copied from
there (or from a backup) lets `aqb audit_verify --expect-head SEQ:HASH` see a cut-off chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64
HASH_SCHEME = "aqb-audit-v2"
log = logging.getLogger("aqb.audit")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def entry_hash(*, seq: int, created_at: str, actor_id: int | None, actor_label: str,
               action: str, object_type: str, object_id: str, object_repr: str, summary: str,
               changes: Any, prev_hash: str) -> str:
    payload = json.dumps(
        [HASH_SCHEME, seq, created_at, actor_id, actor_label, action, object_type, object_id,
         object_repr, summary, changes, prev_hash],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hmac.new(settings.AQB_AUDIT_KEY.encode(), payload.encode(),
                    hashlib.sha256).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    return entry_hash(
        seq=entry.seq, created_at=entry.created_at.isoformat(), actor_id=entry.actor_id,
        actor_label=entry.actor_label, action=entry.action, object_type=entry.object_type,
        object_id=entry.object_id, object_repr=entry.object_repr, summary=entry.summary,
        changes=entry.changes, prev_hash=entry.prev_hash,
    )


def head_text(seq: int, hash_: str) -> str:
    """The head as written to the log and accepted by `audit_verify --expect-head`."""
    return f"{seq}:{hash_}"


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Fields whose value differs, as {field: {"before": x, "after": y}}."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        k: {"before": _jsonable(before.get(k)), "after": _jsonable(after.get(k))}
        for k in keys
        if _jsonable(before.get(k)) != _jsonable(after.get(k))
    }


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Concrete field values of a model instance (foreign keys as ids)."""
    result: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if f.primary_key:
            continue
        result[f.name] = _jsonable(getattr(obj, f.attname))
    return result


def audit_record(*, actor, action: str, obj: models.Model | None = None,
                 object_type: str = "", object_id: str = "", object_repr: str = "",
                 changes: dict[str, Any] | None = None, summary: str = "") -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        if actor_obj is not None:
            label = actor_obj.get_full_name() or actor_obj.get_username()
            label = f"{label} ({actor_obj.get_username()})" if label != actor_obj.get_username() \
                else label
        else:
            label = actor if isinstance(actor, str) and actor else "System"
        entry = AuditEntry(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor_obj,
            actor_label=label[:200],
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:300],
            summary=summary[:500],
            changes=_jsonable(changes or {}),
            prev_hash=head.hash,
        )
        # Round-trip through JSON so the hash is computed over what the database returns.
        entry.changes = json.loads(json.dumps(entry.changes, ensure_ascii=False))
        entry.hash = hash_of(entry)
        entry.save()
        head.seq = entry.seq
        head.hash = entry.hash
        head.save(update_fields=["seq", "hash"])
        anchor = head_text(entry.seq, entry.hash)
        transaction.on_commit(lambda: log.info("Protokollkopf %s", anchor))
    return entry
