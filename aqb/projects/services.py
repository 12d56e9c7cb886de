"""Changes of projects: create, update, assign a provider. Keyword-only, one transaction
each, one audit entry each.

Who may change a project (decision, see docs/decisions.md): the ministry any project, a region
its own projects (they are its files: plan, provider, numbers). The granting authority and
providers read only. A signed agreement keeps the project's label as it was signed
(`AgreementProject.label`); editing a project changes no agreement.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from aqb.accounts import policy
from aqb.accounts.models import Provider
from aqb.audit.services import audit_record, diff, snapshot

from .models import Project

EDITABLE = ("name", "short_name", "measure_number", "planned_amount", "planned_participants",
            "first_year", "last_year")
MAX_AMOUNT = Decimal("999999999999.99")  # fits the column (14 digits, 2 places)


def _require_edit(actor, region_id: int | None) -> None:
    if not policy.can_edit_region_data(actor, region_id):
        raise PermissionDenied("Nur das Ministerium und die eigene Gebietskörperschaft dürfen "
                               "Projekte ändern.")


def _clean_text(fields: dict[str, Any]) -> None:
    for key in ("name", "short_name"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()


def _validate(project: Project) -> None:
    if not project.name:
        raise ValidationError({"name": "Bitte den Namen des Projekts angeben."})
    if project.measure_number not in (1, 2, 3, 4):
        raise ValidationError({"measure_number": "Bitte eine Maßnahmeart von 1 bis 4 wählen."})
    if project.planned_amount is not None and not (
            Decimal("0") <= project.planned_amount <= MAX_AMOUNT):
        raise ValidationError({"planned_amount": "Der Betrag muss zwischen 0 und "
                                                 "999.999.999.999,99 Euro liegen."})
    if project.last_year is not None and project.first_year is not None and \
            project.last_year < project.first_year:
        raise ValidationError({"last_year": "„bis Jahr“ liegt vor „von Jahr“."})
    project.full_clean()


def _provider_label(provider_id: int | None) -> str | None:
    if provider_id is None:
        return None
    return str(Provider.objects.get(pk=provider_id))


@transaction.atomic
def project_create(*, actor, region, measure_number: int, name: str, first_year: int,
                   short_name: str = "", provider: Provider | None = None,
                   planned_amount: Decimal | None = None,
                   planned_participants: int | None = None, last_year: int | None = None,
                   is_demo: bool = False) -> Project:
    """A new project of `region`; audited as "project.create"."""
    _require_edit(actor, getattr(region, "pk", None))
    fields = {"name": name, "short_name": short_name}
    _clean_text(fields)
    project = Project(region=region, measure_number=measure_number, provider=provider,
                      planned_amount=planned_amount, planned_participants=planned_participants,
                      first_year=first_year, last_year=last_year, is_demo=is_demo, **fields)
    _validate(project)
    project.save()
    after = {**snapshot(project, list(EDITABLE)), "provider": _provider_label(project.provider_id)}
    audit_record(actor=actor, action="project.create", obj=project, changes=diff({}, after),
                 summary=f"Projekt „{project.label}“ angelegt")
    return project


@transaction.atomic
def project_update(*, actor, project: Project, **fields: Any) -> Project:
    """Change name, short name, measure type, plan figures or years; audited with before and
    after ("project.update"). Nothing is written when nothing changed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_edit(actor, project.region_id)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({k: "Dieses Feld kann nicht geändert werden." for k in unknown})
    _clean_text(fields)
    before = snapshot(project, list(EDITABLE))
    for key, value in fields.items():
        setattr(project, key, value)
    _validate(project)
    changes = diff(before, snapshot(project, list(EDITABLE)))
    if changes:
        project.save(update_fields=list(fields))
        audit_record(actor=actor, action="project.update", obj=project, changes=changes,
                     summary=f"Projekt „{project.label}“ geändert")
    return project


@transaction.atomic
def project_assign_provider(*, actor, project: Project,
                            provider: Provider | None) -> Project:
    """Give the project its provider (Träger), change it, or (None) leave it open again. The
    provider then sees the project; a former provider no longer does."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_edit(actor, project.region_id)
    if provider is not None and not Provider.objects.filter(pk=provider.pk).exists():
        raise ValidationError({"provider": "Diesen Träger gibt es nicht."})
    new_id = provider.pk if provider is not None else None
    if project.provider_id == new_id:
        return project
    before = _provider_label(project.provider_id)
    project.provider_id = new_id
    project.save(update_fields=["provider"])
    after = _provider_label(new_id)
    audit_record(actor=actor, action="project.assign_provider", obj=project,
                 changes={"provider": {"before": before, "after": after}},
                 summary=f"Träger: {after}" if after else "Träger wieder offen")
    return project
