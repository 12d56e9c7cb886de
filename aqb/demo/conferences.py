"""Demo data of conferences and good practice (docs/steering.md, "Conferences (Tagungen) and
good practice"): the "Herbsttagung AQB 2025" in November with its programme, six places,
eight registrations (two on the waiting list, one of them region-06635's user) and the
programme as a PDF; two published good-practice entries (Waldeck-Frankenberg and Stadt
Kassel). Everything through the audited services; conference and entries marked `is_demo`.
Idempotent: a demo conference already there is left alone."""

from __future__ import annotations

import io
import secrets
from datetime import date, datetime

from django.utils import timezone

from aqb.accounts import services as account_services
from aqb.accounts.models import Role, User
from aqb.accounts.policy import SYSTEM
from aqb.budgets.models import MeasureType
from aqb.conferences import services as cs
from aqb.conferences.models import Conference, PracticeEntry
from aqb.projects.models import Project
from aqb.regions.models import Region

TITLE = "Herbsttagung AQB 2025"
PROGRAMME = "\n".join([
    "09:30 | Ankommen und Begrüßung | Referatsleitung Arbeitsmarktpolitik, Ministerium",
    "10:00 | Das AQB 2025 in Zahlen: Eintritte, Austritte, Mittelabfluss "
    "| Fachreferat AQB, Ministerium",
    "11:00 | Teilzeitausbildung: was Alleinerziehenden den Einstieg erleichtert "
    "| Fachdienst Arbeit, Landkreis Waldeck-Frankenberg",
    "12:00 | Mittagspause",
    "13:00 | Arbeitsgruppen: Zugang zu jungen Menschen ohne Ausbildungsplatz "
    "| Moderation: Fachreferat AQB, Ministerium",
    "14:30 | Förderverfahren: Mittelabruf und Verwendungsnachweis "
    "| Dezernat 57, Regierungspräsidium Kassel",
    "15:30 | Ausblick auf das Programmjahr 2026 und Abschluss "
    "| Referatsleitung Arbeitsmarktpolitik, Ministerium",
])
# staff of other regions who register (accounts without a known password)
PEOPLE = [("06611", "Kassel"), ("06633", "Landkreis Kassel"), ("06412", "Frankfurt"),
          ("06414", "Wiesbaden"), ("06531", "Gießen"), ("06440", "Wetterau"),
          ("06432", "Darmstadt-Dieburg")]


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"{TITLE}: Programm und Folien (Demo)"})
    writer.write(out)
    return out.getvalue()


def _person(ags: str, label: str) -> User:
    username = f"tagung-{ags}-demo"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            actor=SYSTEM, username=username, password=secrets.token_urlsafe(24),
            first_name="Koordination", last_name=f"{label} (Demo)",
            memberships=[account_services.MembershipSpec(
                role=Role.REGION, region=Region.objects.get(ags=ags))])
    return user


def load(*, region_user: User | None = None) -> None:
    if Conference.objects.filter(title=TITLE, is_demo=True).exists():
        return
    start = timezone.make_aware(datetime(2025, 11, 13, 9, 30))
    conference = cs.conference_save(actor=SYSTEM, data=cs.ConferenceData(
        title=TITLE, starts_at=start, ends_at=start.replace(hour=16, minute=30),
        place="Wiesbaden, Tagungszentrum (Demo)",
        description="Erfahrungsaustausch der Gebietskörperschaften zum Ausbildungs- und "
                    "Qualifizierungsbudget (§ 7 der Zielvereinbarung): Zahlen des Jahres, "
                    "gute Praxis, Förderverfahren.",
        capacity=6, registration_deadline=date(2025, 11, 5), status="open"))
    Conference.objects.filter(pk=conference.pk).update(is_demo=True)
    cs.programme_set(actor=SYSTEM, conference=conference, text=PROGRAMME)
    people = [_person(ags, label) for ags, label in PEOPLE]
    # six places: the first six take them, the seventh and region-06635's user wait
    for user in people:
        cs.registration_create(actor=SYSTEM, conference=conference, user=user)
    if region_user is not None:
        cs.registration_create(actor=SYSTEM, conference=conference, user=region_user,
                               note="Teilnahme mit der Koordination Teilzeitausbildung")
    cs.document_add(actor=SYSTEM, conference=conference, kind="slides",
                    title="Programm und Folien der Herbsttagung", content=_pdf(),
                    filename="herbsttagung-2025.pdf")
    _practice()


def _practice() -> None:
    measures = {m.number: m for m in MeasureType.objects.filter(programme_year__year=2025)}
    if not measures:
        return
    wf = Region.objects.get(ags="06635")
    project = Project.objects.filter(region=wf, first_year__lte=2025).order_by("pk").first()
    measure = measures.get(project.measure_number) if project else measures[min(measures)]
    entries = [
        (wf, project, measure, "Teilzeitausbildung mit Kinderbetreuung beim Träger",
         "Die Kinderbetreuung wird direkt beim Bildungsträger organisiert; Unterricht beginnt "
         "nach der Kita-Bringzeit. Die Abbrüche gingen deutlich zurück, weil Betreuung und "
         "Ausbildung an einem Ort abgestimmt werden.",
         "Fachdienst Arbeit, Koordination AQB", "aqb@demo.landkreis-waldeck-frankenberg.de"),
        (Region.objects.get(ags="06611"), None, measures[min(measures)],
         "Lotsensprechstunde in Berufsschulen",
         "Eine feste wöchentliche Sprechstunde in zwei Berufsschulen erreicht junge Menschen "
         "ohne Ausbildungsplatz früher als Einladungen ins Amt; Vermittlung in Maßnahmen "
         "über kurze Wege.", "Jugendberufsagentur, Geschäftsstelle", "jba@demo.kassel.de"),
    ]
    for region, proj, m, title, text, office, email in entries:
        entry = cs.practice_save(actor=SYSTEM, region=region, data=cs.PracticeData(
            measure_type=m, project=proj, title=title, what_worked=text,
            contact_office=office, contact_email=email))
        PracticeEntry.objects.filter(pk=entry.pk).update(is_demo=True)
        cs.practice_publish(actor=SYSTEM, entry=entry)
