"""Changes to programme years. One transaction and one audit entry per change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from aqb.accounts import policy
from aqb.audit.services import audit_record, diff, snapshot
from aqb.german.money import MoneyError, format_eur, money_check, parse_money

from .models import (
    DEFAULT_MEASURE_TYPES,
    Allocation,
    AllocationChange,
    Earmark,
    MeasureType,
    ProgrammeYear,
    StrategyDocument,
)

YEAR_FIELDS = ("total", "application_deadline", "notes", "is_demo", "agreement_shows_targets")


MONEY_LABELS = {"total": "Gesamtbetrag", "amount": "Betrag", "floor": "Mindestbetrag",
                "unit": "Rundungseinheit"}


def _money(value: Any, field: str, label: str = "") -> Decimal:
    """An amount for `field`: Decimal, int or German text („1.234,50“), rounded half up to
    the cent and bounded (`aqb.german.money.money_check`); the message names `label`.
    A float is a programming error (TypeError)."""
    if isinstance(value, float):
        raise TypeError("Geldbeträge dürfen keine Gleitkommazahlen sein.")
    label = label or MONEY_LABELS.get(field, "Betrag")
    try:
        if isinstance(value, str):
            return parse_money(value, field=label)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise MoneyError(f"„{label}“: Bitte einen Betrag in Euro angeben.", code="invalid")
        return money_check(value, field=label)
    except (MoneyError, ValueError) as exc:
        raise ValidationError({field: str(exc)}) from exc


def _check_earmarks_fit(py: ProgrammeYear, field: str) -> None:
    """Refuse (under `field`, the form field being changed) earmarks above the total."""
    earmarked = py.earmarks.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    if earmarked > py.total:
        raise ValidationError({field: (
            f"Die Zweckbindungen ({format_eur(earmarked)}) übersteigen den Gesamtbetrag "
            f"({format_eur(py.total)}).")})


#: Lower bounds of a region's allocation that the apps above set (funding: what its notices
#: grant). Each is called as `floor(region, programme_year)` under the year's row lock and
#: returns (amount, German words for it, e.g. "bewilligt sind bereits") or None. Apps above
#: that grant money lock the year's row too before they check against the allocation, so a
#: change and a grant never pass each other (docs/reliability.md, "Concurrency").
ALLOCATION_FLOORS: list[Callable[[object, ProgrammeYear], tuple[Decimal, str] | None]] = []


def register_allocation_floor(floor):
    ALLOCATION_FLOORS.append(floor)
    return floor


def check_allocation_floors(region, programme_year: ProgrammeYear, after: Decimal) -> None:
    """Refuse an allocation below what the apps above already bound of it."""
    for floor in ALLOCATION_FLOORS:
        bound = floor(region, programme_year)
        if bound is not None and after < bound[0]:
            raise ValidationError(
                f"{region.name}: Die Zuweisung würde {format_eur(after)} betragen; {bound[1]} "
                f"{format_eur(bound[0])}. Darunter geht es erst nach einem Änderungsbescheid. "
                "Bitte laden Sie die Seite neu, um den aktuellen Stand zu sehen.")


def guard_no_changes(py: ProgrammeYear) -> None:
    """From the first dated change on, adopted figures are never overwritten."""
    if AllocationChange.objects.filter(programme_year=py).exists():
        raise ValidationError(
            f"Für {py} sind bereits Änderungen im Jahresverlauf erfasst. Die übernommene "
            "Verteilung wird nicht mehr überschrieben; bitte eine datierte Änderung erfassen.")


@transaction.atomic
def programme_year_create(*, actor, year: int, total: Decimal,
                          application_deadline: date | None = None, notes: str = "",
                          is_demo: bool = False) -> ProgrammeYear:
    """A new programme year with the four measure types (titles of the previous year, or the
    defaults) and the deadline 31 March unless given."""
    policy.require_ministry(actor, "Programmjahre ändern")
    if ProgrammeYear.objects.filter(year=year).exists():
        raise ValidationError({"year": f"Das Programmjahr {year} gibt es bereits."})
    py = ProgrammeYear(year=year, total=_money(total, "total"), notes=notes, is_demo=is_demo,
                       application_deadline=application_deadline or date(year, 3, 31))
    py.full_clean()
    py.save()
    previous = ProgrammeYear.objects.filter(year__lt=year).order_by("-year").first()
    titles = dict(DEFAULT_MEASURE_TYPES)
    if previous is not None:
        titles.update({m.number: m.title for m in previous.measure_types.all()})
    for number, title in sorted(titles.items()):
        MeasureType.objects.create(programme_year=py, number=number, title=title)
    audit_record(actor=actor, action="programme_year.create", obj=py,
                 changes=diff({}, snapshot(py, ["year", *YEAR_FIELDS])))
    return py


@transaction.atomic
def programme_year_update(*, actor, programme_year: ProgrammeYear,
                          **fields: Any) -> ProgrammeYear:
    policy.require_ministry(actor, "Programmjahre ändern")
    py = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    unknown = set(fields) - set(YEAR_FIELDS)
    if unknown:
        raise ValidationError({k: "Dieses Feld kann nicht geändert werden." for k in unknown})
    before = snapshot(py, list(YEAR_FIELDS))
    if "total" in fields:
        fields["total"] = _money(fields["total"], "total")
    for k, v in fields.items():
        setattr(py, k, v)
    py.full_clean()
    _check_earmarks_fit(py, "total")
    changes = diff(before, snapshot(py, list(YEAR_FIELDS)))
    if changes:
        py.save()
        audit_record(actor=actor, action="programme_year.update", obj=py, changes=changes)
    return py


@transaction.atomic
def earmark_save(*, actor, programme_year: ProgrammeYear, name: str, amount: Decimal,
                 earmark: Earmark | None = None) -> Earmark:
    policy.require_ministry(actor, "Programmjahre ändern")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Bitte eine Bezeichnung angeben."})
    creating = earmark is None
    em = Earmark(programme_year=programme_year) if creating else Earmark.objects.get(
        pk=earmark.pk, programme_year=programme_year)
    before = {} if creating else snapshot(em, ["name", "amount"])
    em.name, em.amount = name, _money(amount, "amount")
    if not creating and str(em.amount) != before["amount"] and em.shares.exists():
        if programme_year.adopted_scenario_id:
            raise ValidationError({"amount": (
                "Die Zweckbindung ist aufgeteilt und die Verteilung übernommen. Bitte den "
                "Betrag als datierte Änderung im Jahresverlauf erfassen.")})
        em.shares.all().delete()
        em.rule, em.rule_description = "none", ""
    if Earmark.objects.filter(programme_year=programme_year, name=name).exclude(pk=em.pk).exists():
        raise ValidationError({"name": f"Die Zweckbindung „{name}“ gibt es in diesem Jahr schon."})
    em.save()
    _check_earmarks_fit(programme_year, "amount")
    audit_record(actor=actor, action="earmark.create" if creating else "earmark.update",
                 obj=programme_year, summary=f"Zweckbindung {name}",
                 changes=diff(before, snapshot(em, ["name", "amount"])))
    return em


@transaction.atomic
def earmark_delete(*, actor, earmark: Earmark) -> None:
    policy.require_ministry(actor, "Programmjahre ändern")
    py = earmark.programme_year
    before = snapshot(earmark, ["name", "amount"])
    earmark.delete()
    audit_record(actor=actor, action="earmark.delete", obj=py,
                 summary=f"Zweckbindung {before['name']} entfernt", changes=diff(before, {}))


@transaction.atomic
def measure_type_update(*, actor, measure_type: MeasureType, title: str) -> MeasureType:
    policy.require_ministry(actor, "Programmjahre ändern")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte eine Bezeichnung angeben."})
    before = snapshot(measure_type, ["title"])
    measure_type.title = title
    measure_type.save(update_fields=["title"])
    audit_record(actor=actor, action="measure_type.update", obj=measure_type.programme_year,
                 summary=f"Maßnahmeart {measure_type.number}",
                 changes=diff(before, snapshot(measure_type, ["title"])))
    return measure_type


@transaction.atomic
def strategy_document_save(*, actor, programme_year: ProgrammeYear, title: str,
                           reference: str = "") -> StrategyDocument:
    policy.require_ministry(actor, "Programmjahre ändern")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte einen Titel angeben."})
    doc = StrategyDocument.objects.create(programme_year=programme_year, title=title,
                                          reference=reference.strip())
    audit_record(actor=actor, action="strategy_document.create", obj=programme_year,
                 summary=f"Strategiedokument {title}",
                 changes=diff({}, snapshot(doc, ["title", "reference"])))
    return doc


@transaction.atomic
def allocation_set(*, actor, programme_year: ProgrammeYear, region, amount: Decimal,
                   is_demo: bool = False,
                   parts: dict[Earmark | None, Decimal] | None = None) -> Allocation:
    """Set a region's adopted amount for the year, optionally with its parts (general part
    under key None, earmark parts under their Earmark); the parts must add up to the amount.

    Refused once dated changes exist for the year: from then on only `allocation_change_record`
    changes figures (never an overwrite)."""
    policy.require_ministry(actor, "Programmjahre ändern")
    from .models import AllocationPart

    amount = _money(amount, "amount")
    # the year's row lock orders this with grants checked against the allocation
    programme_year = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    guard_no_changes(programme_year)
    if parts is not None:
        parts = {k: _money(v, "amount") for k, v in parts.items()}
        if sum(parts.values(), Decimal("0")) != amount:
            raise ValidationError({"amount": "Die Teilbeträge ergeben nicht den Gesamtbetrag."})
    check_allocation_floors(region, programme_year, amount)
    alloc = Allocation.objects.select_for_update().filter(
        programme_year=programme_year, region=region).first()
    fields = ["amount", "is_demo"]
    before = {} if alloc is None else snapshot(alloc, fields)
    if alloc is not None:
        before["parts"] = _parts_snapshot(alloc)
    if alloc is None:
        alloc = Allocation(programme_year=programme_year, region=region)
    alloc.amount, alloc.is_demo = amount, is_demo
    alloc.save()
    if parts is not None:
        AllocationPart.objects.filter(allocation=alloc).delete()
        AllocationPart.objects.bulk_create([
            AllocationPart(allocation=alloc, earmark=em, amount=v) for em, v in parts.items()
            if v or em is None])
    after = snapshot(alloc, fields)
    if before:
        after["parts"] = _parts_snapshot(alloc)
    elif parts is not None:
        after["parts"] = _parts_snapshot(alloc)
    changes = diff(before, after)
    if changes:
        audit_record(actor=actor, action="allocation.set", obj=region,
                     summary=f"Zuweisung {programme_year.year}", changes=changes)
    return alloc


def _parts_snapshot(alloc: Allocation) -> dict[str, str]:
    return {(p.earmark.name if p.earmark else "Allgemeiner Anteil"): str(p.amount)
            for p in alloc.parts.select_related("earmark")}


@transaction.atomic
def programme_year_revise(*, actor, programme_year: ProgrammeYear,
                          measure_titles: dict[int, str], **fields: Any) -> ProgrammeYear:
    """Change the year's figures and its measure-type titles together, or nothing at all."""
    py = programme_year_update(actor=actor, programme_year=programme_year, **fields)
    for mt in py.measure_types.all():
        new = measure_titles.get(mt.number)
        if new is not None and new.strip() != mt.title:
            measure_type_update(actor=actor, measure_type=mt, title=new)
    return py
