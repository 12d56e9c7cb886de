"""Planning services: indicator uploads, scenarios (allocation keys), earmark parts, adoption.

Every function is one transaction and leaves an audit entry; messages are German. The exact
split itself is `allocation.allocation_compute` (docs/allocation.md).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from aqb.accounts import policy
from aqb.audit.services import audit_record, diff
from aqb.german.money import format_eur as _eur
from aqb.regions.models import Region

from . import services
from .allocation import (
    AllocationError,
    AllocationKey,
    allocation_compute,
    parse_weights,
    resolve_weight_names,
)
from .indicators import IndicatorFileError, read_indicator_file
from .models import (
    Allocation,
    Earmark,
    EarmarkShare,
    IndicatorSet,
    ProgrammeYear,
    Scenario,
    ScenarioAmount,
)
from .selectors import previous_amounts_unscoped

ZERO = Decimal("0.00")


PLAN = "Programmjahre planen"


def _weights(value: str | dict[str, Any], indicator_set: IndicatorSet,
             field: str = "weights") -> dict[str, Decimal]:
    """Weights typed as text („arbeitslose=0,5; einwohner=0,5“) or given as a dict, under the
    indicator set's own names (matched tolerantly, see `allocation.indicator_key`). The
    message carries no „Gewichte:“ prefix: the form shows it beside its field."""
    try:
        parsed = ({str(k): Decimal(str(v)) for k, v in value.items()}
                  if isinstance(value, dict) else parse_weights(value))
        return resolve_weight_names(parsed, indicator_set.indicators,
                                    dataset=indicator_set.name)
    except AllocationError as exc:
        raise ValidationError({field: str(exc)}) from exc


def _all_ags() -> list[str]:
    return list(Region.objects.order_by("ags").values_list("ags", flat=True))


@transaction.atomic
def indicator_set_create(*, actor, programme_year: ProgrammeYear, name: str, path: Path | str,
                         filename: str = "") -> IndicatorSet:
    """Read an indicator upload (CSV or XLSX) and keep its values. Any bad row or column: a
    ValidationError listing every problem under "file", and nothing is stored."""
    policy.require_ministry(actor, PLAN)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Bitte eine Bezeichnung angeben."})
    if IndicatorSet.objects.filter(programme_year=programme_year, name=name).exists():
        raise ValidationError({"name": f"Den Datensatz „{name}“ gibt es in diesem Jahr schon."})
    try:
        table = read_indicator_file(path, expected_ags=_all_ags(), filename=filename or None)
    except IndicatorFileError as exc:
        raise ValidationError({"file": exc.errors}) from exc
    values = {ags: {k: str(v) for k, v in row.items()} for ags, row in table.values.items()}
    ind = IndicatorSet.objects.create(programme_year=programme_year, name=name,
                                      filename=filename[:255], indicators=table.indicators,
                                      values=values, created_by=actor)
    audit_record(actor=actor, action="indicator_set.create", obj=programme_year,
                 summary=f"Indikatordatensatz {name} ({filename})",
                 changes=diff({}, {"name": name, "indicators": table.indicators}))
    return ind


def default_scenario_total(programme_year: ProgrammeYear) -> Decimal:
    """The part of the year's total that the general key distributes: total minus earmarks."""
    earmarked = programme_year.earmarks.aggregate(s=Sum("amount"))["s"] or ZERO
    return programme_year.total - earmarked


@transaction.atomic
def scenario_create(*, actor, programme_year: ProgrammeYear, name: str,
                    indicator_set: IndicatorSet, weights: str | dict, floor: Decimal,
                    unit: Decimal, max_change: Decimal | None = None,
                    total: Decimal | None = None) -> Scenario:
    """Compute a split of `total` (default: year total minus earmarks) by a key and keep it.

    With `max_change` the previous programme year's current allocations are the reference."""
    policy.require_ministry(actor, PLAN)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Bitte eine Bezeichnung angeben."})
    if Scenario.objects.filter(programme_year=programme_year, name=name).exists():
        raise ValidationError({"name": f"Das Szenario „{name}“ gibt es in diesem Jahr schon."})
    if indicator_set.programme_year_id != programme_year.pk:
        raise ValidationError({"indicator_set": "Der Datensatz gehört zu einem anderen Jahr."})
    parsed = _weights(weights, indicator_set)
    total = services._money(total if total is not None else default_scenario_total(
        programme_year), "total")
    floor, unit = services._money(floor, "floor"), services._money(unit, "unit")
    key = AllocationKey(weights=parsed, floor=floor, unit=unit, max_change=max_change)
    previous = previous_amounts_unscoped(programme_year=programme_year) \
        if max_change is not None else {}
    try:
        result = allocation_compute(total=total, indicators=indicator_set.decimal_values(),
                                    key=key, previous=previous)
    except AllocationError as exc:
        raise ValidationError(str(exc)) from exc
    scenario = Scenario.objects.create(
        programme_year=programme_year, name=name, indicator_set=indicator_set, total=total,
        weights={k: str(v) for k, v in parsed.items()}, floor=floor, unit=unit,
        max_change=max_change, created_by=actor)
    regions = {r.ags: r for r in Region.objects.all()}
    ScenarioAmount.objects.bulk_create([
        ScenarioAmount(scenario=scenario, region=regions[ags], amount=amount,
                       score=str(result.scores[ags].numerator * Decimal(1)
                                 / result.scores[ags].denominator)[:40],
                       note=_note(result, ags))
        for ags, amount in result.amounts.items()])
    audit_record(actor=actor, action="scenario.create", obj=programme_year,
                 summary=f"Szenario {name}", changes=diff({}, {
                     "total": total, "weights": scenario.weights, "floor": floor,
                     "unit": unit, "max_change": max_change}))
    return scenario


def _note(result, ags: str) -> str:
    if ags in result.floored:
        return "Mindestbetrag"
    if ags in result.clamped:
        return "Änderungsgrenze"
    return ""


#: The refusal when the adoption page showed another adopted scenario than there is now.
STALE_ADOPTION = ("Inzwischen hat jemand anderes ein Szenario für dieses Jahr übernommen. "
                  "Bitte laden Sie die Seite neu und prüfen Sie die Zuweisungen.")


@transaction.atomic
def scenario_adopt(*, actor, scenario: Scenario, seen: str | None = None) -> ProgrammeYear:
    """Adopt a scenario for its year: writes every region's allocation (general part from the
    scenario plus the region's earmark parts) through `allocation_set`, with audit.

    Under the year's row lock: `seen` is the adopted scenario the page showed (its id, "" for
    none; None: not checked); if another was adopted since, the adoption is refused. Adopting
    the scenario that is already adopted with unchanged allocations is refused too (typically
    two people pressed the button at once): nothing would change, no second audit entry."""
    policy.require_ministry(actor, PLAN)
    py = ProgrammeYear.objects.select_for_update().get(pk=scenario.programme_year_id)
    services.guard_no_changes(py)
    if seen is not None and seen != str(py.adopted_scenario_id or ""):
        raise ValidationError(STALE_ADOPTION)
    if py.adopted_scenario_id == scenario.pk and _adopted_as_is(py, scenario):
        raise ValidationError(
            f"Das Szenario „{scenario.name}“ ist bereits übernommen; die Zuweisungen "
            "entsprechen ihm. Bitte laden Sie die Seite neu.")
    earmarked = EarmarkShare.objects.filter(earmark__programme_year=py).aggregate(
        s=Sum("amount"))["s"] or ZERO
    if scenario.total + earmarked > py.total:
        raise ValidationError(
            f"Das Szenario verteilt {_eur(scenario.total)}, die aufgeteilten Zweckbindungen "
            f"{_eur(earmarked)}; zusammen ist das mehr als der Gesamtbetrag von "
            f"{_eur(py.total)}. Bitte den Gesamtbetrag anpassen oder ein anderes Szenario "
            "wählen.")
    before = py.adopted_scenario.name if py.adopted_scenario_id else None
    py.adopted_scenario = scenario
    py.save(update_fields=["adopted_scenario"])
    audit_record(actor=actor, action="scenario.adopt", obj=py, summary=f"Szenario {scenario} "
                 "übernommen", changes=diff({"adopted_scenario": before},
                                            {"adopted_scenario": scenario.name}))
    _write_allocations(actor, py)
    return py


def _adoption_parts(scenario: Scenario) -> dict[int, dict[Earmark | None, Decimal]]:
    """Per region id: the parts adopting `scenario` writes (general part + earmark parts)."""
    py = scenario.programme_year
    general = dict(ScenarioAmount.objects.filter(scenario=scenario)
                   .values_list("region_id", "amount"))
    earmark_parts: dict[int, dict[Earmark, Decimal]] = {}
    for share in EarmarkShare.objects.filter(earmark__programme_year=py).select_related(
            "earmark"):
        earmark_parts.setdefault(share.region_id, {})[share.earmark] = share.amount
    out = {}
    for region_id in Region.objects.order_by("ags").values_list("pk", flat=True):
        parts: dict[Earmark | None, Decimal] = {None: general.get(region_id, ZERO)}
        parts.update(earmark_parts.get(region_id, {}))
        out[region_id] = parts
    return out


def _adopted_as_is(py: ProgrammeYear, scenario: Scenario) -> bool:
    """Whether every allocation of the year (amount and parts) is what adopting `scenario`
    writes."""
    stored = {a.region_id: a for a in Allocation.objects.filter(programme_year=py)
              .prefetch_related("parts")}
    for region_id, parts in _adoption_parts(scenario).items():
        alloc = stored.get(region_id)
        if alloc is None or alloc.amount != sum(parts.values(), ZERO):
            return False
        want = {(em.pk if em else None): v for em, v in parts.items() if v or em is None}
        if {p.earmark_id: p.amount for p in alloc.parts.all()} != want:
            return False
    return True


def adoption_amounts(scenario: Scenario) -> dict[int, Decimal]:
    """Per region id: the allocation adopting `scenario` would set (for the adoption page)."""
    return {rid: sum(parts.values(), ZERO) for rid, parts in _adoption_parts(scenario).items()}


def _write_allocations(actor, py: ProgrammeYear) -> None:
    regions = {r.pk: r for r in Region.objects.all()}
    for region_id, parts in _adoption_parts(py.adopted_scenario).items():
        services.allocation_set(actor=actor, programme_year=py, region=regions[region_id],
                                amount=sum(parts.values(), ZERO), parts=parts)


@transaction.atomic
def earmark_distribute_by_key(*, actor, earmark: Earmark, indicator_set: IndicatorSet,
                              weights: str | dict, floor: Decimal = ZERO,
                              unit: Decimal = Decimal("1")) -> list[EarmarkShare]:
    """Split an earmark over the regions by its own key (e.g. by one indicator)."""
    policy.require_ministry(actor, PLAN)
    parsed = _weights(weights, indicator_set)
    key = AllocationKey(weights=parsed, floor=services._money(floor, "floor"),
                        unit=services._money(unit, "unit"))
    try:
        result = allocation_compute(total=earmark.amount,
                                    indicators=indicator_set.decimal_values(), key=key)
    except AllocationError as exc:
        raise ValidationError(str(exc)) from exc
    rule = "; ".join(f"{k}={v}" for k, v in parsed.items())
    return _shares_replace(actor, earmark, result.amounts, rule="key", description=(
        f"Schlüssel nach „{indicator_set.name}“: {rule}; Mindestbetrag {_eur(key.floor)}, "
        f"Rundung auf {_eur(key.unit)}"))


@transaction.atomic
def earmark_distribute_fixed(*, actor, earmark: Earmark,
                             amounts: dict[str, Decimal]) -> list[EarmarkShare]:
    """Fixed amounts per region (AGS -> amount); they must add up to the earmark exactly."""
    policy.require_ministry(actor, PLAN)
    names = dict(Region.objects.values_list("ags", "name"))
    clean = {ags: services._money(v, f"ags_{ags}", names.get(ags, ags))
             for ags, v in amounts.items() if v}
    total = sum(clean.values(), ZERO)
    if total != earmark.amount:
        raise ValidationError(
            f"Die festen Beträge ergeben {_eur(total)}, die Zweckbindung „{earmark.name}“ "
            f"beträgt {_eur(earmark.amount)}. Die Summe muss genau stimmen.")
    return _shares_replace(actor, earmark, clean, rule="fixed",
                           description="feste Beträge je Gebietskörperschaft")


def _shares_replace(actor, earmark: Earmark, amounts: dict[str, Decimal], *, rule: str,
                    description: str) -> list[EarmarkShare]:
    py = ProgrammeYear.objects.select_for_update().get(pk=earmark.programme_year_id)
    services.guard_no_changes(py)
    before = {s.region.ags: str(s.amount) for s in earmark.shares.select_related("region")}
    earmark.shares.all().delete()
    regions = {r.ags: r for r in Region.objects.all()}
    shares = EarmarkShare.objects.bulk_create([
        EarmarkShare(earmark=earmark, region=regions[ags], amount=amount)
        for ags, amount in sorted(amounts.items()) if amount])
    earmark.rule, earmark.rule_description = rule, description[:500]
    earmark.save(update_fields=["rule", "rule_description"])
    after = {s.region.ags: str(s.amount) for s in shares}
    audit_record(actor=actor, action="earmark.distribute", obj=py,
                 summary=f"Zweckbindung {earmark.name} aufgeteilt: {description}"[:500],
                 changes=diff(before, after))
    if py.adopted_scenario_id:
        _write_allocations(actor, py)
    return shares
