"""Demo autumn reviews (docs/steering.md, "Autumn review"): in 2025, mid-autumn, three regions
have held their Umsetzungsbesprechung (figures frozen, minutes with decisions and actions,
shared; Waldeck-Frankenberg has confirmed and completed one action), one more is scheduled.

Through the steering services as the demo ministry (the figures are read as that user), so
every step is audited and notified like in real use. Idempotent: a region that already has a
review for 2025 is left alone.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from aqb.accounts.models import User
from aqb.budgets.models import ProgrammeYear
from aqb.regions.models import Region
from aqb.steering import reviews as svc
from aqb.steering.models import CommentKind, Responsible, Review

YEAR = 2025
HELD = {
    "06635": datetime.datetime(2025, 10, 7, 10, 0),
    "06611": datetime.datetime(2025, 10, 9, 14, 0),
    "06531": datetime.datetime(2025, 10, 14, 9, 30),
}
PLANNED = {"06414": datetime.datetime(2025, 11, 18, 10, 0)}
DECISIONS = (
    "Die Gebietskörperschaft verstärkt die Ansprache von Teilnehmenden in den Projekten, die "
    "hinter den Zielen zurückbleiben.\n\n"
    "Das Ministerium prüft eine Umschichtung zwischen den Maßnahmearten zum Jahresende.")


def _users(region) -> list[User]:
    return svc.region_users(region)


def load(*, ministry: User, region_users: dict | None = None) -> int:
    """The demo reviews; returns how many were created."""
    py = ProgrammeYear.objects.filter(year=YEAR).first()
    if py is None:
        return 0
    region_users = region_users or {}
    created = 0
    for ags, at in {**HELD, **PLANNED}.items():
        region = Region.objects.filter(ags=ags).first()
        if region is None or Review.objects.filter(region=region, programme_year=py).exists():
            continue
        participants = [ministry, *_users(region)]
        review = svc.review_schedule(
            actor=ministry, region=region, programme_year=py,
            starts_at=timezone.make_aware(at),
            place=f"Kreishaus {region.seat.split(' (')[0]}" if ags != "06611" else "",
            video_link="https://video.example.org/aqb-herbst" if ags == "06611" else "",
            participants=participants,
            external_participants="Jobcenter, Bereichsleitung Markt und Integration\n"
                                  "Agentur für Arbeit, Teamleitung Berufsberatung")
        created += 1
        if ags in PLANNED:
            continue
        svc.agenda_item_save(actor=ministry, review=review, item=None, title="Verschiedenes")
        review = svc.review_hold(actor=ministry, review=review)
        svc.review_minutes_save(actor=ministry, review=review, decisions=DECISIONS)
        day = at.date()
        first = svc.action_add(
            actor=ministry, review=review, party=Responsible.REGION,
            what="Stand der Teilnehmendengewinnung je Projekt an das Ministerium melden",
            due_on=day + datetime.timedelta(days=21), owner=region_users.get(ags))
        svc.action_add(actor=ministry, review=review, party=Responsible.MINISTRY,
                       what="Möglichkeit einer Umschichtung zwischen Maßnahmearten prüfen",
                       due_on=day + datetime.timedelta(days=45), owner=ministry)
        svc.action_add(actor=ministry, review=review, party=Responsible.REGION,
                       what="Ausstehende Unterlagen nachreichen",
                       due_on=datetime.date(2026, 1, 31))
        review = svc.review_share(actor=ministry, review=review)
        actor = region_users.get(ags)
        if actor is not None:
            svc.review_comment(actor=actor, review=review, kind=CommentKind.COMMENT,
                               text="Die Meldung zur Teilnehmendengewinnung kommt "
                                    "fristgerecht.")
            svc.review_comment(actor=actor, review=review, kind=CommentKind.CONFIRMATION)
            svc.action_complete(actor=actor, action=first,
                                done_on=day + datetime.timedelta(days=14),
                                note="Meldung per Liste übersandt.")
    return created

