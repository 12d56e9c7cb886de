"""Reading the audit trail."""

from datetime import date

from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry
from .services import GENESIS, hash_of, object_type_of


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """The history ("Verlauf") of one object, newest first. Callers check access to obj."""
    return AuditEntry.objects.filter(
        object_type=object_type_of(obj), object_id=str(obj.pk)
    ).select_related("actor").order_by("-seq")


def audit_log_entries(*, hidden_types: frozenset[str], object_type: str = "",
                      actor_label: str = "", since: date | None = None,
                      until: date | None = None) -> QuerySet[AuditEntry]:
    """The Protokoll, newest first, without the object types the reader may not see.

    `hidden_types` is required: the caller (a face layer that knows the reader's roles) decides
    what this reader may see elsewhere; the audit app knows no roles.
    """
    qs = AuditEntry.objects.exclude(object_type__in=hidden_types)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor_label:
        qs = qs.filter(actor_label=actor_label)
    if since is not None:
        qs = qs.filter(created_at__date__gte=since)
    if until is not None:
        qs = qs.filter(created_at__date__lte=until)
    return qs.select_related("actor").order_by("-seq")


def audit_log_facets(*, hidden_types: frozenset[str]) -> tuple[list[str], list[str]]:
    """Object types and actor names that occur in the entries a reader may see (for filters)."""
    qs = AuditEntry.objects.exclude(object_type__in=hidden_types).order_by()
    types = sorted(qs.values_list("object_type", flat=True).distinct())
    actors = sorted(qs.values_list("actor_label", flat=True).distinct())
    return types, actors


class ChainBroken(Exception):
    def __init__(self, seq: int, reason: str):
        super().__init__(f"Eintrag #{seq}: {reason}")
        self.seq = seq
        self.reason = reason


def parse_head(text: str) -> tuple[int, str]:
    """"SEQ:HASH" as written to the log `aqb.audit` (or "#SEQ HASH" as `aqb backup` prints
    it); ValueError in German if malformed."""
    text = (text or "").strip()
    seq, _, hash_ = text.lstrip("#").replace(" ", ":", 1).partition(":")
    if not seq.isdigit() or len(hash_) != 64 or any(c not in "0123456789abcdef" for c in hash_):
        raise ValueError(f"„{text}“ ist kein Kettenende der Form NUMMER:HASH (64 Hexziffern).")
    return int(seq), hash_


def audit_chain_verify(*, expect_head: tuple[int, str] | None = None) -> int:
    """Check the whole chain; return the number of entries, raise ChainBroken at the first fault.

    Every entry's keyed hash is recomputed (so a change of any field, or a different
    AQB_AUDIT_KEY, shows), each must point to its predecessor, the head row must exist and name
    the last entry, and, if given, `expect_head` (an end recorded outside the database, e.g. in
    the log) must still be part of the chain: that is how a cut-off end is seen even when the
    head row was moved back with it.
    """
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
            raise ChainBroken(entry.seq, "Inhalt wurde nachträglich verändert (oder das Protokoll "
                                         "wird mit einem anderen AQB_AUDIT_KEY geprüft)")
        if expect_head is not None and entry.seq == expect_head[0] \
                and entry.hash != expect_head[1]:
            raise ChainBroken(entry.seq, "stimmt nicht mit dem außerhalb festgehaltenen "
                                         "Kettenende überein")
        prev_hash = entry.hash
        expected_seq += 1
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and count:
        raise ChainBroken(count, "das Kettenende (AuditHead) fehlt")
    if head is not None and head.seq != count:
        raise ChainBroken(count + 1, "fehlt (gelöscht?): das Kettenende verweist auf "
                                     f"Eintrag #{head.seq}")
    if head is not None and head.seq and head.hash != prev_hash:
        raise ChainBroken(head.seq, "das Kettenende (AuditHead) wurde verändert")
    if expect_head is not None and expect_head[0] > count:
        raise ChainBroken(count + 1, f"fehlt: das außerhalb festgehaltene Kettenende nennt "
                                     f"Eintrag #{expect_head[0]}, das Protokoll endet mit "
                                     f"#{count} (gekürzt?)")
    return count


def audit_head() -> tuple[int, str]:
    """The end of the chain as stored: (seq, hash); (0, GENESIS) when empty."""
    from .models import AuditHead

    head = AuditHead.objects.filter(pk=1).first()
    return (head.seq, head.hash) if head is not None else (0, GENESIS)
