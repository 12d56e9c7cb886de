"""Reminders of agreements waiting for a signature, through the notification service.

An agreement waits for the ministry's signature once agreed (`Abgestimmt`) and for the
region's once the ministry signed. After 14 days of waiting, the party that must sign is
reminded (ministry accounts, or the accounts of the agreement's region), then once a week
while it still waits. Each reminder's key names the agreement, the party and the day it fell
due, so a day's run sends it once and a missed day is caught up by the next run.
The waiting starts at the audit entry of the step before (`agreement.agree`,
`agreement.sign_ministry`); the agreement's own creation is the fallback.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.models import Role
from aqb.audit.models import AuditEntry
from aqb.german.dates import format_date
from aqb.notifications import registry
from aqb.notifications.services import notify

from .models import Agreement, Party, Status

WAIT_DAYS = 14
REPEAT_DAYS = 7

SIGNATURE = registry.kind_register(registry.Kind(
    "agreement_signature", "Unterschrift einer Zielvereinbarung steht aus",
    f"Eine Zielvereinbarung wartet seit {WAIT_DAYS} Tagen auf Ihre Unterschrift "
    "(danach wöchentlich, solange sie wartet)."))

WAITING = {Status.AGREED: (Party.MINISTRY, "agreement.agree"),
           Status.SIGNED_MINISTRY: (Party.REGION, "agreement.sign_ministry")}
WHO = {Party.MINISTRY: "des Ministeriums", Party.REGION: "der Gebietskörperschaft"}


def _waiting(agreements: Iterable[Agreement]) -> list[tuple[Agreement, str, date]]:
    """(agreement, party that must sign, day the waiting began) for waiting agreements."""
    agreements = list(agreements)
    since: dict[tuple[str, str], date] = {}
    entries = AuditEntry.objects.filter(
        object_type=Agreement._meta.label_lower,
        object_id__in=[str(a.pk) for a in agreements],
        action__in=[action for _, action in WAITING.values()]).order_by("seq")
    for object_id, action, created_at in entries.values_list("object_id", "action",
                                                             "created_at"):
        since[(object_id, action)] = timezone.localdate(created_at)  # the latest wins
    out = []
    for a in agreements:
        party, action = WAITING[a.status]
        out.append((a, party, since.get((str(a.pk), action), timezone.localdate(a.created_at))))
    return out


def waiting_unscoped():
    return (Agreement.objects.filter(is_current=True, status__in=list(WAITING))
            .select_related("region", "programme_year").order_by("pk"))


def _signers(agreement: Agreement, party: str):
    users = get_user_model().objects.filter(is_active=True)
    if party == Party.MINISTRY:
        return users.filter(memberships__role=Role.MINISTRY).distinct()
    return users.filter(memberships__role=Role.REGION,
                        memberships__region_id=agreement.region_id).distinct()


@registry.reminder_register
def signature_remind(day: date) -> int:
    """Remind the signing party of every agreement that waits 14 days or longer on `day`."""
    created = 0
    for agreement, party, since in _waiting(waiting_unscoped()):
        waited = (day - since).days
        if waited < WAIT_DAYS:
            continue
        due = since + timedelta(days=WAIT_DAYS + (waited - WAIT_DAYS) // REPEAT_DAYS
                                * REPEAT_DAYS)
        state = "abgestimmt" if party == Party.MINISTRY else "vom Ministerium unterzeichnet"
        for user in _signers(agreement, party):
            n = notify(
                user=user, kind=SIGNATURE.key,
                title=f"{agreement}: Unterschrift {WHO[party]} steht seit {waited} Tagen aus",
                body=(f"Die Zielvereinbarung ist seit dem {format_date(since)} {state} und "
                      f"wartet auf die Unterschrift {WHO[party]}."),
                url=reverse("agreements:detail", args=[agreement.pk]),
                key=f"{SIGNATURE.key}:{agreement.pk}:{party}:{due.isoformat()}")
            created += n is not None
    return created


@registry.calendar_register
def signature_deadlines(user, day: date) -> list[registry.Event]:
    """The day from which an agreement waiting for the user's signature is overdue."""
    p = policy.principal(user)
    qs = waiting_unscoped()
    mine = [a for a in qs if (a.status == Status.AGREED and p.ministry)
            or (a.status == Status.SIGNED_MINISTRY and a.region_id in p.region_ids)]
    return [registry.Event(
        uid=f"agreement-signature-{a.pk}-{party}@aqb",
        day=since + timedelta(days=WAIT_DAYS),
        summary=f"Unterschrift fällig: {a}",
        description=f"Die Zielvereinbarung wartet seit dem {format_date(since)} auf die "
                    f"Unterschrift {WHO[party]}.",
        url=reverse("agreements:detail", args=[a.pk]),
        categories=("Zielvereinbarung",)) for a, party, since in _waiting(mine)]
