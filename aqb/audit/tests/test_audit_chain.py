import pytest
from django.core.management import CommandError, call_command

from aqb.audit.models import AuditAppendOnlyError, AuditEntry, AuditHead
from aqb.audit.selectors import (
    ChainBroken,
    audit_chain_verify,
    audit_head,
    history_for,
    parse_head,
)
from aqb.audit.services import audit_record, head_text
from aqb.regions.models import Region


@pytest.fixture
def three_entries(ministry_user):
    region = Region.objects.get(ags="06635")
    for i in range(3):
        audit_record(actor=ministry_user, action="test.change", obj=region,
                     changes={"seat": {"before": f"A{i}", "after": f"B{i}"}})
    return region


def test_it_chains_entries_and_verifies(three_entries):
    assert audit_chain_verify() == 3
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].prev_hash == entries[0].hash
    assert entries[0].actor_label == "min"


def test_it_refuses_to_change_or_delete_an_entry_through_the_model(three_entries):
    entry = AuditEntry.objects.first()
    entry.summary = "geändert"
    with pytest.raises(AuditAppendOnlyError):
        entry.save()
    with pytest.raises(AuditAppendOnlyError):
        entry.delete()


def test_it_names_the_first_altered_entry(three_entries):
    AuditEntry.objects.filter(seq=2).update(changes={"seat": {"before": "X", "after": "Y"}})
    with pytest.raises(ChainBroken) as info:
        audit_chain_verify()
    assert info.value.seq == 2
    with pytest.raises(CommandError, match="#2"):
        call_command("audit_verify")


def test_it_notices_a_removed_entry(three_entries):
    AuditEntry.objects.filter(seq=2).delete()  # queryset delete bypasses the model guard
    with pytest.raises(ChainBroken) as info:
        audit_chain_verify()
    assert info.value.seq == 2


def test_it_notices_the_last_entry_removed(three_entries):
    AuditEntry.objects.filter(seq=3).delete()
    with pytest.raises(ChainBroken):
        audit_chain_verify()


def test_history_lists_only_the_objects_entries_newest_first(three_entries, ministry_user):
    other = Region.objects.get(ags="06411")
    audit_record(actor=ministry_user, action="test.other", obj=other)
    history = list(history_for(three_entries))
    assert [e.seq for e in history] == [3, 2, 1]


def test_the_command_reports_an_intact_chain(three_entries, capsys):
    call_command("audit_verify")
    assert "3 Einträge" in capsys.readouterr().out


# --- tampering that the keyed chain and the external head must reveal ------------------------

def test_it_notices_a_changed_actor(three_entries, region_user):
    AuditEntry.objects.filter(seq=2).update(actor=region_user)
    with pytest.raises(ChainBroken) as info:
        audit_chain_verify()
    assert info.value.seq == 2


@pytest.mark.parametrize("field, value", [
    ("object_id", "999"), ("object_type", "regions.other"), ("action", "x.y"),
    ("actor_label", "Jemand"), ("summary", "anders")])
def test_it_notices_any_changed_field(three_entries, field, value):
    AuditEntry.objects.filter(seq=1).update(**{field: value})
    with pytest.raises(ChainBroken) as info:
        audit_chain_verify()
    assert info.value.seq == 1


def test_it_notices_a_changed_timestamp(three_entries):
    from datetime import timedelta

    entry = AuditEntry.objects.get(seq=3)
    AuditEntry.objects.filter(seq=3).update(created_at=entry.created_at - timedelta(hours=1))
    with pytest.raises(ChainBroken) as info:
        audit_chain_verify()
    assert info.value.seq == 3


def test_a_plain_sha256_recomputed_by_someone_without_the_key_does_not_pass(three_entries):
    import hashlib
    import json

    entry = AuditEntry.objects.get(seq=3)
    forged = hashlib.sha256(json.dumps(
        [entry.seq, entry.created_at.isoformat(), entry.actor_label, "x", entry.object_type,
         entry.object_id, entry.object_repr, entry.summary, entry.changes, entry.prev_hash],
        sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
    AuditEntry.objects.filter(seq=3).update(action="x", hash=forged)
    AuditHead.objects.filter(pk=1).update(hash=forged)
    with pytest.raises(ChainBroken) as info:
        audit_chain_verify()
    assert info.value.seq == 3


def test_another_key_does_not_verify(three_entries, settings):
    settings.AQB_AUDIT_KEY = "ein-anderer-schluessel-als-beim-schreiben"
    with pytest.raises(ChainBroken, match="AQB_AUDIT_KEY"):
        audit_chain_verify()


def test_a_missing_head_is_an_error(three_entries):
    AuditHead.objects.all().delete()
    with pytest.raises(ChainBroken, match="Kettenende"):
        audit_chain_verify()


def test_cutting_the_end_together_with_the_head_is_seen_with_the_logged_head(three_entries):
    logged = audit_head()
    last_kept = AuditEntry.objects.get(seq=2)
    AuditEntry.objects.filter(seq=3).delete()
    AuditHead.objects.filter(pk=1).update(seq=2, hash=last_kept.hash)
    assert audit_chain_verify() == 2  # consistent inside the database ...
    with pytest.raises(ChainBroken, match="gekürzt"):
        audit_chain_verify(expect_head=logged)  # ... but not with the end kept outside
    with pytest.raises(CommandError, match="gekürzt"):
        call_command("audit_verify", "--expect-head", head_text(*logged))


def test_the_expected_head_must_match_its_entry(three_entries):
    with pytest.raises(ChainBroken) as info:
        audit_chain_verify(expect_head=(2, "f" * 64))
    assert info.value.seq == 2


def test_a_malformed_expected_head_gets_a_german_message(three_entries):
    with pytest.raises(CommandError, match="NUMMER:HASH"):
        call_command("audit_verify", "--expect-head", "drei")


def test_each_append_writes_the_head_to_the_log(ministry_user, caplog,
                                                django_capture_on_commit_callbacks):
    region = Region.objects.get(ags="06635")
    with caplog.at_level("INFO", logger="aqb.audit"), \
            django_capture_on_commit_callbacks(execute=True):
        entry = audit_record(actor=ministry_user, action="test.change", obj=region)
    assert f"Protokollkopf {entry.seq}:{entry.hash}" in caplog.text


def test_the_command_prints_the_head_to_keep(three_entries, capsys):
    call_command("audit_verify")
    assert f"Kettenende: {head_text(*audit_head())}" in capsys.readouterr().out


# Every transactional test brings back the migrated data (serialized_rollback), so that the
# next one finds the 26 regions and the content types with their original keys.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_rehashes_an_old_chain(ministry_user):
    import hashlib
    import json

    from django.db import connection
    from django.utils import timezone

    call_command("migrate", "audit", "0001", verbosity=0)
    prev = "0" * 64
    now = timezone.now()
    with connection.cursor() as cur:
        for seq in (1, 2):
            h = hashlib.sha256(json.dumps(
                [seq, now.isoformat(), "min", "test", "regions.region", "1", "R", "", {}, prev],
                sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
            cur.execute(
                "INSERT INTO audit_auditentry (seq, created_at, actor_id, actor_label, action, "
                "object_type, object_id, object_repr, summary, changes, prev_hash, hash) "
                "VALUES (%s, %s, %s, 'min', 'test', 'regions.region', '1', 'R', '', '{}', %s, "
                "%s)", [seq, now, ministry_user.pk, prev, h])
            prev = h
        cur.execute("INSERT INTO audit_audithead (id, seq, hash) VALUES (1, 2, %s)", [prev])
    call_command("migrate", verbosity=0)
    assert audit_chain_verify() == 2
    assert AuditEntry.objects.get(seq=2).hash != prev


def test_the_newest_head_can_come_from_the_log_file(three_entries, tmp_path):
    logged = head_text(*audit_head())
    log = tmp_path / "aqb.log"
    seq, hash_ = audit_head()
    log.write_text(f"x Protokollkopf 1:{'a' * 64}\ny Protokollkopf {logged}\nanderes\n"
                   f"Sicherung (…, Protokollkopf #{seq - 1} {'b' * 64})\n")
    call_command("audit_verify", "--expect-head-from", str(log))
    AuditEntry.objects.filter(seq=3).delete()
    AuditHead.objects.filter(pk=1).update(seq=2, hash=AuditEntry.objects.get(seq=2).hash)
    with pytest.raises(CommandError, match="gekürzt"):
        call_command("audit_verify", "--expect-head-from", str(log))
    with pytest.raises(CommandError, match="keine Zeile"):
        (tmp_path / "leer.log").write_text("nichts\n")
        call_command("audit_verify", "--expect-head-from", str(tmp_path / "leer.log"))


def test_the_head_as_the_backup_prints_it_is_accepted(three_entries):
    seq, hash_ = audit_head()
    assert parse_head(f"#{seq} {hash_}") == (seq, hash_)
    call_command("audit_verify", "--expect-head", f"#{seq} {hash_}")
