"""Demo data of the funding procedure for 2025: several regions in different states, every
row marked `is_demo` and every step taken through the audited services (docs/funding.md,
"Demodaten"). Idempotent: a region that already has an application is left alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aqb.accounts.policy import SYSTEM
from aqb.budgets.models import ProgrammeYear
from aqb.funding import services as fs
from aqb.funding.models import Application
from aqb.funding.notices import NoticeInput, notice_issue
from aqb.funding.selectors import agreement_projects_unscoped
from aqb.regions.models import Region

YEAR = 2025

#: region -> the state its 2025 application reaches in the demo
STAGES = {
    "06411": "draft",       # Darmstadt: still writing
    "06412": "submitted",   # Frankfurt: waiting for the authority
    "06413": "query",       # Offenbach: the authority asked a question
    "06414": "ready",       # Wiesbaden: both sign-offs, ready for the notice
    "06635": "granted",     # Waldeck-Frankenberg: notice, payments
    "06611": "settled",     # Kassel: proof, settlement with a refund
}


def _plan(region, py) -> list[fs.LineInput]:
    """A plan for each agreement project: 70 % personnel, 30 % material; 10 % own funds."""
    projects = list(agreement_projects_unscoped(region, py))
    alloc_share = Decimal("0.9") / max(len(projects), 1)
    from aqb.budgets.selectors import allocation_current_unscoped

    current = allocation_current_unscoped(region, py).current
    lines = []
    for p in projects:
        requested = (current * alloc_share).quantize(Decimal("1"))
        costs = (requested / Decimal("0.9")).quantize(Decimal("1"))
        lines.append(fs.LineInput(
            project_id=p.pk, personnel_costs=(costs * Decimal("0.7")).quantize(Decimal("1")),
            material_costs=costs - (costs * Decimal("0.7")).quantize(Decimal("1")),
            own_funds=costs - requested))
    return lines


def load(*, region_users: dict, authority) -> None:
    """`region_users`: AGS -> the demo account acting for that region (others: System)."""
    py = ProgrammeYear.objects.filter(year=YEAR).first()
    if py is None:
        return
    for ags, stage in STAGES.items():
        region = Region.objects.get(ags=ags)
        if Application.objects.filter(region=region, programme_year=py).exists():
            continue
        _carry(region, py, stage, region_users.get(ags, SYSTEM), authority)


def _carry(region, py, stage, region_actor, authority) -> None:
    app = fs.application_create(actor=region_actor, region=region, programme_year=py,
                                is_demo=True)
    fs.application_set_plan(actor=region_actor, application=app, lines=_plan(region, py))
    if stage == "draft":
        return
    fs.application_submit(actor=region_actor, application=app)
    if stage == "submitted":
        return
    fs.application_start_review(actor=authority, application=app)
    if stage == "query":
        fs.application_query(actor=authority, application=app, question=(
            "Bitte erläutern Sie die Sachkosten des ersten Projekts (Demo-Rückfrage)."))
        return
    fs.application_sign_off(actor=authority, application=app, part="content")
    fs.application_sign_off(actor=authority, application=app, part="arithmetic")
    fs.application_mark_ready(actor=authority, application=app)
    if stage == "ready":
        return
    notice = notice_issue(actor=authority, application=app, data=NoticeInput(
        date=date(YEAR, 4, 15), financing="fehlbedarf",
        interim_proof_due=date(YEAR, 9, 30), final_proof_due=date(YEAR + 1, 6, 30)))
    _after_notice(notice, stage, region_actor, authority)


def _after_notice(notice, stage, region_actor, authority) -> None:
    """Payments, proof and settlement: filled in once those services exist."""
    if stage == "granted":
        _payments(notice, region_actor, authority)
    elif stage == "settled":
        _settled(notice, region_actor, authority)


def _settled(notice, region_actor, authority) -> None:
    """All paid out in one request, 12 % of the planned costs not spent: the final proof is
    checked with a refund, the settlement asks the difference back with interest from the
    day the notice ceased to have effect, and a first part payment has come in."""
    from aqb.funding import payments, proofs, settling

    version = notice.current
    request = payments.payment_request(
        actor=region_actor, notice=notice, date=date(YEAR, 5, 2), amount=version.amount,
        needed_by=date(YEAR, 6, 30), reason="Gesamte Zuwendung für das Programmjahr (Demo)")
    payments.payment_release_and_pay(actor=authority, payment=request,
                                     paid_on=date(YEAR, 5, 14))
    lines = []
    for line in notice.application.lines.all():
        lines.append(proofs.ProofLineInput(
            project_id=line.project_id,
            personnel_costs=(line.personnel_costs * Decimal("0.88")).quantize(Decimal("0.01")),
            material_costs=(line.material_costs * Decimal("0.88")).quantize(Decimal("0.01")),
            own_funds=line.own_funds, third_party_funds=line.third_party_funds))
    proof = proofs.proof_submit(
        actor=region_actor, notice=notice, kind="final", date=date(YEAR + 1, 3, 20),
        report=("Die Projekte wurden wie vereinbart durchgeführt; zwei Kurse begannen später, "
                "ein Teil der Personalkosten fiel nicht an (Demo-Sachbericht)."),
        lines=lines)
    proofs.proof_refund(actor=authority, proof=proof,
                        note="Nicht verbrauchte Personal- und Sachkosten (Demo-Prüfvermerk).")
    settlement = settling.settle(actor=authority, notice=notice, date=date(YEAR + 1, 5, 4),
                                 effective=date(YEAR + 1, 1, 1))
    refund = getattr(settlement, "refund", None)
    if refund is not None:
        settling.refund_payment_record(actor=authority, refund=refund,
                                       date=date(YEAR + 1, 6, 2),
                                       amount=(refund.amount / 2).quantize(Decimal("1")))


def _payments(notice, region_actor, authority) -> None:
    """Two payment requests: one paid out, one waiting for the authority's release."""
    from aqb.funding import payments

    first = payments.payment_request(
        actor=region_actor, notice=notice, date=date(YEAR, 5, 2), amount=Decimal("200000"),
        needed_by=date(YEAR, 6, 15), reason="Personal- und Sachkosten Mai und Juni (Demo)")
    payments.payment_release_and_pay(actor=authority, payment=first, paid_on=date(YEAR, 5, 12))
    payments.payment_request(
        actor=region_actor, notice=notice, date=date(YEAR, 9, 1), amount=Decimal("150000"),
        needed_by=date(YEAR, 10, 15), reason="Personalkosten September und Oktober (Demo)",
        use_of_earlier="Die im Mai ausgezahlten Mittel sind für Personal- und Sachkosten der "
                       "Projekte verwendet (Demo).")
