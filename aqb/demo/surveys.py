"""Demo data of surveys (Umfragen): in mid-autumn 2025 one survey of the ministry is open,
sent to all 26 regions on 20 October with a deadline on 28 November. Four regions have
submitted; Waldeck-Frankenberg (06635) has a draft, so the demo login region-06635 can finish
and submit it. The survey is built and sent through the audited services; the four other
regions have no demo accounts, so their responses are written as rows marked `is_demo`.
Idempotent: a second load adds nothing (docs/steering.md, "Surveys (Umfragen)")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from aqb.regions.models import Region
from aqb.surveys import services as s
from aqb.surveys.models import (
    Answer,
    Kind,
    Question,
    Response,
    ResponseStatus,
    Survey,
    SurveyVersion,
)

TITLE = "Übergänge in Ausbildung 2025: Erfahrungen der Regionen"
SENT = date(2025, 10, 20)
DEADLINE = date(2025, 11, 28)
# ags -> (single, multiple, scale, number, date, text, submitted on)
SUBMITTED = {
    "06411": ("ja", ["Jobcenter", "Agentur für Arbeit", "Kammern"], 4, "48",
              date(2026, 1, 20), "Gemeinsame Fallbesprechungen mit dem Jobcenter (Demo).",
              date(2025, 10, 28)),
    "06412": ("ja", ["Jobcenter", "Schulen"], 5, "120", date(2026, 2, 3),
              "Aufsuchende Beratung in den Stadtteilen (Demo).", date(2025, 11, 3)),
    "06531": ("in Planung", ["Agentur für Arbeit"], 3, "35", None,
              "Praktikumsbörse mit regionalen Betrieben (Demo).", date(2025, 11, 5)),
    "06611": ("nein", ["Kammern", "Schulen"], 2, "60", date(2026, 1, 13), "",
              date(2025, 11, 10)),
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def _build(ministry) -> tuple[Survey, dict]:
    survey = s.survey_create(
        actor=ministry, title=TITLE, is_demo=True,
        description="Für den Erfahrungsaustausch nach § 7 der Zielvereinbarung: bitte "
                    "beantworten Sie die Fragen für Ihre Gebietskörperschaft (Demo).")
    one = s.section_add(actor=ministry, survey=survey, title="Zusammenarbeit vor Ort")
    two = s.section_add(actor=ministry, survey=survey, title="Angebote und Planung")
    q = {
        "single": s.question_add(actor=ministry, section=one, data=s.QuestionData(
            kind=Kind.SINGLE, text="Gibt es eine regionale Steuerungsgruppe zum Übergang "
                                   "Schule–Beruf?", required=True,
            options=["ja", "nein", "in Planung"])),
        "multiple": s.question_add(actor=ministry, section=one, data=s.QuestionData(
            kind=Kind.MULTIPLE, text="Welche Partner sind an der Steuerung beteiligt?",
            options=["Jobcenter", "Agentur für Arbeit", "Kammern", "Schulen"])),
        "scale": s.question_add(actor=ministry, section=one, data=s.QuestionData(
            kind=Kind.SCALE, text="Wie zufrieden sind Sie mit der Zusammenarbeit?",
            required=True, scale_min=1, scale_max=5, label_min="gar nicht zufrieden",
            label_max="sehr zufrieden")),
        "number": s.question_add(actor=ministry, section=two, data=s.QuestionData(
            kind=Kind.NUMBER, text="Wie viele Plätze planen Sie für 2026?", required=True)),
        "date": s.question_add(actor=ministry, section=two, data=s.QuestionData(
            kind=Kind.DATE, text="Wann tagt die Steuerungsgruppe das nächste Mal?")),
        "text": s.question_add(actor=ministry, section=two, data=s.QuestionData(
            kind=Kind.TEXT, text="Was hat sich 2025 besonders bewährt (gute Praxis)?")),
    }
    s.survey_send(actor=ministry, survey=survey, deadline=DEADLINE, today=SENT)
    Survey.objects.filter(pk=survey.pk).update(sent_at=_at(SENT))
    SurveyVersion.objects.filter(survey=survey).update(sent_at=_at(SENT))
    return survey, q


def load(*, ministry, region_user) -> Survey | None:
    if Survey.objects.filter(title=TITLE, is_demo=True).exists():
        return None
    survey, q = _build(ministry)
    version = s.sent_version(survey)
    for ags, (single, multiple, scale, number, day, text, on) in SUBMITTED.items():
        response = Response.objects.create(
            survey=survey, version=version, region=Region.objects.get(ags=ags),
            status=ResponseStatus.SUBMITTED, is_demo=True)
        rows = [Answer(response=response, question=q["single"], choices=[single]),
                Answer(response=response, question=q["multiple"], choices=multiple),
                Answer(response=response, question=q["scale"], number=Decimal(scale)),
                Answer(response=response, question=q["number"], number=Decimal(number))]
        if day:
            rows.append(Answer(response=response, question=q["date"], date=day))
        if text:
            rows.append(Answer(response=response, question=q["text"], text=text))
        Answer.objects.bulk_create(rows)
        Response.objects.filter(pk=response.pk).update(
            created_at=_at(on), updated_at=_at(on), submitted_at=_at(on))
    # Waldeck-Frankenberg has begun: a draft through the service, by the demo login
    draft = s.response_save(actor=region_user, survey=survey,
                            region=Region.objects.get(ags="06635"), answers={
                                q["single"].pk: ["ja"],
                                q["multiple"].pk: ["Jobcenter", "Schulen"],
                                q["text"].pk: ["Berufsorientierung in Korbach (Demo): "
                                               "Entwurf, noch zu ergänzen."]})
    Response.objects.filter(pk=draft.pk).update(is_demo=True, created_at=_at(date(2025, 11, 4)),
                                                updated_at=_at(date(2025, 11, 4)))
    assert Question.objects.filter(section__version=version).count() == 6
    return survey
