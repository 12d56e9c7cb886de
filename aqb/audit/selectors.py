"""Reading the audit trail."""

from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry
from .services import GENESIS, hash_of, object_type_of


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """The history ("Verlauf") of one object, newest first. Callers check access to obj."""
    return AuditEntry.objects.filter(
        object_type=object_type_of(obj), object_id=str(obj.pk)
    ).select_related("actor").order_by("-seq")


class ChainBroken(Exception):
    def __init__(self, seq: int, reason: str):
        super().__init__(f"Eintrag #{seq}: {reason}")
        self.seq = seq
        self.reason = reason


def audit_chain_verify() -> int:
    """Check the whole chain; return the number of entries, raise ChainBroken at the first fault."""
    from .models import AuditHead

    prev_hash = GENESIS
    expected_seq = 1
    count = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            raise ChainBroken(expected_seq, "fehlt (gelöscht?)")
        if entry.prev_hash != prev_hash:
            raise ChainBroken(entry.seq, "Verkettung zum Vorgänger stimmt nicht")
        if hash_of(entry) != entry.hash:
            raise ChainBroken(entry.seq, "Inhalt wurde nachträglich verändert")
        prev_hash = entry.hash
        expected_seq += 1
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.seq != count:
        raise ChainBroken(count + 1, "fehlt (gelöscht?): das Kettenende verweist auf "
                                     f"Eintrag #{head.seq}")
    if head is not None and head.seq and head.hash != prev_hash:
        raise ChainBroken(head.seq, "Inhalt wurde nachträglich verändert")
    return count
