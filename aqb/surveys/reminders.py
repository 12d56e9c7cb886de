"""Notifications of surveys: sending, reminders before and after the deadline, the deadline in
the calendar feed.

Reminders go to the users of recipient regions whose response is not submitted: 7 and 2 days
before the deadline, and once a week after it (the day after the deadline, then every 7 days)
until the survey is closed. A run on a day between two reminder days sends the one that fell
due last; the key names survey, region and reminder day, so each goes out once.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from aqb.accounts import policy
from aqb.german.dates import format_date
from aqb.notifications import registry
from aqb.notifications.services import notify

from .models import Response, ResponseStatus, Survey, SurveyStatus
from .services import SENT, recipients_unscoped, region_users

DAYS_BEFORE = (7, 2)
OVERDUE_EVERY = 7

registry.kind_register(registry.Kind(
    SENT, "Umfrage erhalten", "Eine neue oder geänderte Umfrage des Ministeriums, eine "
    "wieder geöffnete Antwort."))
DUE = registry.kind_register(registry.Kind(
    "survey_due", "Frist einer Umfrage",
    "Erinnerung 7 und 2 Tage vor der Frist einer Umfrage und wöchentlich nach ihrem Ablauf, "
    "solange die Antwort nicht eingereicht ist."))


def due_day(deadline: date, day: date) -> date | None:
    """The reminder day that fell due last on `day`, or None."""
    left = (deadline - day).days
    if left >= 0:
        offsets = [d for d in DAYS_BEFORE if left <= d]
        return deadline - timedelta(days=min(offsets)) if offsets else None
    late = -left - 1  # days since the first overdue reminder (the day after the deadline)
    return deadline + timedelta(days=1 + late // OVERDUE_EVERY * OVERDUE_EVERY)


@registry.reminder_register
def survey_deadline_remind(day: date) -> int:
    created = 0
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN).exclude(deadline=None):
        due = due_day(survey.deadline, day)
        if due is None:
            continue
        overdue = day > survey.deadline
        done = set(Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
                   .values_list("region_id", flat=True))
        for region in recipients_unscoped(survey):
            if region.pk in done:
                continue
            url = reverse("surveys:response", args=[survey.pk, region.ags])
            for user in region_users(region):
                n = notify(
                    user=user, kind=DUE.key,
                    title=(f"Umfrage „{survey.title}“: Frist abgelaufen am "
                           f"{format_date(survey.deadline)}" if overdue else
                           f"Umfrage „{survey.title}“: Frist am {format_date(survey.deadline)}"),
                    body=("Ihre Antwort ist noch nicht eingereicht. Bitte reichen Sie sie "
                          "nach." if overdue else "Ihre Antwort ist noch nicht eingereicht."),
                    url=url, key=f"{DUE.key}:{survey.pk}:{region.pk}:{due.isoformat()}")
                created += n is not None
    return created


@registry.calendar_register
def survey_deadlines(user, day: date) -> list[registry.Event]:
    """Deadlines of open surveys: the ministry all, a region those addressed to it."""
    p = policy.principal(user)
    if not (p.ministry or p.region_ids):
        return []
    qs = Survey.objects.filter(status=SurveyStatus.OPEN).exclude(deadline=None)
    events = []
    for survey in qs.order_by("deadline", "pk"):
        if p.ministry:
            url = reverse("surveys:detail", args=[survey.pk])
        else:
            mine = [r for r in recipients_unscoped(survey) if r.pk in p.region_ids]
            if not mine:
                continue
            url = reverse("surveys:response", args=[survey.pk, mine[0].ags])
        events.append(registry.Event(
            uid=f"survey-deadline-{survey.pk}@aqb", day=survey.deadline,
            summary=f"Frist Umfrage: {survey.title}",
            description="Letzter Tag für die Antworten auf die Umfrage des Ministeriums.",
            url=url, categories=("Umfrage",)))
    return events
