"""Two people on one agreement at the same time, on PostgreSQL, each in its own thread and
database connection (tests/concurrency.py; skipped on SQLite): signing the same version,
editing the same draft. The row lock serialises them; the loser gets a German message to
reload instead of overwriting the winner's work; the audit chain stays valid."""

from datetime import date
from decimal import Decimal

from aqb.agreements import services as ag
from aqb.agreements.models import Signature, Status
from aqb.agreements.selectors import agreement_revision
from aqb.audit.models import AuditEntry
from tests.concurrency import (
    ONLY_POSTGRES,
    RELOAD,
    assert_chain_valid,
    assert_no_errors,
    race,
    refusals,
    successes,
)

pytestmark = ONLY_POSTGRES

PEOPLE = 4


def _sign(actor, agreement, party, name):
    def call():
        ag.agreement_sign(actor=actor, agreement=agreement, party=party, place="Wiesbaden",
                          day=date(2025, 8, 2), name=name, title="Staatsministerin")
        return name
    return call


def test_two_people_signing_the_same_version_record_one_signature(wf_draft, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    outcomes = race(*(_sign(ministry_user, wf_draft, "ministry", f"Person {i}")
                      for i in range(PEOPLE)))
    assert_no_errors(outcomes)
    winners, losers = successes(outcomes), refusals(outcomes)
    assert len(winners) == 1 and len(losers) == PEOPLE - 1, outcomes
    assert all("bereits erfasst" in r and RELOAD in r for r in losers), losers
    sig = Signature.objects.get(agreement=wf_draft)
    assert sig.name == winners[0]
    wf_draft.refresh_from_db()
    assert wf_draft.status == Status.SIGNED_MINISTRY
    assert AuditEntry.objects.filter(action="agreement.sign_ministry").count() == 1
    assert_chain_valid()


def test_the_second_signature_is_stored_once_with_one_document(wf_draft, ministry_user,
                                                               region_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="Heike Hofmann",
                      title="Staatsministerin")
    # the region and the ministry (on receipt) record the region's signature together
    outcomes = race(_sign(region_user, wf_draft, "region", "Landrat"),
                    _sign(ministry_user, wf_draft, "region", "Erster Kreisbeigeordneter"))
    assert_no_errors(outcomes)
    assert len(successes(outcomes)) == 1 and len(refusals(outcomes)) == 1, outcomes
    assert RELOAD in refusals(outcomes)[0]
    wf_draft.refresh_from_db()
    assert wf_draft.status == Status.SIGNED and wf_draft.signed_file_sha256
    assert Signature.objects.filter(agreement=wf_draft, party="region").count() == 1
    assert_chain_valid()


def test_two_people_editing_the_same_draft_lose_no_update(wf_draft, ministry_user):
    loaded = agreement_revision(wf_draft)  # both opened the form on the same state

    def edit(amount):
        def call():
            ag.agreement_set_budgets(actor=ministry_user, agreement=wf_draft,
                                     lines=[("Ausbildungs- und Qualifizierungsbudget",
                                             Decimal(amount))], revision=loaded)
            return amount
        return call

    outcomes = race(*(edit(f"{700000 + i}") for i in range(PEOPLE)))
    assert_no_errors(outcomes)
    winners, losers = successes(outcomes), refusals(outcomes)
    assert len(winners) == 1 and len(losers) == PEOPLE - 1, outcomes
    assert all("inzwischen von jemand anderem geändert" in r and RELOAD in r for r in losers)
    # what is stored is exactly what the one successful editor saw and saved
    assert [b.amount for b in wf_draft.budget_lines.all()] == [Decimal(winners[0])]
    assert AuditEntry.objects.filter(action="agreement.budgets").count() == 1
    assert_chain_valid()


def test_targets_and_budgets_edited_together_refuse_the_stale_form(wf_draft, ministry_user):
    entry = ag.agreement_add_project(actor=ministry_user, agreement=wf_draft, measure_number=1,
                                     name="Ausbildung plus", planned_participants=20)
    loaded = agreement_revision(wf_draft)
    outcomes = race(
        lambda: ag.agreement_set_targets(
            actor=ministry_user, agreement=wf_draft, revision=loaded,
            targets={entry.pk: {"planned_participants": 30, "planned_amount": None,
                                "outcome_target": None}}) and "Ziele",
        lambda: ag.agreement_set_budgets(
            actor=ministry_user, agreement=wf_draft, revision=loaded,
            lines=[("Ausbildungs- und Qualifizierungsbudget", Decimal("1000"))]) and "Mittel")
    assert_no_errors(outcomes)
    assert len(successes(outcomes)) == 1 and len(refusals(outcomes)) == 1, outcomes
    assert RELOAD in refusals(outcomes)[0]
    entry.refresh_from_db()
    amounts = [b.amount for b in wf_draft.budget_lines.all()]
    if successes(outcomes) == ["Ziele"]:
        assert entry.planned_participants == 30 and amounts == [Decimal("773920")]
    else:
        assert entry.planned_participants == 20 and amounts == [Decimal("1000")]
    assert_chain_valid()
