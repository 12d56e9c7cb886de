"""Versions of a programme year's agreement template."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.budgets.models import ProgrammeYear

from .. import default_template
from ..models import AgreementTemplate
from ..selectors import template_current


@transaction.atomic
def template_save(*, actor, programme_year: ProgrammeYear, clauses: list[dict[str, Any]],
                  purpose: str | None = None) -> AgreementTemplate:
    """A new version of the year's template. Agreements keep the version they were drafted
    with; new drafts use the newest."""
    from ..document import check_template_text

    policy.require_ministry(actor, "die Vorlage ändern")
    errors: dict[str, list[str]] = {}
    for i, clause in enumerate(clauses):
        for key in ("heading", "body"):
            if not str(clause.get(key, "")).strip():
                errors.setdefault(f"clause_{i}_{key}", []).append("Bitte ausfüllen.")
        problems = check_template_text(clause.get("body", "") + " ".join(clause.get("titles", [])))
        if problems:
            errors.setdefault(f"clause_{i}_body", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    current = template_current(programme_year)
    version = (current.version + 1) if current else 1
    tpl = AgreementTemplate.objects.create(
        programme_year=programme_year, version=version, clauses=clauses,
        purpose=purpose or (current.purpose if current else default_template.PURPOSE),
        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_record(actor=actor, action="agreement_template.save", obj=programme_year,
                 summary=f"Vorlage der Zielvereinbarungen, Fassung {version}",
                 changes={"template_version": {"before": current.version if current else None,
                                               "after": version}})
    return tpl


def template_ensure(*, actor, programme_year: ProgrammeYear) -> AgreementTemplate:
    return template_current(programme_year) or template_save(
        actor=actor, programme_year=programme_year, clauses=default_template.CLAUSES)
