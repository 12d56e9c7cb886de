"""What the agreement services share: row locks and the draft check."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ..models import Agreement, Status


def _lock(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().select_related(
        "region", "programme_year").get(pk=agreement.pk)


def _require_draft(agreement: Agreement) -> None:
    if agreement.status != Status.DRAFT:
        raise ValidationError({"status": (
            f"Die Zielvereinbarung ist „{agreement.get_status_display()}“: ihr Inhalt ist "
            "festgeschrieben. Änderungen nur im Entwurf oder als neue Fassung.")})
