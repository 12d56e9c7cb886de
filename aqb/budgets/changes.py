"""Changes during the year (cuts, increases, shifts) and the cash plan per calendar year.

A change is a dated record with a reason and its author; it never overwrites the adopted
allocation. Each line keeps the figures before and after. One transaction and one audit
entry per change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from aqb.accounts import policy
from aqb.audit.services import audit_record, diff
from aqb.german.money import MAX_AMOUNT, MoneyError, money_check
from aqb.german.money import format_eur as _eur

from . import services
from .models import (
    Allocation,
    AllocationChange,
    AllocationChangeLine,
    CashPlanEntry,
    ChangeKind,
    Earmark,
    ProgrammeYear,
)
from .selectors import GENERAL, allocation_current_unscoped

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ChangeLine:
    """Input of one line: region, part (earmark or None for the general part), signed delta."""

    region: object
    earmark: Earmark | None
    delta: Decimal


def _key(line: ChangeLine) -> tuple[int, int | None]:
    return line.region.pk, line.earmark.pk if line.earmark else None


def _check_shift_parts_differ(lines: list[ChangeLine], deltas: list[Decimal]) -> None:
    """A part that both gives and takes in one shift moves nothing: refused."""
    giving = {_key(ln) for ln, d in zip(lines, deltas, strict=True) if d < 0}
    for ln, d in zip(lines, deltas, strict=True):
        if d > 0 and _key(ln) in giving:
            label = ln.earmark.name if ln.earmark else GENERAL
            raise ValidationError({"to_part": (
                f"Abgebender und aufnehmender Teil sind gleich ({ln.region.name}, {label}); "
                "bitte einen anderen aufnehmenden Teil oder eine andere Gebietskörperschaft "
                "wählen.")})


@transaction.atomic
def allocation_change_record(*, actor, programme_year: ProgrammeYear, kind: str,
                             effective_date: date, reason: str,
                             lines: list[ChangeLine]) -> AllocationChange:
    """Record a cut (all deltas negative), an increase (all positive) or a shift (deltas add
    up to zero) between regions and/or parts. Dates may not go back behind the last change."""
    policy.require_ministry(actor, "Zuweisungen im Jahr ändern")
    py = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if kind not in ChangeKind.values:
        errors.setdefault("kind", []).append("Bitte die Art der Änderung wählen.")
    if not reason:
        errors.setdefault("reason", []).append("Bitte die Änderung begründen.")
    if effective_date is None:
        errors.setdefault("effective_date", []).append("Bitte das Datum angeben.")
    else:
        last = AllocationChange.objects.filter(programme_year=py).aggregate(
            d=Max("effective_date"))["d"]
        if last is not None and effective_date < last:
            errors.setdefault("effective_date", []).append(
                f"Die letzte Änderung gilt ab {last:%d.%m.%Y}; eine spätere Änderung kann nicht "
                "davor wirksam werden.")
    lines = [ln for ln in lines if ln.delta]
    if not lines:
        errors.setdefault("__all__", []).append("Bitte mindestens einen Betrag angeben.")
    if errors:
        raise ValidationError(errors)
    deltas = []
    for n, ln in enumerate(lines, start=1):
        label = f"Zeile {n}: {ln.region.name}, {ln.earmark.name if ln.earmark else GENERAL}"
        try:
            deltas.append(money_check(ln.delta, field=label, negative=True))
        except MoneyError as exc:
            raise ValidationError(str(exc)) from exc
    if kind == ChangeKind.CUT and any(d > 0 for d in deltas):
        raise ValidationError("Eine Kürzung enthält nur Minderungen.")
    if kind == ChangeKind.INCREASE and any(d < 0 for d in deltas):
        raise ValidationError("Eine Erhöhung enthält nur Mehrungen.")
    if kind == ChangeKind.SHIFT and (sum(deltas) != 0 or len(lines) < 2):
        raise ValidationError(
            f"Eine Umschichtung gibt ab und nimmt auf, in der Summe 0 €; hier ergibt sie "
            f"{_eur(sum(deltas, ZERO))}.")
    if kind == ChangeKind.SHIFT:
        _check_shift_parts_differ(lines, deltas)
    change = AllocationChange.objects.create(
        programme_year=py, kind=kind, effective_date=effective_date, reason=reason,
        created_by=actor)
    audit_lines = {}
    regions: dict[int, object] = {}
    region_running: dict[int, Decimal] = {}
    part_running: dict[tuple[int, int | None], Decimal] = {}
    for ln, delta in zip(lines, deltas, strict=True):
        if ln.earmark is not None and ln.earmark.programme_year_id != py.pk:
            raise ValidationError("Die Zweckbindung gehört zu einem anderen Jahr.")
        current = allocation_current_unscoped(ln.region, py)
        if current is None:
            raise ValidationError(
                f"{ln.region.name} hat für {py} noch keine Zuweisung; bitte zuerst eine "
                "Verteilung übernehmen.")
        region_before = region_running.get(ln.region.pk, current.current)
        key = _key(ln)
        part_now = {p.earmark_id: p.current for p in current.parts}
        part_before = part_running.get(key, part_now.get(key[1], ZERO))
        part_after, region_after = part_before + delta, region_before + delta
        label = ln.earmark.name if ln.earmark else GENERAL
        if part_after < 0:
            raise ValidationError(
                f"{ln.region.name}, {label}: {_eur(part_before)} reichen für eine Minderung um "
                f"{_eur(-delta)} nicht aus.")
        if region_after > MAX_AMOUNT:
            raise ValidationError(
                f"{ln.region.name}, {label}: Die Zuweisung würde {_eur(region_after)} betragen; "
                f"höchstens {_eur(MAX_AMOUNT)} sind möglich.")
        AllocationChangeLine.objects.create(
            change=change, region=ln.region, earmark=ln.earmark, delta=delta,
            part_before=part_before, part_after=part_after, region_before=region_before,
            region_after=region_after)
        region_running[ln.region.pk], part_running[key] = region_after, part_after
        regions[ln.region.pk] = ln.region
        audit_lines[f"{ln.region.ags} {label}"] = {"before": str(part_before),
                                                   "after": str(part_after)}
    for region_id, after in region_running.items():
        services.check_allocation_floors(regions[region_id], py, after)
    audit_record(actor=actor, action=f"allocation_change.{kind}", obj=py,
                 summary=(f"{change.get_kind_display()} ab {effective_date:%d.%m.%Y}: "
                          f"{reason}")[:500], changes=audit_lines)
    return change


@transaction.atomic
def cash_plan_set(*, actor, programme_year: ProgrammeYear, region,
                  amounts: dict[int, Decimal]) -> list[CashPlanEntry]:
    """Planned outflow of the region's allocation per calendar year (tranche). The years run
    from the programme year over `spending_years`; the sum may not exceed the current
    allocation (the rest is shown as not yet planned)."""
    if not policy.can_edit_region_data(actor, region.pk):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Nur das Ministerium oder die Gebietskörperschaft selbst.")
    py = programme_year
    years = range(py.year, py.year + py.spending_years)
    errors = {}
    clean: dict[int, Decimal] = {}
    for year, value in amounts.items():
        if year not in years:
            errors[f"year_{year}"] = (f"{year} liegt außerhalb des Verwendungszeitraums "
                                      f"{years[0]} bis {years[-1]}.")
            continue
        clean[year] = services._money(value or ZERO, f"year_{year}", f"Abfluss {year}")
    if errors:
        raise ValidationError(errors)
    alloc = Allocation.objects.select_for_update().filter(programme_year=py,
                                                          region=region).first()
    if alloc is None:
        raise ValidationError(f"{region.name} hat für {py} noch keine Zuweisung.")
    current = allocation_current_unscoped(region, py).current
    planned = sum(clean.values(), ZERO)
    if planned > current:
        raise ValidationError(
            f"Geplant sind {_eur(planned)}, die Zuweisung {py} beträgt aber nur "
            f"{_eur(current)}.")
    existing = {e.calendar_year: e for e in CashPlanEntry.objects.filter(
        programme_year=py, region=region)}
    before = {str(y): str(e.amount) for y, e in existing.items()}
    CashPlanEntry.objects.filter(programme_year=py, region=region).delete()
    entries = CashPlanEntry.objects.bulk_create([
        CashPlanEntry(programme_year=py, region=region, calendar_year=y, amount=v)
        for y, v in sorted(clean.items()) if v])
    after = {str(e.calendar_year): str(e.amount) for e in entries}
    changes = diff(before, after)
    if changes:
        audit_record(actor=actor, action="cash_plan.set", obj=region,
                     summary=f"Kassenplan {py}", changes=changes)
    return entries
