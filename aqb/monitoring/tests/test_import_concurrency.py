"""Two participant imports into the same project and year at the same time, on PostgreSQL,
each in its own thread and database connection (tests/concurrency.py; skipped on SQLite).
The project's row lock serialises them: the second sees the first's records and merges
(unchanged, corrected, re-entry) instead of inserting them again; no duplicate record, no
error page, figures as from scratch, the audit chain stays valid."""

import datetime

from aqb.audit.models import AuditEntry
from aqb.monitoring.importing import participants_import
from aqb.monitoring.models import Participant, Tally
from aqb.monitoring.records import ParticipantData, participant_save
from aqb.monitoring.tally import tally_rebuild
from tests.concurrency import (
    ONLY_POSTGRES,
    assert_chain_valid,
    assert_no_errors,
    race,
    successes,
)

from .test_importing import HEADER, write

pytestmark = ONLY_POSTGRES

ROWS = 150


def _file(tmp_path, name, ids):
    lines = [HEADER] + [f"A-{i};13.02.2025;;w;2004;SGB II;ISCED 0-2;06635;;nein" for i in ids]
    return write(tmp_path, "\n".join(lines), name=name)


def _import(actor, project, path):
    def call():
        result = participants_import(actor=actor, project=project, year=2025, path=path,
                                     name=path.name)
        assert result.ok, result.errors
        return result
    return call


def _tally(project):
    return sorted(Tally.objects.filter(project=project, year=2025).values_list(
        "period_year", "quarter", "attribute", "value", "entries", "exits"))


def test_two_imports_of_overlapping_files_store_each_person_once(tmp_path, project,
                                                                  provider_user):
    first = _file(tmp_path, "erste.csv", range(ROWS))
    second = _file(tmp_path, "zweite.csv", range(ROWS // 2, ROWS + ROWS // 2))
    outcomes = race(_import(provider_user, project, first),
                    _import(provider_user, project, second))
    assert_no_errors(outcomes)
    assert len(successes(outcomes)) == 2, outcomes
    people = Participant.objects.filter(project=project, year=2025)
    assert people.count() == ROWS + ROWS // 2
    assert people.values("pseudonym").distinct().count() == people.count()
    created = sorted(r.created for r in outcomes)
    assert created == [ROWS // 2, ROWS]  # whoever came second found the overlap stored
    # the figures are those of the stored records (a rebuild from scratch changes nothing)
    stored = _tally(project)
    tally_rebuild(project=project, year=2025)
    assert _tally(project) == stored
    assert AuditEntry.objects.filter(action="monitoring.import").count() == 2
    assert_chain_valid()


def test_the_same_person_entered_twice_at_once_is_one_record(project, provider_user):
    data = ParticipantData(pseudonym="t:A-1", pseudonym_kind="provider",
                           entry_date=datetime.date(2025, 2, 3), gender="w",
                           birth_year=2004, scheme="sgb2", residence_ags="06635")

    def save():
        return participant_save(actor=provider_user, project=project, year=2025, data=data)[1]

    outcomes = race(save, save, save)
    assert_no_errors(outcomes)
    assert Participant.objects.filter(project=project, year=2025).count() == 1
    assert sorted(outcomes) == ["neu", "unverändert", "unverändert"], outcomes
    assert AuditEntry.objects.filter(action="monitoring.record.create").count() == 1
    assert_chain_valid()


def test_two_corrections_of_the_same_record_from_forms_loaded_together(project,
                                                                       provider_user,
                                                                       region_user):
    import dataclasses

    from aqb.monitoring.selectors import participant_revision
    from tests.concurrency import RELOAD, refusals

    first = ParticipantData(pseudonym="t:A-2", pseudonym_kind="provider",
                            entry_date=datetime.date(2025, 2, 3), gender="w",
                            birth_year=2004, scheme="sgb2", residence_ags="06635")
    record, _ = participant_save(actor=provider_user, project=project, year=2025, data=first)
    seen = participant_revision(record)
    versions = {"provider": dataclasses.replace(first, education="isced02"),
                "region": dataclasses.replace(first, exit_date=datetime.date(2025, 6, 30),
                                              exit_reason="regulaer", outcome="ausbildung")}

    def correct(actor, data):
        return lambda: participant_save(actor=actor, project=project, year=2025, data=data,
                                        record=record, revision=seen)[1]

    outcomes = race(correct(provider_user, versions["provider"]),
                    correct(region_user, versions["region"]))
    assert_no_errors(outcomes)
    assert successes(outcomes) == ["korrigiert"], outcomes
    (refused,) = refusals(outcomes)
    assert "Der Datensatz wurde inzwischen von jemand anderem geändert." in refused
    assert RELOAD in refused
    # the stored record is exactly the winner's, never a mixture
    winner = versions["provider"] if outcomes[0] == "korrigiert" else versions["region"]
    record.refresh_from_db()
    assert {f: getattr(record, f) for f in ("education", "exit_date", "exit_reason",
                                            "outcome")} == \
        {f: getattr(winner, f) for f in ("education", "exit_date", "exit_reason", "outcome")}
    assert AuditEntry.objects.filter(action="monitoring.record.correct").count() == 1
    assert_chain_valid()
