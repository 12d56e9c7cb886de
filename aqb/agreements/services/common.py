"""What the agreement services share: row locks, the draft check, the allocation line."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from aqb.ui.revisions import require_revision

from ..models import Agreement, BudgetLine, Status
from ..selectors import AQB_FIRST, agreement_revision


def _lock(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().select_related(
        "region", "programme_year").get(pk=agreement.pk)


def _require_draft(agreement: Agreement) -> None:
    if agreement.status != Status.DRAFT:
        raise ValidationError({"status": (
            f"Die Zielvereinbarung ist „{agreement.get_status_display()}“: ihr Inhalt ist "
            "festgeschrieben. Änderungen nur im Entwurf oder als neue Fassung.")})


def agreed_line(agreement: Agreement) -> BudgetLine | None:
    """The budget line that carries the allocation (the AQB line, else the first line; see
    `selectors.AQB_FIRST`)."""
    return agreement.budget_lines.order_by(AQB_FIRST, "order").first()


def _require_revision(agreement: Agreement, revision: str | None) -> None:
    """Optimistic check under the row lock: `revision` is what the form showed
    (`selectors.agreement_revision`); None skips the check (calls without a form)."""
    require_revision(revision, agreement_revision(agreement), "Die Zielvereinbarung")
