"""Records: pseudonyms, re-entries, the counts the figures read, audit without values."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from aqb.audit.models import AuditEntry
from aqb.monitoring import pseudonym, vocab
from aqb.monitoring.models import Participant, Tally
from aqb.monitoring.records import (
    REENTRY,
    participant_delete,
    participant_save,
    participants_store,
)

from .conftest import person


def test_the_same_person_gets_the_same_pseudonym_whatever_the_spelling():
    born = datetime.date(2004, 5, 17)
    a = pseudonym.from_person("Jürgen", "Müller-Lüdenscheidt", born)
    assert a == pseudonym.from_person(" JUERGEN ", "mueller lüdenscheidt", born)
    assert a.startswith("h:") and len(a) == 66
    assert a != pseudonym.from_person("Jürgen", "Müller-Lüdenscheidt", datetime.date(2004, 5, 18))
    assert "rgen" not in a and "2004" not in a


def test_without_a_key_no_pseudonym_is_made(settings):
    settings.AQB_PSEUDONYM_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="AQB_PSEUDONYM_KEY"):
        pseudonym.from_person("A", "B", datetime.date(2000, 1, 1))


def test_values_match_ignoring_case_spaces_and_dashes():
    table = vocab.lookup(vocab.Education)
    for text in ("ISCED 0-2", "isced 0–2", " ISCED 0 - 2 ", "Isced 0—2"):
        assert table[vocab.normalise(text)] == "isced02"
    assert vocab.lookup(vocab.Scheme)[vocab.normalise("sgb ii")] == "sgb2"


@pytest.mark.django_db
def test_reentry_is_one_participant_with_the_first_entry_date(project, provider_user):
    rows = [person(entry=datetime.date(2025, 3, 1), exit_date=datetime.date(2025, 4, 1)),
            person(entry=datetime.date(2025, 9, 1)),
            person("t:B-2", entry=datetime.date(2025, 3, 5), gender="m")]
    result = participants_store(actor=provider_user, project=project, year=2025, rows=rows,
                                chunk_size=1)
    assert (result.created, result.reentries) == (2, 1)
    record = Participant.objects.get(pseudonym="t:A-1")
    assert (record.entry_date, record.last_entry_date, record.entries) == (
        datetime.date(2025, 3, 1), datetime.date(2025, 9, 1), 2)
    # the same file again changes nothing
    again = participants_store(actor=provider_user, project=project, year=2025, rows=rows)
    assert (again.created, again.reentries) == (0, 0)
    assert Participant.objects.get(pseudonym="t:A-1").entries == 2
    total = Tally.objects.get(project=project, attribute="", quarter=1)
    assert (total.entries, total.reentries) == (2, 1)
    gender = {t.value: t.entries for t in Tally.objects.filter(attribute="gender")}
    assert gender == {"w": 1, "m": 1}


@pytest.mark.django_db
def test_the_form_merges_a_reentry_and_corrects_a_record(project, provider_user):
    record, _ = participant_save(actor=provider_user, project=project, year=2025,
                                 data=person())
    again, what = participant_save(actor=provider_user, project=project, year=2025,
                                   data=person(entry=datetime.date(2025, 1, 10)))
    assert what == REENTRY and again.pk == record.pk
    assert again.entry_date == datetime.date(2025, 1, 10) and again.entries == 2
    participant_save(actor=provider_user, project=project, year=2025, record=again,
                     data=person(entry=datetime.date(2025, 1, 10), birth_year=2003,
                                 exit_date=datetime.date(2025, 6, 30)))
    assert Tally.objects.get(attribute="", period_year=2025, quarter=2).exits == 1
    entry = AuditEntry.objects.filter(action="monitoring.record.correct").last()
    text = str(entry.changes)
    assert "Geburtsjahr" in text and "2003" not in text  # names the field, not the value
    participant_delete(actor=provider_user, record=again)
    assert not Tally.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_an_outcome_after_six_months_needs_consent(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(project=project, year=2025, pseudonym="t:x",
                                   pseudonym_kind="provider", entry_date=datetime.date(2025, 1, 1),
                                   gender="w", birth_year=2000, scheme="sgb2",
                                   residence_ags="06635", outcome_6m="ausbildung", consent=False)
