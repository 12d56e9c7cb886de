"""Changes of steering: the ministry's settings of a year and its adjustments of targets.
Each in one transaction with one audit entry (docs/steering.md)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.budgets.models import ProgrammeYear

from .models import SteeringYear, TargetAdjustment


def _percent(value: Decimal) -> str:
    return f"{format(value.normalize(), 'f').replace('.', ',')} %"


def steering_year_save(*, actor, programme_year: ProgrammeYear, on_track_from: Decimal,
                       watch_from: Decimal, course: str) -> SteeringYear:
    """The ministry sets the thresholds of the ratings and the part-year course of a year
    (audited "steering.settings")."""
    policy.require_ministry(actor, "die Bewertung der Zielerreichung festlegen")
    if watch_from > on_track_from:
        raise ValidationError({"watch_from": "Die Schwelle für „beobachten“ darf nicht über "
                                             "der für „im Plan“ liegen."})
    with transaction.atomic():
        row = SteeringYear.objects.select_for_update().filter(
            programme_year=programme_year).first()
        before = ({"on": row.on_track_from, "watch": row.watch_from,
                   "course": row.get_course_display()} if row else None)
        row = row or SteeringYear(programme_year=programme_year)
        row.on_track_from, row.watch_from, row.course = on_track_from, watch_from, course
        row.full_clean()
        row.save()
        after = {"on": row.on_track_from, "watch": row.watch_from,
                 "course": row.get_course_display()}
        changes = {}
        for key, label in (("on", "Im Plan ab"), ("watch", "Beobachten ab"),
                           ("course", "Unterjährige Erwartung")):
            old = before[key] if before else None
            new = after[key]
            if old != new:
                fmt = (lambda v: v) if key == "course" else (
                    lambda v: None if v is None else _percent(v))
                changes[label] = {"before": fmt(old), "after": fmt(new)}
        audit_record(actor=actor, action="steering.settings", obj=row,
                     object_repr=f"Steuerung AQB {programme_year.year}", changes=changes)
    return row


def target_adjustment_record(*, actor, programme_year: ProgrammeYear, region,
                             factor: Decimal | None, reason: str) -> TargetAdjustment:
    """The ministry records its own adjustment factor of a region's targets (None: back to
    pro rata), with a reason (audited "steering.adjustment"). Rows are never changed."""
    policy.require_ministry(actor, "Ziele anpassen")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Bitte die Anpassung begründen."})
    with transaction.atomic():
        previous = TargetAdjustment.objects.select_for_update().filter(
            programme_year=programme_year, region=region).order_by(
            "-created_at", "-pk").first()
        row = TargetAdjustment(programme_year=programme_year, region=region, factor=factor,
                               reason=reason, created_by=actor)
        row.full_clean()
        row.save()

        def text(f):
            return "anteilig" if f is None else format(f, "f").replace(".", ",")

        audit_record(actor=actor, action="steering.adjustment", obj=row,
                     object_repr=f"Ziele {region.name} {programme_year.year}",
                     changes={"Anpassungsfaktor": {
                         "before": text(previous.factor) if previous else "anteilig",
                         "after": text(factor)}, "Begründung": {"before": None,
                                                               "after": reason}})
    return row
