"""Reminders of the proofs of use due under a notice, through the notification service.

The due dates come from the notice version in force (`interim_proof_due`, `final_proof_due`;
an amendment notice that moves a date moves its reminders). The region's accounts are
reminded 14 days before, on the day and once when overdue, as long as no proof of that kind
has been submitted. A run on a day between two stages sends the stage that fell due last (a
missed day is caught up, never two at once); the key names notice, kind, stage and due date,
so each goes out once (like `aqb/budgets/reminders.py`)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse

from aqb.accounts import policy
from aqb.accounts.models import Role
from aqb.german.dates import format_date
from aqb.notifications import registry
from aqb.notifications.services import notify

from .models import Notice, NoticeStatus, NoticeVersion, Proof, ProofKind

DAYS_BEFORE = 14

PROOF_DUE = registry.kind_register(registry.Kind(
    "proof_due", "Nachweis der Verwendung fällig",
    f"Erinnerung {DAYS_BEFORE} Tage vor, am Tag und nach Ablauf der Frist für einen "
    "Zwischen- oder Verwendungsnachweis."))

FIELDS = ((ProofKind.INTERIM, "interim_proof_due"), (ProofKind.FINAL, "final_proof_due"))


def due_dates_unscoped() -> list[tuple[Notice, str, date]]:
    """(notice, kind, due date) of every active notice whose proof of that kind is missing.
    Internal: no check (the reminders and the calendar filter by user)."""
    versions = (NoticeVersion.objects.filter(is_current=True, notice__status=NoticeStatus.ACTIVE)
                .select_related("notice", "notice__region", "notice__programme_year")
                .order_by("notice_id"))
    submitted = set(Proof.objects.filter(notice__status=NoticeStatus.ACTIVE)
                    .values_list("notice_id", "kind"))
    out = []
    for v in versions:
        for kind, field in FIELDS:
            due = getattr(v, field)
            if due is not None and (v.notice_id, kind) not in submitted:
                out.append((v.notice, kind, due))
    return out


def _stage(due: date, day: date) -> str | None:
    left = (due - day).days
    if left < 0:
        return "overdue"
    if left == 0:
        return "due"
    if left <= DAYS_BEFORE:
        return "before"
    return None


def _title(notice: Notice, kind: str, due: date, day: date, stage: str) -> str:
    what = f"{ProofKind(kind).label} zum Bescheid {notice.number}"
    if stage == "overdue":
        return f"{what} ist seit dem {format_date(due)} überfällig"
    if stage == "due":
        return f"{what} ist heute fällig ({format_date(due)})"
    left = (due - day).days
    return f"{what} ist {'morgen' if left == 1 else f'in {left} Tagen'} fällig " \
           f"({format_date(due)})"


@registry.reminder_register
def proof_due_remind(day: date) -> int:
    created = 0
    users = get_user_model().objects.filter(is_active=True, memberships__role=Role.REGION)
    for notice, kind, due in due_dates_unscoped():
        stage = _stage(due, day)
        if stage is None:
            continue
        for user in users.filter(memberships__region_id=notice.region_id).distinct():
            n = notify(
                user=user, kind=PROOF_DUE.key,
                title=_title(notice, kind, due, day, stage),
                body=(f"Bitte den {ProofKind(kind).label} mit Sachbericht und zahlenmäßigem "
                      f"Nachweis bis zum {format_date(due)} bei der Bewilligungsbehörde "
                      "einreichen."),
                url=reverse("funding:proof_list", args=[notice.pk]),
                key=f"{PROOF_DUE.key}:{notice.pk}:{kind}:{stage}:{due.isoformat()}")
            created += n is not None
    return created


@registry.calendar_register
def proof_deadlines(user, day: date) -> list[registry.Event]:
    """Due dates of missing proofs: the region's own, all for the state."""
    p = policy.principal(user)
    if not (p.region_ids or p.sees_all_regions):
        return []
    return [registry.Event(
        uid=f"proof-due-{notice.pk}-{kind}@aqb", day=due,
        summary=f"{ProofKind(kind).label} fällig: {notice.number}",
        description=f"{ProofKind(kind).label} zum Zuwendungsbescheid {notice.number} "
                    f"({notice.region.name}).",
        url=reverse("funding:proof_list", args=[notice.pk]),
        categories=("Nachweis der Verwendung",))
        for notice, kind, due in due_dates_unscoped()
        if p.sees_all_regions or notice.region_id in p.region_ids]
