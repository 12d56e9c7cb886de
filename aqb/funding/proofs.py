"""Proof of use (Zwischennachweis, Verwendungsnachweis) of a grant notice: the region submits
a factual report (Sachbericht), the numerical proof per project following the financing plan
of its application (actual figures beside the plan) and, where required, the voucher list
(Belegliste); the authority reviews it (query, checked without objection, checked with a
refund). Keyword-only, one transaction each, every change audited; refusals are German
`ValidationError`s (wrong data or step) or `PermissionDenied` (wrong side).

Decisions (docs/funding.md, "Zwischen- und Verwendungsnachweis"):
- one Verwendungsnachweis per notice; it is corrected by the region only while the authority
  has a query open ("Rückfrage"), never submitted a second time; interim proofs may be several;
- totals of the proof (costs, own and third-party funds) are the sums of its lines;
- the voucher list is optional (ANBest-GK: the region keeps its vouchers and presents them on
  request, Nr. 7.1); the authority requests it with a query, and then the correction must
  carry it; a voucher list that is given must add up to the costs proven.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.german.dates import format_date
from aqb.german.money import MoneyError, format_eur, money_check
from aqb.ui.revisions import require_revision

from .actors import person, require_authority, require_region
from .models import (
    Notice,
    NoticeStatus,
    Proof,
    ProofKind,
    ProofLine,
    ProofStatus,
    ProofVoucher,
)
from .selectors import proof_revision

ZERO = Decimal("0")
COST_FIELDS = ("personnel_costs", "material_costs", "administrative_costs", "other_costs")
FUND_FIELDS = ("own_funds", "third_party_funds")
LINE_FIELDS = (*COST_FIELDS, *FUND_FIELDS)
LABELS = {"personnel_costs": "Personalkosten", "material_costs": "Sachkosten",
          "administrative_costs": "Verwaltungskosten", "other_costs": "sonstige Kosten",
          "own_funds": "Eigenmittel", "third_party_funds": "Drittmittel"}

# (from, to, action) of the authority's review; the region's only step is the correction
# (query -> submitted).
REVIEW = {"query": ProofStatus.QUERY, "accept": ProofStatus.ACCEPTED,
          "refund": ProofStatus.REFUND}


@dataclass
class ProofLineInput:
    """The actual figures of one project (amounts as Decimal; None counts as 0)."""

    project_id: int
    personnel_costs: Decimal | None = None
    material_costs: Decimal | None = None
    administrative_costs: Decimal | None = None
    other_costs: Decimal | None = None
    own_funds: Decimal | None = None
    third_party_funds: Decimal | None = None


@dataclass
class VoucherInput:
    """One row of the voucher list."""

    date: date
    payee: str
    purpose: str
    amount: Decimal
    number: str


# --- who may act ---------------------------------------------------------------------------

REGION_ONLY = "Nur die Gebietskörperschaft des Bescheids reicht Nachweise der Verwendung ein."
AUTHORITY_ONLY = "Nur die Bewilligungsbehörde prüft Nachweise der Verwendung."


def _kind_label(kind: str) -> str:
    return ProofKind(kind).label


def _status_label(status: str) -> str:
    return ProofStatus(status).label


# --- checks of the content -----------------------------------------------------------------

def plan_lines(notice: Notice) -> dict[int, object]:
    """The financing plan of the notice's application: project id -> ApplicationLine."""
    return {li.project_id: li for li in
            notice.application.lines.select_related("project").order_by(
                "project__measure_number", "project__name", "pk")}


def _check_lines(notice: Notice, lines: list[ProofLineInput]) -> list[ProofLine]:
    plan = plan_lines(notice)
    if not lines:
        raise ValidationError("Der zahlenmäßige Nachweis braucht mindestens ein Projekt des "
                              "Finanzierungsplans.")
    rows, seen = [], set()
    for given in lines:
        planned = plan.get(given.project_id)
        if planned is None:
            raise ValidationError(
                f"Projekt Nr. {given.project_id} steht nicht im Finanzierungsplan des "
                f"Bescheids {notice.number}.")
        project = planned.project
        if project.pk in seen:
            raise ValidationError(f"{project}: das Projekt steht zweimal im Nachweis.")
        seen.add(project.pk)
        values = {}
        for f in LINE_FIELDS:
            raw = getattr(given, f)
            try:
                values[f] = money_check(ZERO if raw is None else raw,
                                        field=f"{project}, {LABELS[f]}")
            except MoneyError as exc:
                raise ValidationError(str(exc)) from None
        costs = sum((values[f] for f in COST_FIELDS), ZERO)
        funds = values["own_funds"] + values["third_party_funds"]
        if funds > costs:
            raise ValidationError(
                f"{project}: Eigen- und Drittmittel ({format_eur(funds)}) übersteigen die "
                f"tatsächlichen Ausgaben von {format_eur(costs)}.")
        rows.append(ProofLine(project=project, **values))
    return rows


def _check_vouchers(vouchers: list[VoucherInput], costs: Decimal) -> list[ProofVoucher]:
    rows = []
    for n, v in enumerate(vouchers, start=1):
        where = f"Belegliste, Zeile {n}"
        if v.date is None:
            raise ValidationError(f"{where}: bitte das Zahlungsdatum angeben.")
        for name, label in (("payee", "Empfänger"), ("purpose", "Grund der Zahlung"),
                            ("number", "Belegnummer")):
            if not (getattr(v, name) or "").strip():
                raise ValidationError(f"{where}: bitte „{label}“ angeben.")
        try:
            amount = money_check(v.amount if v.amount is not None else ZERO,
                                 field=f"{where}, Betrag")
        except MoneyError as exc:
            raise ValidationError(str(exc)) from None
        if amount <= 0:
            raise ValidationError(f"{where}: der Betrag muss größer als 0 sein.")
        rows.append(ProofVoucher(position=n, date=v.date, payee=v.payee.strip()[:200],
                                 purpose=v.purpose.strip()[:300], amount=amount,
                                 number=v.number.strip()[:60]))
    total = sum((r.amount for r in rows), ZERO)
    if rows and total != costs:
        raise ValidationError(
            f"Die Belegliste ergibt {format_eur(total)}, die nachgewiesenen Ausgaben betragen "
            f"{format_eur(costs)}; beide müssen übereinstimmen.")
    return rows


def _check_header(notice: Notice, day: date | None, report: str) -> None:
    if notice.status != NoticeStatus.ACTIVE:
        raise ValidationError(f"Der Bescheid {notice.number} ist abgerechnet; Nachweise sind "
                              "nicht mehr möglich.")
    if day is None:
        raise ValidationError("Bitte das Datum des Nachweises angeben.")
    first = notice.versions.order_by("version").first()
    if first is not None and day < first.date:
        raise ValidationError(f"Der Nachweis kann nicht vor dem Bescheid vom "
                              f"{format_date(first.date)} datiert sein.")
    if not (report or "").strip():
        raise ValidationError("Bitte den Sachbericht eingeben: er ist Teil jedes Nachweises.")


def _totals(rows: list[ProofLine]) -> dict[str, Decimal]:
    return {"costs": sum((r.costs for r in rows), ZERO),
            "own_funds": sum((r.own_funds for r in rows), ZERO),
            "third_party_funds": sum((r.third_party_funds for r in rows), ZERO)}


def _snapshot(proof: Proof) -> dict:
    return {"costs": str(proof.costs), "own_funds": str(proof.own_funds),
            "third_party_funds": str(proof.third_party_funds)}


def _locked_notice(notice: Notice) -> Notice:
    return Notice.objects.select_for_update().select_related(
        "region", "programme_year", "application").get(pk=notice.pk)


def _locked_proof(proof: Proof) -> Proof:
    return Proof.objects.select_for_update().select_related(
        "notice", "notice__region", "notice__application").get(pk=proof.pk)


# --- the region's side ---------------------------------------------------------------------

@transaction.atomic
def proof_submit(*, actor, notice: Notice, kind: str, date: date | None, report: str,
                 lines: list[ProofLineInput],
                 vouchers: list[VoucherInput] | None = None) -> Proof:
    """Submit an interim or final proof for the notice."""
    notice = _locked_notice(notice)  # one final proof per notice, also under concurrency
    require_region(actor, notice.region_id, REGION_ONLY)
    if kind not in ProofKind.values:
        raise ValidationError(f"„{kind}“ ist keine Art von Nachweis (Zwischennachweis oder "
                              "Verwendungsnachweis).")
    _check_header(notice, date, report)
    if kind == ProofKind.FINAL:
        earlier = notice.proofs.filter(kind=ProofKind.FINAL).first()
        if earlier is not None:
            hint = ("Bitte den vorhandenen Nachweis korrigieren." if earlier.status ==
                    ProofStatus.QUERY else "Korrekturen sind nur nach einer Rückfrage der "
                    "Bewilligungsbehörde möglich.")
            raise ValidationError(
                f"Zum Bescheid {notice.number} liegt schon ein Verwendungsnachweis vom "
                f"{format_date(earlier.date)} vor (Status „{_status_label(earlier.status)}“). "
                + hint)
    rows = _check_lines(notice, lines)
    totals = _totals(rows)
    voucher_rows = _check_vouchers(vouchers or [], totals["costs"])
    proof = Proof.objects.create(notice=notice, kind=kind, date=date, report=report.strip(),
                                 status=ProofStatus.SUBMITTED, created_by=person(actor),
                                 **totals)
    for r in rows:
        r.proof = proof
    ProofLine.objects.bulk_create(rows)
    for v in voucher_rows:
        v.proof = proof
    ProofVoucher.objects.bulk_create(voucher_rows)
    audit_record(actor=actor, action="proof.submit", obj=proof,
                 changes={"status": {"before": None, "after": proof.status},
                          **{k: {"before": None, "after": v}
                             for k, v in _snapshot(proof).items()}},
                 summary=f"{_kind_label(kind)} eingereicht: Ausgaben "
                         f"{format_eur(proof.costs)}")
    return proof


@transaction.atomic
def proof_correct(*, actor, proof: Proof, date: date | None, report: str,
                  lines: list[ProofLineInput],
                  vouchers: list[VoucherInput] | None = None,
                  revision: str | None = None) -> Proof:
    """The region's correction after a query: replaces report, lines and voucher list and
    submits the proof again. `revision` is the proof's fingerprint the correction form showed
    (`selectors.proof_revision`); when the proof changed since (another correction, another
    review step), the save is refused. None skips the check (calls without a form)."""
    proof = _locked_proof(proof)
    notice = proof.notice
    require_region(actor, notice.region_id, REGION_ONLY)
    require_revision(revision, proof_revision(proof), "Der Nachweis")
    if proof.status != ProofStatus.QUERY:
        raise ValidationError(
            f"Ein Nachweis im Status „{_status_label(proof.status)}“ kann nicht geändert "
            "werden; Korrekturen sind nur nach einer Rückfrage der Bewilligungsbehörde möglich.")
    _check_header(notice, date, report)
    rows = _check_lines(notice, lines)
    totals = _totals(rows)
    if proof.vouchers_required and not vouchers:
        raise ValidationError("Die Bewilligungsbehörde hat die Belegliste angefordert: bitte "
                              "jede Zahlung mit Datum, Empfänger, Grund, Betrag und Belegnummer "
                              "angeben.")
    voucher_rows = _check_vouchers(vouchers or [], totals["costs"])
    before = _snapshot(proof)
    proof.date, proof.report = date, report.strip()
    for k, v in totals.items():
        setattr(proof, k, v)
    proof.status = ProofStatus.SUBMITTED
    proof.save()
    proof.lines.all().delete()
    proof.vouchers.all().delete()
    for r in rows:
        r.proof = proof
    ProofLine.objects.bulk_create(rows)
    for v in voucher_rows:
        v.proof = proof
    ProofVoucher.objects.bulk_create(voucher_rows)
    after = _snapshot(proof)
    changes = {k: {"before": before[k], "after": after[k]} for k in before
               if before[k] != after[k]}
    changes["status"] = {"before": ProofStatus.QUERY.value, "after": proof.status}
    audit_record(actor=actor, action="proof.correct", obj=proof, changes=changes,
                 summary=f"{_kind_label(proof.kind)} korrigiert und erneut eingereicht")
    return proof


# --- the authority's side ------------------------------------------------------------------

def _review_step(proof: Proof, action: str) -> str:
    if proof.status != ProofStatus.SUBMITTED:
        raise ValidationError(
            f"Ein Nachweis im Status „{_status_label(proof.status)}“ kann nicht "
            f"„{_status_label(REVIEW[action])}“ werden; geprüft wird nur ein eingereichter "
            "Nachweis.")
    before = proof.status
    proof.status = REVIEW[action]
    return before


@transaction.atomic
def proof_query(*, actor, proof: Proof, question: str,
                vouchers_required: bool = False) -> Proof:
    """Send the proof back to the region with a question (Rückfrage); optionally request the
    voucher list."""
    require_authority(actor, AUTHORITY_ONLY)
    if not (question or "").strip():
        raise ValidationError("Bitte die Frage an die Gebietskörperschaft eingeben.")
    proof = _locked_proof(proof)
    before = _review_step(proof, "query")
    proof.review_note = question.strip()
    proof.vouchers_required = proof.vouchers_required or bool(vouchers_required)
    proof.reviewed_by, proof.reviewed_at = person(actor), timezone.now()
    proof.save()
    audit_record(actor=actor, action="proof.query", obj=proof,
                 changes={"status": {"before": before, "after": proof.status},
                          "review_note": {"before": None, "after": proof.review_note},
                          "vouchers_required": {"before": None,
                                                "after": proof.vouchers_required}})
    return proof


def _decide(actor, proof: Proof, action: str, note: str) -> Proof:
    proof = _locked_proof(proof)
    before = _review_step(proof, action)
    proof.review_note = (note or "").strip()
    proof.reviewed_by, proof.reviewed_at = person(actor), timezone.now()
    proof.save()
    audit_record(actor=actor, action=f"proof.{action}", obj=proof,
                 changes={"status": {"before": before, "after": proof.status},
                          "review_note": {"before": None, "after": proof.review_note}})
    return proof


@transaction.atomic
def proof_accept(*, actor, proof: Proof, note: str = "") -> Proof:
    """Checked without objection (geprüft ohne Beanstandung)."""
    require_authority(actor, AUTHORITY_ONLY)
    return _decide(actor, proof, "accept", note)


@transaction.atomic
def proof_refund(*, actor, proof: Proof, note: str) -> Proof:
    """Checked with a refund (geprüft mit Rückforderung): only the status and the note; the
    settlement and refund notice follow (docs/funding.md, "Abrechnung")."""
    require_authority(actor, AUTHORITY_ONLY)
    if not (note or "").strip():
        raise ValidationError("Bitte den Prüfvermerk eingeben: was wird beanstandet und "
                              "zurückgefordert?")
    return _decide(actor, proof, "refund", note)


def proof_steps(proof: Proof, actor) -> set[str]:
    """What the actor may do with the proof now ("correct", "query", "accept", "refund")."""
    steps = set()
    if proof.notice.status != NoticeStatus.ACTIVE:
        return steps
    if proof.status == ProofStatus.QUERY and (
            actor is policy.SYSTEM or policy.can_edit_region_data(actor, proof.notice.region_id)):
        steps.add("correct")
    if proof.status == ProofStatus.SUBMITTED and (
            actor is policy.SYSTEM or policy.principal(actor).authority):
        steps |= set(REVIEW)
    return steps


def may_submit(notice: Notice, actor) -> bool:
    return notice.status == NoticeStatus.ACTIVE and (
        actor is policy.SYSTEM or policy.can_edit_region_data(actor, notice.region_id))
