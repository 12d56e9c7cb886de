"""Changes after signing: (signed or published) --amend--> new version (Entwurf) that
supersedes it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from aqb.accounts import policy
from aqb.audit.services import audit_record

from ..models import Agreement, AgreementMeasure, AgreementProject, BudgetLine
from .common import _lock


@transaction.atomic
def agreement_amend(*, actor, agreement: Agreement, reason: str) -> Agreement:
    """A change after signing: a new version (draft) with the same content that supersedes
    the signed one when it is signed itself. The old version stays as it was."""
    policy.require_ministry(actor, "Änderungen anlegen")
    agreement = _lock(agreement)
    if not agreement.is_current:
        raise ValidationError({"status": "Nur die aktuelle Fassung kann geändert werden."})
    if not agreement.is_signed:
        raise ValidationError({"status": "Ein Entwurf wird direkt bearbeitet, nicht geändert."})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Bitte den Grund der Änderung angeben."})
    agreement.is_current = False
    agreement.save(update_fields=["is_current"])
    new = Agreement.objects.create(
        region=agreement.region, programme_year=agreement.programme_year,
        version=agreement.version + 1, supersedes=agreement, template=agreement.template,
        change_reason=reason.strip(), is_demo=agreement.is_demo)
    _copy_content(agreement, new)
    audit_record(actor=actor, action="agreement.amend", obj=new,
                 summary=f"Neue Fassung {new.version}: {reason.strip()}",
                 changes={"version": {"before": agreement.version, "after": new.version}})
    return new


def _copy_content(src: Agreement, dst: Agreement) -> None:
    for b in src.budget_lines.order_by("order"):
        BudgetLine.objects.create(agreement=dst, order=b.order, name=b.name, amount=b.amount)
    for m in src.measures.order_by("number"):
        nm = AgreementMeasure.objects.create(agreement=dst, number=m.number, title=m.title)
        for p in m.projects.all():
            AgreementProject.objects.create(
                measure=nm, project=p.project, label=p.label, order=p.order,
                planned_participants=p.planned_participants, planned_amount=p.planned_amount,
                outcome_target=p.outcome_target)
