"""A survey with one question of each kind, for the tests of this app."""

from datetime import date

from aqb.accounts.models import Role
from aqb.regions.models import Region
from aqb.surveys import services as s
from aqb.surveys.models import Kind
from conftest import make_user

TODAY = date(2025, 10, 20)
DEADLINE = date(2025, 11, 14)


def build(ministry, title="Umfrage Übergänge"):
    survey = s.survey_create(actor=ministry, title=title, description="Bitte ausfüllen.")
    one = s.section_add(actor=ministry, survey=survey, title="Allgemeines")
    two = s.section_add(actor=ministry, survey=survey, title="Zahlen")
    q = {
        "single": s.question_add(actor=ministry, section=one, data=s.QuestionData(
            kind=Kind.SINGLE, text="Gibt es eine Steuerungsgruppe?", required=True,
            options=["ja", "nein", "in Planung"])),
        "multiple": s.question_add(actor=ministry, section=one, data=s.QuestionData(
            kind=Kind.MULTIPLE, text="Welche Partner sind beteiligt?",
            options=["Jobcenter", "Agentur für Arbeit", "Kammern"])),
        "scale": s.question_add(actor=ministry, section=one, data=s.QuestionData(
            kind=Kind.SCALE, text="Wie zufrieden sind Sie?", required=True, scale_min=1,
            scale_max=5, label_min="gar nicht", label_max="sehr")),
        "number": s.question_add(actor=ministry, section=two, data=s.QuestionData(
            kind=Kind.NUMBER, text="Wie viele Plätze gibt es?", required=True)),
        "date": s.question_add(actor=ministry, section=two, data=s.QuestionData(
            kind=Kind.DATE, text="Wann beginnt der nächste Kurs?")),
        "text": s.question_add(actor=ministry, section=two, data=s.QuestionData(
            kind=Kind.TEXT, text="Was hat gut funktioniert?")),
    }
    return survey, q


def people():
    wf, da = Region.objects.get(ags="06635"), Region.objects.get(ags="06411")
    return {
        "ministry": make_user("min", Role.MINISTRY),
        "wf": wf, "da": da,
        "wf_user": make_user("wf", Role.REGION, region=wf),
        "da_user": make_user("da", Role.REGION, region=da),
    }


def full_answers(q, *, text="Gute Zusammenarbeit"):
    return {q["single"].pk: ["ja"], q["multiple"].pk: ["Jobcenter", "Kammern"],
            q["scale"].pk: ["4"], q["number"].pk: ["12,5"], q["date"].pk: ["2026-02-01"],
            q["text"].pk: [text]}



def sent(ministry, **kw):
    survey, q = build(ministry)
    s.survey_send(actor=ministry, survey=survey, deadline=DEADLINE, today=TODAY, **kw)
    survey.refresh_from_db()
    return survey, q
