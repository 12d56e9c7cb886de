import pytest
from django.core.management import CommandError, call_command

from aqb.audit.models import AuditAppendOnlyError, AuditEntry
from aqb.audit.selectors import ChainBroken, audit_chain_verify, history_for
from aqb.audit.services import audit_record
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
