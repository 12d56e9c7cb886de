"""Changes of master data. Each one is a transaction and writes an audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from aqb.accounts import policy
from aqb.audit.services import audit_record, diff, snapshot
from aqb.german.grammar import GrammarError, name_forms

from .models import GrantingAuthority, MinistryName, Region, Signatory

REGION_EDITABLE = ("name", "official_name", "seat", "regierungsbezirk", "nominative_override",
                   "dative_override", "genitive_override")


def _apply(obj, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({k: "Dieses Feld kann nicht geändert werden." for k in unknown})
    before = snapshot(obj, list(allowed))
    for k, v in fields.items():
        setattr(obj, k, v)
    obj.full_clean()
    return before


def _check_grammar(region: Region) -> None:
    """Documents need the three forms: by rule from the name, or all given by hand."""
    try:
        name_forms(region.name)
    except GrammarError as exc:
        missing = [f for f in ("nominative_override", "dative_override", "genitive_override")
                   if not getattr(region, f).strip()]
        if missing:
            raise ValidationError({"name": str(exc), **{
                f: "Bitte ausfüllen: die Bezeichnung folgt keiner bekannten Regel."
                for f in missing}}) from exc


@transaction.atomic
def region_update(*, actor, region: Region, **fields: Any) -> Region:
    policy.require_ministry(actor, "Stammdaten ändern")
    region = Region.objects.select_for_update().get(pk=region.pk)
    before = _apply(region, fields, REGION_EDITABLE)
    _check_grammar(region)
    changes = diff(before, snapshot(region, list(REGION_EDITABLE)))
    if changes:
        region.save()
        audit_record(actor=actor, action="region.update", obj=region, changes=changes,
                     summary="Stammdaten geändert")
    return region


MINISTRY_FIELDS = ("name", "short_name", "minister", "minister_title", "seat", "valid_from",
                   "valid_to")


def _check_no_overlap(row: MinistryName) -> None:
    far_past, far_future = date.min, date.max
    for other in MinistryName.objects.exclude(pk=row.pk):
        a0, a1 = row.valid_from or far_past, row.valid_to or far_future
        b0, b1 = other.valid_from or far_past, other.valid_to or far_future
        if a0 <= b1 and b0 <= a1:
            raise ValidationError({"valid_from": (
                f"Der Zeitraum überschneidet sich mit „{other.name}“ "
                f"({other.valid_from or '…'} bis {other.valid_to or '…'}).")})


@transaction.atomic
def ministry_name_save(*, actor, row: MinistryName | None = None, **fields: Any) -> MinistryName:
    """Create (row=None) or change a period of the ministry's name. Periods must not overlap."""
    policy.require_ministry(actor, "Stammdaten ändern")
    creating = row is None
    row = MinistryName() if creating else MinistryName.objects.select_for_update().get(pk=row.pk)
    before = {} if creating else snapshot(row, list(MINISTRY_FIELDS))
    _apply(row, fields, MINISTRY_FIELDS)
    _check_no_overlap(row)
    row.save()
    audit_record(actor=actor, action="ministry_name.create" if creating else "ministry_name.update",
                 obj=row, changes=diff(before, snapshot(row, list(MINISTRY_FIELDS))))
    return row


AUTHORITY_FIELDS = ("name", "department", "street", "postal_code", "city")


@transaction.atomic
def granting_authority_update(*, actor, authority: GrantingAuthority | None,
                              **fields: Any) -> GrantingAuthority:
    """Change the granting authority's details; with authority=None (the row created by the
    data migration was removed) create it. Either way audited; views call this on POST only."""
    policy.require_ministry(actor, "Stammdaten ändern")
    creating = authority is None
    if creating:
        authority = GrantingAuthority()
        before = {}
        _apply(authority, fields, AUTHORITY_FIELDS)
    else:
        authority = GrantingAuthority.objects.select_for_update().get(pk=authority.pk)
        before = _apply(authority, fields, AUTHORITY_FIELDS)
    changes = diff(before, snapshot(authority, list(AUTHORITY_FIELDS)))
    if creating or changes:
        authority.save()
        audit_record(actor=actor, action="authority.create" if creating else "authority.update",
                     obj=authority, changes=changes)
    return authority


SIGNATORY_FIELDS = ("name", "title", "place", "valid_from", "valid_to")


@transaction.atomic
def signatory_save(*, actor, region: Region, signatory: Signatory | None = None,
                   **fields: Any) -> Signatory:
    policy.require_ministry(actor, "Stammdaten ändern")
    creating = signatory is None
    sig = Signatory(region=region) if creating else Signatory.objects.select_for_update().get(
        pk=signatory.pk, region=region)
    before = {} if creating else snapshot(sig, list(SIGNATORY_FIELDS))
    _apply(sig, fields, SIGNATORY_FIELDS)
    sig.save()
    changes = diff(before, snapshot(sig, list(SIGNATORY_FIELDS)))
    # Recorded on the region, so its history shows who signs for it.
    audit_record(actor=actor, action="signatory.create" if creating else "signatory.update",
                 obj=region, changes=changes, summary=f"Unterzeichnende Person: {sig}")
    return sig
