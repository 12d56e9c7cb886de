"""Building, versioning and sending a survey (docs/steering.md, "Surveys (Umfragen)")."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.notifications.models import Notification
from aqb.surveys import services as s
from aqb.surveys.models import Kind, Question, SurveyStatus

from .factories import DEADLINE, TODAY, build, full_answers, people


@pytest.fixture
def p(db):
    return people()


def test_the_ministry_builds_sections_and_questions_in_order(p):
    survey, q = build(p["ministry"])
    version = s.newest_version(survey)
    assert version.number == 1 and version.sent_at is None
    texts = [x.text for x in Question.objects.filter(section__version=version)]
    assert texts[0] == "Gibt es eine Steuerungsgruppe?" and len(texts) == 6
    s.question_move(actor=p["ministry"], question=q["scale"], up=True)
    first = [x.kind for x in version.sections.first().questions.order_by("position")]
    assert first == [Kind.SINGLE, Kind.SCALE, Kind.MULTIPLE]
    s.question_move(actor=p["ministry"], question=q["single"], up=True)  # already first
    s.section_move(actor=p["ministry"], section=q["number"].section, up=True)
    assert [x.title for x in version.sections.order_by("position")] == ["Zahlen",
                                                                        "Allgemeines"]
    sent_q = s.question_move(actor=p["ministry"], question=q["text"], up=False)
    assert sent_q.position == 3  # already last


def test_question_errors_name_the_field_and_write_nothing(p):
    survey, q = build(p["ministry"])
    section = q["single"].section
    before = Question.objects.count()
    with pytest.raises(ValidationError) as e:
        s.question_add(actor=p["ministry"], section=section, data=s.QuestionData(
            kind=Kind.SINGLE, text="Nur eine Möglichkeit?", options=["ja"]))
    assert "mindestens zwei Antwortmöglichkeiten" in str(e.value.message_dict["options"])
    with pytest.raises(ValidationError) as e:
        s.question_add(actor=p["ministry"], section=section, data=s.QuestionData(
            kind=Kind.SCALE, text="Skala", scale_min=5, scale_max=1))
    assert "scale_max" in e.value.message_dict
    assert Question.objects.count() == before


def test_only_the_ministry_builds(p):
    with pytest.raises(PermissionDenied):
        s.survey_create(actor=p["wf_user"], title="X")


def test_sending_notifies_the_chosen_regions_users_only(p):
    survey, _ = build(p["ministry"])
    s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, all_regions=False,
                  regions=[p["wf"]], today=TODAY)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN and survey.deadline == DEADLINE
    assert Notification.objects.filter(user=p["wf_user"], kind="survey_sent").count() == 1
    assert not Notification.objects.filter(user=p["da_user"]).exists()
    assert AuditEntry.objects.filter(action="survey.send").count() == 1
    with pytest.raises(PermissionDenied):
        s.response_save(actor=p["da_user"], survey=survey, region=p["da"], answers={})


def test_sending_needs_a_future_deadline_and_a_question(p):
    survey = s.survey_create(actor=p["ministry"], title="Leer")
    with pytest.raises(ValidationError, match="keine Frage"):
        s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, today=TODAY)
    survey, _ = build(p["ministry"])
    with pytest.raises(ValidationError) as e:
        s.survey_send(actor=p["ministry"], survey=survey, deadline=TODAY.replace(day=1),
                      today=TODAY)
    assert "Vergangenheit" in str(e.value.message_dict["deadline"])


def test_editing_a_sent_survey_without_answers_makes_a_new_version(p):
    survey, q = build(p["ministry"])
    s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, today=TODAY)
    changed = s.question_update(actor=p["ministry"], question=q["text"], data=s.QuestionData(
        kind=Kind.TEXT, text="Was hat besonders gut funktioniert?"))
    v1, v2 = survey.versions.order_by("number")
    assert (v1.sent_at is not None, v2.number, v2.sent_at) == (True, 2, None)
    assert changed.section.version == v2
    # the sent version is untouched; the regions still answer it
    assert Question.objects.get(pk=q["text"].pk).text == "Was hat gut funktioniert?"
    assert s.sent_version(survey) == v1
    # a second edit goes into the same new version
    s.section_add(actor=p["ministry"], survey=survey, title="Ausblick")
    assert survey.versions.count() == 2 and v2.sections.count() == 3
    s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, today=TODAY)
    assert s.sent_version(survey) == v2
    assert Notification.objects.filter(user=p["wf_user"],
                                       title__startswith="Umfrage geändert").exists()


def test_with_an_answer_on_file_the_sent_version_is_frozen(p):
    survey, q = build(p["ministry"])
    s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, today=TODAY)
    s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                    answers={q["text"].pk: ["Entwurf"]})
    with pytest.raises(ValidationError, match="eingefroren"):
        s.question_update(actor=p["ministry"], question=q["text"], data=s.QuestionData(
            kind=Kind.TEXT, text="Neu?"))
    with pytest.raises(ValidationError, match="eingefroren"):
        s.section_add(actor=p["ministry"], survey=survey, title="Neu")
    assert survey.versions.count() == 1


def test_a_newer_version_cannot_be_sent_once_answers_exist(p):
    survey, q = build(p["ministry"])
    s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, today=TODAY)
    s.section_add(actor=p["ministry"], survey=survey, title="Ausblick")  # version 2
    s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                    answers=full_answers(q))  # answers version 1
    with pytest.raises(ValidationError, match="Antworten vor"):
        s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, today=TODAY)


def test_a_closed_survey_is_immutable(p):
    survey, q = build(p["ministry"])
    s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, today=TODAY)
    r = s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                        answers=full_answers(q), submit=True)
    s.survey_close(actor=p["ministry"], survey=survey)
    assert AuditEntry.objects.filter(action="survey.close").count() == 1
    calls = [
        lambda: s.survey_update(actor=p["ministry"], survey=survey, title="Neu",
                                description=""),
        lambda: s.section_add(actor=p["ministry"], survey=survey, title="Neu"),
        lambda: s.question_update(actor=p["ministry"], question=q["text"],
                                  data=s.QuestionData(kind=Kind.TEXT, text="Neu")),
        lambda: s.question_delete(actor=p["ministry"], question=q["text"]),
        lambda: s.question_move(actor=p["ministry"], question=q["text"], up=True),
        lambda: s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE,
                              today=TODAY),
        lambda: s.survey_close(actor=p["ministry"], survey=survey),
        lambda: s.response_save(actor=p["da_user"], survey=survey, region=p["da"],
                                answers=full_answers(q)),
        lambda: s.response_reopen(actor=p["ministry"], response=r, reason="Korrektur"),
    ]
    for call in calls:
        with pytest.raises(ValidationError):
            call()
    survey.refresh_from_db()
    assert survey.title == "Umfrage Übergänge" and survey.versions.count() == 1
    assert survey.responses.count() == 1


def test_an_unsendable_newer_version_can_be_discarded(p):
    survey, q = build(p["ministry"])
    s.survey_send(actor=p["ministry"], survey=survey, deadline=DEADLINE, today=TODAY)
    with pytest.raises(ValidationError, match="keine nicht versandte"):
        s.version_discard(actor=p["ministry"], survey=survey)
    s.section_add(actor=p["ministry"], survey=survey, title="Ausblick")  # version 2
    s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                    answers={q["text"].pk: ["Entwurf"]})
    from django.test import Client

    c = Client()
    c.force_login(p["ministry"])
    page = c.get(f"/umfragen/{survey.pk}/").content.decode()
    assert "kann nicht mehr versandt werden" in page and "Fassung 2 verwerfen" in page
    c.post(f"/umfragen/{survey.pk}/fassung-verwerfen/")
    assert [v.number for v in survey.versions.all()] == [1]
    assert s.newest_version(survey) == s.sent_version(survey)
