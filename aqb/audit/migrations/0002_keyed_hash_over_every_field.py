"""Re-hash the existing chain with the keyed scheme (HMAC-SHA-256 over every field, including
the actor id), after checking it under the old plain SHA-256 scheme.

A chain that is already broken under the old scheme is not re-hashed (that would launder the
damage): the migration stops and names the entry. Both schemes are frozen here so that later
changes to aqb.audit.services cannot change what this migration did.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64


def _payload(items) -> bytes:
    return json.dumps(items, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode()


def _old_hash(e, prev_hash):
    return hashlib.sha256(_payload(
        [e.seq, e.created_at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id,
         e.object_repr, e.summary, e.changes, prev_hash])).hexdigest()


def _new_hash(e, prev_hash):
    return hmac.new(settings.AQB_AUDIT_KEY.encode(), _payload(
        ["aqb-audit-v2", e.seq, e.created_at.isoformat(), e.actor_id, e.actor_label, e.action,
         e.object_type, e.object_id, e.object_repr, e.summary, e.changes, prev_hash]),
        hashlib.sha256).hexdigest()


def rehash(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    old_prev = new_prev = GENESIS
    expected = 1
    for e in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if e.seq != expected or e.prev_hash != old_prev or _old_hash(e, old_prev) != e.hash:
            raise RuntimeError(
                f"Änderungsprotokoll vor der Umstellung beschädigt bei Eintrag #{expected}; "
                "bitte zuerst klären (aqb audit_verify mit dem alten Stand).")
        old_prev = e.hash
        new_hash = _new_hash(e, new_prev)
        AuditEntry.objects.filter(pk=e.pk).update(prev_hash=new_prev, hash=new_hash)
        new_prev = new_hash
        expected += 1
    if expected > 1:
        AuditHead.objects.update_or_create(pk=1, defaults={"seq": expected - 1,
                                                           "hash": new_prev})


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry", name="actor",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="Person"),
        ),
        migrations.RunPython(rehash, migrations.RunPython.noop),
    ]
