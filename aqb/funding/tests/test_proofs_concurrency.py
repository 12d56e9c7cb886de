"""Eight simultaneous final proofs for one notice on PostgreSQL, each in its own thread and
connection: the notice's lock lets exactly one through; the others get the German message.
Skipped on SQLite (it serialises writers by locking the whole file)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from aqb.funding import proofs
from aqb.funding.models import Proof, ProofKind

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="nur auf PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8


def test_only_one_final_proof_under_simultaneous_submissions(notice, projects, region_user):
    start = threading.Barrier(THREADS)
    results: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            proof = proofs.proof_submit(
                actor=region_user, notice=notice, kind=ProofKind.FINAL, date=date(2025, 10, 1),
                report="gleichzeitig", lines=[proofs.ProofLineInput(
                    project_id=projects[0].pk, other_costs=Decimal("90000"),
                    own_funds=Decimal("20000"))])
            outcome: object = proof.pk
        except ValidationError as exc:
            outcome = " ".join(exc.messages)
        except Exception as exc:  # noqa: BLE001 - any other error fails the test below
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    stored = [r for r in results if isinstance(r, int)]
    refusals = [r for r in results if isinstance(r, str)]
    assert len(stored) == 1 and len(refusals) == THREADS - 1, results
    assert all("schon ein Verwendungsnachweis" in r for r in refusals), refusals
    assert Proof.objects.filter(notice=notice, kind=ProofKind.FINAL).count() == 1


def test_two_corrections_after_a_query_from_forms_loaded_together(notice, projects,
                                                                  region_user, authority_user):
    from aqb.audit.models import AuditEntry
    from aqb.funding.models import ProofStatus
    from aqb.funding.selectors import proof_revision
    from tests.concurrency import (
        RELOAD,
        assert_chain_valid,
        assert_no_errors,
        race,
        refusals,
        successes,
    )

    proof = proofs.proof_submit(
        actor=region_user, notice=notice, kind=ProofKind.FINAL, date=date(2025, 10, 1),
        report="erste Fassung", lines=[proofs.ProofLineInput(
            project_id=projects[0].pk, other_costs=Decimal("90000"),
            own_funds=Decimal("20000"))])
    proofs.proof_query(actor=authority_user, proof=proof, question="Bitte erläutern.")
    proof.refresh_from_db()
    seen = proof_revision(proof)

    def correct(report, costs):
        return lambda: proofs.proof_correct(
            actor=region_user, proof=proof, date=date(2025, 10, 2), report=report,
            lines=[proofs.ProofLineInput(project_id=projects[0].pk, other_costs=costs,
                                         own_funds=Decimal("20000"))],
            revision=seen).report

    outcomes = race(correct("Fassung A", Decimal("80000")), correct("Fassung B",
                                                                     Decimal("70000")))
    assert_no_errors(outcomes)
    (winner,) = successes(outcomes)
    (refused,) = refusals(outcomes)
    assert "Der Nachweis wurde inzwischen von jemand anderem geändert." in refused
    assert RELOAD in refused
    proof.refresh_from_db()
    assert proof.status == ProofStatus.SUBMITTED and proof.report == winner
    assert proof.costs == (Decimal("80000") if winner == "Fassung A" else Decimal("70000"))
    assert AuditEntry.objects.filter(action="proof.correct").count() == 1
    assert_chain_valid()
