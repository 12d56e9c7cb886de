"""Proof of use as services: the region submits interim and final proofs following the
financing plan, corrects only after a query; the authority queries, accepts or finds a
refund; every step audited, every wrong step refused in German without a change."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.funding import proofs as ps
from aqb.funding.models import NoticeStatus, Proof, ProofKind, ProofStatus, ProofVoucher

D = Decimal


def line(project, **values):
    return ps.ProofLineInput(project_id=project.pk, **{k: D(v) for k, v in values.items()})


def submit(actor, notice, projects, kind=ProofKind.FINAL, **extra):
    values = {"date": date(2026, 3, 1), "report": "Alle Maßnahmen wurden durchgeführt.",
              "lines": [line(projects[0], personnel_costs="55000", material_costs="35000",
                             own_funds="20000")], **extra}
    return ps.proof_submit(actor=actor, notice=notice, kind=kind, **values)


def actions(proof):
    return list(AuditEntry.objects.filter(object_id=str(proof.pk),
                                          object_type="funding.proof")
                .order_by("seq").values_list("action", flat=True))


def test_the_region_submits_a_final_proof_with_totals_from_its_lines(notice, projects,
                                                                     region_user):
    proof = submit(region_user, notice, projects)
    assert proof.status == ProofStatus.SUBMITTED and proof.kind == ProofKind.FINAL
    assert (proof.costs, proof.own_funds, proof.third_party_funds) == (
        D("90000.00"), D("20000.00"), D("0.00"))
    li = proof.lines.get()
    assert (li.personnel_costs, li.material_costs, li.costs) == (D("55000"), D("35000"),
                                                                 D("90000"))
    assert actions(proof) == ["proof.submit"]


def test_amounts_go_through_money_check_half_up(notice, projects, region_user):
    proof = submit(region_user, notice, projects, lines=[
        line(projects[0], other_costs="100.005", own_funds="0.004")])
    assert proof.costs == D("100.01") and proof.own_funds == D("0.00")


@pytest.mark.parametrize("extra, message", [
    ({"report": "  "}, "Bitte den Sachbericht eingeben"),
    ({"date": date(2025, 1, 1)}, "nicht vor dem Bescheid vom 15. April 2025"),
    ({"lines": []}, "mindestens ein Projekt"),
    ({"lines": "foreign"}, "steht nicht im Finanzierungsplan"),
    ({"lines": "negative"}, "Sachkosten“: Der Betrag darf nicht negativ sein"),
    ({"lines": "funds"}, "Eigen- und Drittmittel (30.000,00\xa0€) übersteigen"),
    ({"lines": "twice"}, "steht zweimal im Nachweis"),
])
def test_bad_input_is_refused_in_german_naming_the_project(notice, projects, region_user, extra,
                                                           message):
    if extra.get("lines") == "foreign":
        extra["lines"] = [line(projects[1], other_costs="1")]  # in the agreement, not the plan
    elif extra.get("lines") == "negative":
        extra["lines"] = [line(projects[0], material_costs="-1")]
    elif extra.get("lines") == "funds":
        extra["lines"] = [line(projects[0], other_costs="20000", own_funds="30000")]
    elif extra.get("lines") == "twice":
        extra["lines"] = [line(projects[0], other_costs="1")] * 2
    with pytest.raises(ValidationError) as exc:
        submit(region_user, notice, projects, **extra)
    assert message in " ".join(exc.value.messages)
    if extra.get("lines") and extra["lines"][0].project_id == projects[0].pk and \
            message.startswith(("Sachkosten", "Eigen")):
        assert str(projects[0]) in " ".join(exc.value.messages)
    assert not Proof.objects.exists()


def test_only_one_final_proof_per_notice_interim_proofs_may_be_several(notice, projects,
                                                                      region_user):
    submit(region_user, notice, projects, kind=ProofKind.INTERIM)
    submit(region_user, notice, projects, kind=ProofKind.INTERIM)
    submit(region_user, notice, projects)
    with pytest.raises(ValidationError, match="schon ein Verwendungsnachweis vom 1. März 2026"):
        submit(region_user, notice, projects)
    assert notice.proofs.filter(kind=ProofKind.FINAL).count() == 1


def test_only_the_notices_region_submits(notice, projects, foreign_region_user, authority_user,
                                         provider_user):
    for user in (foreign_region_user, authority_user, provider_user):
        with pytest.raises(PermissionDenied):
            submit(user, notice, projects)
    assert not Proof.objects.exists()


def test_no_proof_on_a_settled_notice(notice, projects, region_user):
    notice.status = NoticeStatus.SETTLED
    notice.save()
    with pytest.raises(ValidationError, match="abgerechnet"):
        submit(region_user, notice, projects)


def test_review_query_correct_accept(notice, projects, region_user, authority_user):
    proof = submit(region_user, notice, projects)
    with pytest.raises(ValidationError, match="nur nach einer Rückfrage"):
        ps.proof_correct(actor=region_user, proof=proof, date=date(2026, 3, 2), report="x",
                         lines=[line(projects[0], other_costs="1")])
    with pytest.raises(PermissionDenied):
        ps.proof_query(actor=region_user, proof=proof, question="?")
    with pytest.raises(ValidationError, match="Frage"):
        ps.proof_query(actor=authority_user, proof=proof, question=" ")
    ps.proof_query(actor=authority_user, proof=proof, question="Bitte Sachkosten erläutern.")
    proof.refresh_from_db()
    assert proof.status == ProofStatus.QUERY and proof.review_note == "Bitte Sachkosten erläutern."
    assert ps.proof_steps(proof, region_user) == {"correct"}
    assert ps.proof_steps(proof, authority_user) == set()
    with pytest.raises(ValidationError, match="Status „Rückfrage“ kann nicht „geprüft ohne"):
        ps.proof_accept(actor=authority_user, proof=proof)
    # the final proof in query is corrected, not submitted a second time
    with pytest.raises(ValidationError, match="Bitte den vorhandenen Nachweis korrigieren"):
        submit(region_user, notice, projects)
    ps.proof_correct(actor=region_user, proof=proof, date=date(2026, 3, 10),
                     report="Sachkosten: Lehrmittel.",
                     lines=[line(projects[0], personnel_costs="55000", material_costs="30000",
                                 own_funds="20000")])
    proof.refresh_from_db()
    assert (proof.status, proof.costs, proof.report) == (ProofStatus.SUBMITTED, D("85000"),
                                                          "Sachkosten: Lehrmittel.")
    ps.proof_accept(actor=authority_user, proof=proof)
    proof.refresh_from_db()
    assert proof.status == ProofStatus.ACCEPTED and proof.reviewed_by == authority_user
    with pytest.raises(ValidationError, match="geprüft wird nur ein eingereichter"):
        ps.proof_refund(actor=authority_user, proof=proof, note="x")
    assert actions(proof) == ["proof.submit", "proof.query", "proof.correct", "proof.accept"]


def test_checked_with_refund_needs_a_note(notice, projects, region_user, authority_user):
    proof = submit(region_user, notice, projects)
    with pytest.raises(ValidationError, match="Prüfvermerk"):
        ps.proof_refund(actor=authority_user, proof=proof, note="")
    ps.proof_refund(actor=authority_user, proof=proof, note="Sachkosten nicht förderfähig.")
    proof.refresh_from_db()
    assert proof.status == ProofStatus.REFUND
    assert proof.review_note == "Sachkosten nicht förderfähig."
    assert actions(proof) == ["proof.submit", "proof.refund"]


def voucher(n, amount):
    return ps.VoucherInput(date=date(2025, 6, n), payee=f"Firma {n}", purpose="Lehrmittel",
                           amount=D(amount), number=f"B-{n}")


def test_a_requested_voucher_list_must_come_and_add_up(notice, projects, region_user,
                                                       authority_user):
    proof = submit(region_user, notice, projects)
    ps.proof_query(actor=authority_user, proof=proof, question="Belege bitte.",
                   vouchers_required=True)
    lines = [line(projects[0], other_costs="1000")]
    with pytest.raises(ValidationError, match="Belegliste angefordert"):
        ps.proof_correct(actor=region_user, proof=proof, date=date(2026, 3, 2), report="r",
                         lines=lines)
    with pytest.raises(ValidationError) as exc:
        ps.proof_correct(actor=region_user, proof=proof, date=date(2026, 3, 2), report="r",
                         lines=lines, vouchers=[voucher(1, "400"), voucher(2, "500")])
    assert exc.value.messages == ["Die Belegliste ergibt 900,00\xa0€, die nachgewiesenen "
                                  "Ausgaben betragen 1.000,00\xa0€; beide müssen "
                                  "übereinstimmen."]
    bad = voucher(2, "600")
    bad.payee = ""
    with pytest.raises(ValidationError, match="Belegliste, Zeile 2: bitte „Empfänger“"):
        ps.proof_correct(actor=region_user, proof=proof, date=date(2026, 3, 2), report="r",
                         lines=lines, vouchers=[voucher(1, "400"), bad])
    assert not ProofVoucher.objects.exists()
    ps.proof_correct(actor=region_user, proof=proof, date=date(2026, 3, 2), report="r",
                     lines=lines, vouchers=[voucher(1, "400"), voucher(2, "600")])
    assert list(proof.vouchers.values_list("number", "amount")) == [("B-1", D("400")),
                                                                   ("B-2", D("600"))]


def test_a_voluntary_voucher_list_is_kept(notice, projects, region_user):
    proof = submit(region_user, notice, projects, lines=[line(projects[0], other_costs="10")],
                   vouchers=[voucher(1, "10")])
    assert proof.vouchers.get().payee == "Firma 1"
