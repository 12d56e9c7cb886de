"""Append-only audit trail, chained by keyed hash.

Every entry stores the hash of its predecessor and an HMAC over all its own fields (see
services.entry_hash); `aqb audit_verify` recomputes the chain and names the first entry that
was altered or whose predecessor was removed. `AuditHead` holds the sequence number and hash of
the last entry; writers lock it, so the chain stays linear on PostgreSQL as on SQLite. The actor
is protected: an account with entries cannot be deleted (accounts are deactivated instead), so
the hashed actor id never changes under the chain.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("Laufende Nummer"), unique=True)
    created_at = models.DateTimeField(_("Zeitpunkt"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("Person"),
    )
    actor_label = models.CharField(_("Person (Name)"), max_length=200)
    action = models.CharField(_("Aktion"), max_length=100)
    object_type = models.CharField(_("Objektart"), max_length=100, db_index=True)
    object_id = models.CharField(_("Objekt-ID"), max_length=64, db_index=True)
    object_repr = models.CharField(_("Objekt"), max_length=300)
    summary = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    changes = models.JSONField(_("Änderungen"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokolleinträge")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditAppendOnlyError("Protokolleinträge können nicht geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditAppendOnlyError("Protokolleinträge können nicht gelöscht werden.")


class AuditHead(models.Model):
    """Single row: the end of the chain."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.seq}"
