"""Writing participant records: one by the form, many by the import; re-entries merged.

The rule for a record that meets an existing one of the same pseudonym, project and programme
year (`merge`): an entry date already known (the first or the last entry) corrects that
record; a different entry date is a re-entry: the record counts one more entry (`entries`),
keeps the first entry date (the earlier of the two) and remembers the last one. So importing
the same file twice changes nothing, and a person who comes back is one participant.

Audit entries name project, year, record and the fields that changed, never their values:
the audit chain is kept for ever, the records only for the retention period.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import transaction

from aqb.audit.services import audit_record
from aqb.ui.revisions import require_revision

from .models import Participant
from .tally import tally_rebuild

FIELDS = ("entry_date", "exit_date", "gender", "birth_year", "scheme", "employment",
          "education", "nationality", "disability", "residence_ags", "part_time",
          "exit_reason", "outcome", "outcome_6m", "consent")


@dataclasses.dataclass
class ParticipantData:
    """One person's record as checked input (stored codes, see `vocab`); no name fields."""

    pseudonym: str
    pseudonym_kind: str
    entry_date: datetime.date
    gender: str
    birth_year: int
    scheme: str
    residence_ags: str
    exit_date: datetime.date | None = None
    employment: str = ""
    education: str = ""
    nationality: str = ""
    disability: str = ""
    part_time: bool | None = None
    exit_reason: str = ""
    outcome: str = ""
    outcome_6m: str = ""
    consent: bool = False


NEW, CORRECTED, REENTRY, UNCHANGED = "neu", "korrigiert", "wiedereintritt", "unverändert"


def merge(record: Participant, data: ParticipantData) -> str:
    """Apply `data` to the existing `record` of the same pseudonym (in memory); returns what
    happened: CORRECTED, REENTRY or UNCHANGED."""
    known = {record.entry_date, record.last_entry_date or record.entry_date}
    before = {f: getattr(record, f) for f in FIELDS}
    if data.entry_date in known:
        first = record.entry_date
        for f in FIELDS:
            setattr(record, f, getattr(data, f))
        record.entry_date = first
        if data.entry_date != first:
            record.last_entry_date = data.entry_date
        changed = any(getattr(record, f) != before[f] for f in FIELDS)
        return CORRECTED if changed else UNCHANGED
    first = min(record.entry_date, data.entry_date)
    last = max(record.last_entry_date or record.entry_date, data.entry_date)
    for f in FIELDS:
        setattr(record, f, getattr(data, f))
    record.entry_date, record.last_entry_date = first, last
    record.entries += 1
    return REENTRY


def new_record(project, year: int, data: ParticipantData, *, is_demo: bool = False
               ) -> Participant:
    return Participant(project=project, year=year, pseudonym=data.pseudonym,
                       pseudonym_kind=data.pseudonym_kind, is_demo=is_demo,
                       **{f: getattr(data, f) for f in FIELDS})


@dataclasses.dataclass
class StoreResult:
    rows: int = 0
    created: int = 0
    corrected: int = 0
    reentries: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _lock_project(project) -> None:
    """Serialise every change of a project's records: two imports (or two people entering the
    same person) at once would both find a person missing and insert it twice (the unique
    constraint would refuse the second with an error page), and two rebuilds of the figures
    would collide. NO KEY UPDATE: rows that merely refer to the project are not blocked."""
    from aqb.projects.models import Project

    list(Project.objects.select_for_update(no_key=True).filter(pk=project.pk)
         .values_list("pk", flat=True))


def participants_store(*, actor, project, year: int, rows: Iterable[ParticipantData],
                       source: str = "", is_demo: bool = False, chunk_size: int = 2000,
                       progress=None) -> StoreResult:
    """Store checked rows (an iterable, consumed in chunks so a file of a million rows never
    sits in memory), all or nothing; rebuild the figures; one audit entry with the counts.
    `progress(done_rows)` is called after each chunk."""
    result = StoreResult()
    update_fields = [*FIELDS, "last_entry_date", "entries", "updated_at"]
    with transaction.atomic():
        _lock_project(project)
        for chunk in _chunks(rows, chunk_size):
            existing = {p.pseudonym: p for p in Participant.objects.filter(
                project=project, year=year,
                pseudonym__in={d.pseudonym for d in chunk})}
            created: dict[str, Participant] = {}
            changed: dict[str, Participant] = {}
            for data in chunk:
                result.rows += 1
                record = existing.get(data.pseudonym) or created.get(data.pseudonym)
                if record is None:
                    created[data.pseudonym] = new_record(project, year, data, is_demo=is_demo)
                    result.created += 1
                    continue
                outcome = merge(record, data)
                if outcome == UNCHANGED:
                    result.unchanged += 1
                    continue
                if outcome == REENTRY:
                    result.reentries += 1
                else:
                    result.corrected += 1
                if record.pk is not None:
                    changed[data.pseudonym] = record
            Participant.objects.bulk_create(created.values(), batch_size=1000)
            if changed:
                Participant.objects.bulk_update(changed.values(), update_fields,
                                                batch_size=1000)
            if progress is not None:
                progress(result.rows)
        tally_rebuild(project=project, year=year)
        audit_record(actor=actor, action="monitoring.import", obj=project,
                     changes={"Programmjahr": {"before": None, "after": year},
                              "Zeilen": {"before": None, "after": result.rows},
                              "neu": {"before": None, "after": result.created},
                              "korrigiert": {"before": None, "after": result.corrected},
                              "Wiedereintritte": {"before": None, "after": result.reentries}},
                     summary=source)
    return result


def participant_save(*, actor, project, year: int, data: ParticipantData,
                     record: Participant | None = None,
                     revision: str | None = None) -> tuple[Participant, str]:
    """Create one record, merge a re-entry, or (with `record`) correct that record as entered
    in the form (its entry date as given). Returns the record and what happened.

    `revision` is the record's fingerprint the correction form showed
    (`selectors.participant_revision`); when the record changed since, the correction is
    refused and nothing is written. None skips the check (calls without a form)."""
    from .selectors import participant_revision

    with transaction.atomic():
        _lock_project(project)
        if record is not None:
            record = Participant.objects.select_for_update().get(pk=record.pk)
            require_revision(revision, participant_revision(record), "Der Datensatz")
            before = {f: getattr(record, f) for f in FIELDS}
            for f in FIELDS:
                setattr(record, f, getattr(data, f))
            if record.last_entry_date and record.last_entry_date < record.entry_date:
                record.last_entry_date = None
            names = [f for f in FIELDS if getattr(record, f) != before[f]]
            if not names:
                return record, UNCHANGED
            record.save()
            what, action = CORRECTED, "monitoring.record.correct"
        else:
            record = Participant.objects.select_for_update().filter(
                project=project, year=year, pseudonym=data.pseudonym).first()
            if record is None:
                record = new_record(project, year, data)
                record.save()
                names, what, action = list(FIELDS), NEW, "monitoring.record.create"
            else:
                what = merge(record, data)
                if what == UNCHANGED:
                    return record, what
                record.save()
                names = ["entries"] if what == REENTRY else list(FIELDS)
                action = "monitoring.record.reentry" if what == REENTRY else \
                    "monitoring.record.correct"
        tally_rebuild(project=project, year=year)
        labels = [str(Participant._meta.get_field(n).verbose_name) for n in names]
        audit_record(actor=actor, action=action, obj=record,
                     object_repr=f"Datensatz {record.pk} ({project.label}, {year})",
                     changes={"Geänderte Angaben": {"before": None, "after": ", ".join(labels)},
                              "Programmjahr": {"before": None, "after": year}})
    return record, what


def participant_delete(*, actor, record: Participant) -> None:
    """Delete one record entered in error (the provider's correction); figures rebuilt."""
    project, year, pk = record.project, record.year, record.pk
    with transaction.atomic():
        _lock_project(project)
        record.delete()
        tally_rebuild(project=project, year=year)
        audit_record(actor=actor, action="monitoring.record.delete",
                     object_type="monitoring.participant", object_id=str(pk),
                     object_repr=f"Datensatz {pk} ({project.label}, {year})",
                     changes={"Programmjahr": {"before": None, "after": year}})
