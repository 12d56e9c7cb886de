"""A region answers: drafts without the required check, submission with German errors that
name the question, one response per region, read-only after submission, reopening."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.notifications.models import Notification
from aqb.surveys import services as s
from aqb.surveys.models import Answer, Response, ResponseStatus

from .factories import full_answers, people, sent


@pytest.fixture
def p(db):
    return people()


def test_a_draft_keeps_partial_answers_without_the_required_check(p):
    survey, q = sent(p["ministry"])
    r = s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                        answers={q["text"].pk: ["Erst ein Teil"]})
    assert r.status == ResponseStatus.DRAFT and r.answers.count() == 1
    r = s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                        answers={q["number"].pk: ["1.234,5"], q["text"].pk: [""]})
    assert Response.objects.count() == 1  # one response per region and survey
    assert [(a.question_id, a.number) for a in r.answers.all()] == \
        [(q["number"].pk, Decimal("1234.5"))]
    assert AuditEntry.objects.filter(action="survey.draft").count() == 2


def test_submitting_checks_required_questions_and_names_them(p):
    survey, q = sent(p["ministry"])
    with pytest.raises(ValidationError) as e:
        s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                        answers={q["text"].pk: ["Text"], q["number"].pk: ["zwölf"]},
                        submit=True)
    messages = e.value.messages
    assert "Frage „Gibt es eine Steuerungsgruppe?“: bitte beantworten (Pflichtfrage)." in \
        messages
    assert "Frage „Wie zufrieden sind Sie?“: bitte beantworten (Pflichtfrage)." in messages
    assert any(m.startswith("Frage „Wie viele Plätze gibt es?“: „zwölf“ ist keine Zahl")
               for m in messages)
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_bad_values_are_refused_even_in_a_draft(p):
    survey, q = sent(p["ministry"])
    for question, raw, words in [
        (q["single"], ["vielleicht"], "genau eine"),
        (q["multiple"], ["Jobcenter", "Presse"], "unbekannte"),
        (q["scale"], ["9"], "von 1 bis 5"),
        (q["date"], ["31.02.2026"], "kein Datum"),
    ]:
        with pytest.raises(ValidationError, match=words):
            s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                            answers={question.pk: raw})
    assert not Response.objects.exists()


def test_a_submitted_response_is_read_only_until_the_ministry_reopens_it(p):
    survey, q = sent(p["ministry"])
    r = s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                        answers=full_answers(q), submit=True)
    assert r.status == ResponseStatus.SUBMITTED and r.submitted_by == p["wf_user"]
    a = {x.question_id: x for x in r.answers.all()}
    assert a[q["multiple"].pk].choices == ["Jobcenter", "Kammern"]
    assert a[q["date"].pk].date == date(2026, 2, 1) and a[q["scale"].pk].number == 4
    with pytest.raises(ValidationError, match="bereits eingereicht"):
        s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"], answers={})
    with pytest.raises(PermissionDenied):
        s.response_reopen(actor=p["wf_user"], response=r, reason="Korrektur")
    with pytest.raises(ValidationError):
        s.response_reopen(actor=p["ministry"], response=r, reason=" ")
    s.response_reopen(actor=p["ministry"], response=r, reason="Zahl der Plätze prüfen")
    r.refresh_from_db()
    assert r.status == ResponseStatus.DRAFT and r.submitted_at is None
    assert Notification.objects.filter(user=p["wf_user"],
                                       title__startswith="Antwort wieder geöffnet").exists()
    assert [e.action for e in AuditEntry.objects.filter(action__in=(
        "survey.submit", "survey.reopen")).order_by("seq")] == ["survey.submit",
                                                                "survey.reopen"]
    s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                    answers={**full_answers(q), q["number"].pk: ["10"]}, submit=True)
    assert Answer.objects.get(question=q["number"]).number == 10


def test_only_the_regions_own_members_answer(p):
    survey, q = sent(p["ministry"])
    for actor in (p["ministry"], p["da_user"]):
        with pytest.raises(PermissionDenied):
            s.response_save(actor=actor, survey=survey, region=p["wf"],
                            answers=full_answers(q))


def test_a_survey_in_preparation_takes_no_answers(p):
    from .factories import build

    survey, q = build(p["ministry"])
    with pytest.raises(ValidationError, match="nicht offen"):
        s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                        answers=full_answers(q))
