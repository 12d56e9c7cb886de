"""Reminders of a programme year's application deadline (Antragsfrist, regularly 31 March),
through the notification service: 14 and 3 days before, to the accounts of the regions.

A run on a day between two reminder days sends the one that fell due last (a missed day is
caught up, never both at once); the key names year and reminder day, so each goes out once.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse

from aqb.accounts import policy
from aqb.accounts.models import Role
from aqb.german.dates import format_date
from aqb.notifications import registry
from aqb.notifications.services import notify

from .models import ProgrammeYear

DAYS_BEFORE = (14, 3)

DEADLINE = registry.kind_register(registry.Kind(
    "application_deadline", "Antragsfrist rückt näher",
    "Erinnerung 14 und 3 Tage vor der Antragsfrist eines Programmjahres."))


def _deadline(py: ProgrammeYear) -> date:
    return py.application_deadline or py.default_deadline()


def _in_days(n: int) -> str:
    return {0: "heute", 1: "morgen"}.get(n, f"in {n} Tagen")


@registry.reminder_register
def application_deadline_remind(day: date) -> int:
    created = 0
    users = list(get_user_model().objects.filter(
        is_active=True, memberships__role=Role.REGION).distinct().order_by("pk"))
    for py in ProgrammeYear.objects.filter(year__gte=day.year - 1, year__lte=day.year + 1):
        deadline = _deadline(py)
        left = (deadline - day).days
        due_offsets = [d for d in DAYS_BEFORE if 0 <= left <= d]
        if not due_offsets:
            continue
        due = deadline - timedelta(days=min(due_offsets))
        for user in users:
            n = notify(
                user=user, kind=DEADLINE.key,
                title=f"Antragsfrist AQB {py.year} endet {_in_days(left)} "
                      f"({format_date(deadline)})",
                body=(f"Anträge für das Programmjahr {py.year} sind bis zum "
                      f"{format_date(deadline)} einzureichen."),
                url=reverse("budgets:year_detail", args=[py.year]),
                key=f"{DEADLINE.key}:{py.year}:{due.isoformat()}")
            created += n is not None
    return created


@registry.calendar_register
def application_deadlines(user, day: date) -> list[registry.Event]:
    """Application deadlines of the programme years around `day`, for every role that works
    with applications (regions and the state)."""
    p = policy.principal(user)
    if not (p.region_ids or p.sees_all_regions):
        return []
    return [registry.Event(
        uid=f"application-deadline-{py.year}@aqb", day=_deadline(py),
        summary=f"Antragsfrist AQB {py.year}",
        description=f"Letzter Tag für Anträge des Programmjahres {py.year}.",
        url=reverse("budgets:year_detail", args=[py.year]),
        categories=("Antragsfrist",))
        for py in ProgrammeYear.objects.filter(year__gte=day.year - 1, year__lte=day.year + 1)]
