"""What conferences register with the notification service: the kind of message a person
moved up from the waiting list gets, and the calendar entries of the conferences a person is
registered for."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from aqb.notifications import registry

from .models import Conference, RegistrationStatus

MOVED_UP = registry.kind_register(registry.Kind(
    "conference_moved_up", "Tagungen: Platz von der Warteliste",
    "Auf der Warteliste einer Tagung ist ein Platz für Sie frei geworden."))
CHANGED = registry.kind_register(registry.Kind(
    "conference_changed", "Tagungen: abgesagt oder verschoben",
    "Eine Tagung, zu der Sie angemeldet sind, wurde abgesagt oder verschoben."))


@registry.calendar_register
def conference_days(user, day: date) -> list[registry.Event]:
    """The conferences the user holds a place for (not the waiting list, not cancelled)."""
    rows = (Conference.objects.filter(registrations__user=user,
                                      registrations__status=RegistrationStatus.REGISTERED)
            .exclude(status="cancelled").order_by("starts_at").distinct())
    return [registry.Event(
        uid=f"conference-{c.pk}-{user.pk}@aqb",
        day=timezone.localdate(c.starts_at),
        summary=f"Tagung: {c.title}",
        description=(f"{timezone.localtime(c.starts_at):%H:%M} bis "
                     f"{timezone.localtime(c.ends_at):%H:%M} Uhr, {c.place}"),
        url=reverse("conferences:detail", args=[c.pk]),
        categories=("Tagung",)) for c in rows]
