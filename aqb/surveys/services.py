"""Changes to surveys: building, versions, sending, answering, reopening and closing.

Rules (docs/steering.md, "Surveys (Umfragen)"):
- Only the ministry builds, sends, reopens and closes; only members of a region answer for it.
- The questionnaire is edited in the survey's newest version while that is unsent. Once a
  version is sent, the first change copies it into a new, unsent version (the regions keep
  answering the sent one); that is allowed only while no region has saved anything. With a
  response on file the sent version is frozen: no change, no new version.
- Sending the newer version (again only while no responses exist) replaces the sent one.
- A closed survey is immutable: no change, no answer, no reopening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.models import Role
from aqb.audit.services import audit_record
from aqb.german.dates import GermanDateError, format_date, parse_date
from aqb.german.money import parse_decimal
from aqb.notifications.services import notify
from aqb.regions.models import Region

from .models import (
    Answer,
    Kind,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
    SurveyVersion,
)

SENT = "survey_sent"          # notification kinds (registered in reminders.py)
MAX_TEXT = 10000
MAX_NUMBER = Decimal("100000000000000")


def _ministry(actor) -> None:
    if not policy.is_ministry(actor):
        raise PermissionDenied("Umfragen erstellt und steuert nur das Ministerium.")


def _not_closed(survey: Survey) -> None:
    if survey.is_closed:
        raise ValidationError("Die Umfrage ist geschlossen und kann nicht mehr geändert "
                              "werden.")


# --- reading helpers used by services and selectors ----------------------------------------

def sent_version(survey: Survey) -> SurveyVersion | None:
    """The version the regions answer: the newest sent one."""
    return survey.versions.exclude(sent_at=None).order_by("-number").first()


def newest_version(survey: Survey) -> SurveyVersion:
    return survey.versions.order_by("-number").first()


def recipients_unscoped(survey: Survey):
    """Regions the survey is (or will be) sent to."""
    if survey.all_regions:
        return Region.objects.order_by("ags")
    return survey.regions.order_by("ags")


def is_recipient(survey: Survey, region: Region) -> bool:
    return survey.all_regions or survey.regions.filter(pk=region.pk).exists()


def region_users(region: Region):
    return get_user_model().objects.filter(
        is_active=True, memberships__role=Role.REGION,
        memberships__region=region).distinct().order_by("pk")


# --- building -------------------------------------------------------------------------------

def survey_create(*, actor, title: str, description: str = "", is_demo: bool = False) -> Survey:
    _ministry(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte einen Titel angeben."})
    with transaction.atomic():
        survey = Survey.objects.create(title=title[:200], description=description or "",
                                       created_by=actor, is_demo=is_demo)
        SurveyVersion.objects.create(survey=survey, number=1)
        audit_record(actor=actor, action="survey.create", obj=survey,
                     changes={"title": [None, survey.title]})
    return survey


def survey_update(*, actor, survey: Survey, title: str, description: str) -> Survey:
    _ministry(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte einen Titel angeben."})
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        _not_closed(survey)
        old = (survey.title, survey.description)
        survey.title, survey.description = title[:200], description or ""
        survey.save(update_fields=["title", "description"])
        audit_record(actor=actor, action="survey.update", obj=survey,
                     changes={"title": [old[0], survey.title],
                              "description": [old[1], survey.description]})
    return survey


def _copy_version(version: SurveyVersion) -> tuple[SurveyVersion, dict, dict]:
    """A new unsent version with the same sections and questions; maps old pk -> new row."""
    new = SurveyVersion.objects.create(survey=version.survey, number=version.number + 1)
    sections, questions = {}, {}
    for s in version.sections.order_by("position", "pk"):
        ns = Section.objects.create(version=new, position=s.position, title=s.title,
                                    description=s.description)
        sections[s.pk] = ns
        for q in s.questions.order_by("position", "pk"):
            old_pk = q.pk
            q.pk, q.id, q.section = None, None, ns
            q._state.adding = True
            q.save()
            questions[old_pk] = q
    return new, sections, questions


def _working_version(survey: Survey) -> tuple[SurveyVersion, dict, dict]:
    """The version that takes edits (see the module's rules); locks the survey."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _not_closed(survey)
    newest = newest_version(survey)
    if newest.sent_at is None:
        return newest, {}, {}
    if Response.objects.filter(survey=survey).exists():
        raise ValidationError(
            f"Fassung {newest.number} ist versandt und es liegen schon Antworten vor: der "
            "Fragebogen ist eingefroren und kann nicht mehr geändert werden.")
    return _copy_version(newest)


def _mapped_section(section: Section, sections: dict) -> Section:
    return sections.get(section.pk, section)


def _mapped_question(question: Question, questions: dict) -> Question:
    return questions.get(question.pk, question)


@dataclass
class QuestionData:
    kind: str
    text: str
    required: bool = False
    help_text: str = ""
    options: list[str] | None = None
    scale_min: int = 1
    scale_max: int = 5
    label_min: str = ""
    label_max: str = ""


def _check_question(data: QuestionData) -> dict:
    errors = {}
    if data.kind not in Kind.values:
        errors["kind"] = "Bitte eine Art der Frage wählen."
    text = (data.text or "").strip()
    if not text:
        errors["text"] = "Bitte den Text der Frage angeben."
    options = [o.strip() for o in (data.options or []) if o and o.strip()]
    if data.kind in (Kind.SINGLE, Kind.MULTIPLE):
        if len(options) < 2:
            errors["options"] = "Bitte mindestens zwei Antwortmöglichkeiten angeben " \
                                "(eine je Zeile)."
        elif len(set(options)) != len(options):
            errors["options"] = "Jede Antwortmöglichkeit darf nur einmal vorkommen."
    else:
        options = []
    if data.kind == Kind.SCALE and not (0 <= data.scale_min < data.scale_max <= 10):
        errors["scale_max"] = "Die Skala braucht einen Anfang kleiner als das Ende " \
                              "(zwischen 0 und 10)."
    if errors:
        raise ValidationError(errors)
    return {"kind": data.kind, "text": text[:500], "required": bool(data.required),
            "help_text": data.help_text or "", "options": options,
            "scale_min": data.scale_min if data.kind == Kind.SCALE else 1,
            "scale_max": data.scale_max if data.kind == Kind.SCALE else 5,
            "label_min": (data.label_min or "")[:100] if data.kind == Kind.SCALE else "",
            "label_max": (data.label_max or "")[:100] if data.kind == Kind.SCALE else ""}


def section_add(*, actor, survey: Survey, title: str, description: str = "") -> Section:
    _ministry(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte eine Überschrift für den Abschnitt angeben."})
    with transaction.atomic():
        version, _, _ = _working_version(survey)
        position = (version.sections.aggregate(m=Max("position"))["m"] or 0) + 1
        section = Section.objects.create(version=version, position=position,
                                         title=title[:200], description=description or "")
        audit_record(actor=actor, action="survey.edit", obj=survey,
                     summary=f"Abschnitt „{section.title}“ hinzugefügt (Fassung "
                             f"{version.number})")
    return section


def section_delete(*, actor, section: Section) -> None:
    _ministry(actor)
    survey = section.version.survey
    with transaction.atomic():
        _, sections, _ = _working_version(survey)
        target = _mapped_section(section, sections)
        title = target.title
        target.delete()
        audit_record(actor=actor, action="survey.edit", obj=survey,
                     summary=f"Abschnitt „{title}“ entfernt")


def section_move(*, actor, section: Section, up: bool) -> Section:
    """Swap the section with its neighbour in the version."""
    _ministry(actor)
    survey = section.version.survey
    with transaction.atomic():
        _, sections, _ = _working_version(survey)
        target = _mapped_section(section, sections)
        if _swap(list(target.version.sections.order_by("position", "pk")), target, up):
            audit_record(actor=actor, action="survey.edit", obj=survey,
                         summary=f"Abschnitt „{target.title}“ "
                                 f"{'nach oben' if up else 'nach unten'} verschoben")
        target.refresh_from_db()
    return target


def _swap(siblings: list, target, up: bool) -> bool:
    """Dense positions 1..n, then swap `target` with its neighbour; False at either end."""
    model = type(target)
    for n, row in enumerate(siblings, start=1):
        if row.position != n:
            model.objects.filter(pk=row.pk).update(position=n)
            row.position = n
    i = next(n for n, row in enumerate(siblings) if row.pk == target.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(siblings):
        return False
    a, b = siblings[i], siblings[j]
    model.objects.filter(pk=a.pk).update(position=b.position)
    model.objects.filter(pk=b.pk).update(position=a.position)
    return True


def question_add(*, actor, section: Section, data: QuestionData) -> Question:
    _ministry(actor)
    values = _check_question(data)
    survey = section.version.survey
    with transaction.atomic():
        _, sections, _ = _working_version(survey)
        target = _mapped_section(section, sections)
        position = (target.questions.aggregate(m=Max("position"))["m"] or 0) + 1
        question = Question.objects.create(section=target, position=position, **values)
        audit_record(actor=actor, action="survey.edit", obj=survey,
                     summary=f"Frage „{question.text}“ hinzugefügt")
    return question


def question_update(*, actor, question: Question, data: QuestionData) -> Question:
    _ministry(actor)
    values = _check_question(data)
    survey = question.section.version.survey
    with transaction.atomic():
        _, _, questions = _working_version(survey)
        target = _mapped_question(question, questions)
        for k, v in values.items():
            setattr(target, k, v)
        target.save()
        audit_record(actor=actor, action="survey.edit", obj=survey,
                     summary=f"Frage „{target.text}“ geändert")
    return target


def question_delete(*, actor, question: Question) -> None:
    _ministry(actor)
    survey = question.section.version.survey
    with transaction.atomic():
        _, _, questions = _working_version(survey)
        target = _mapped_question(question, questions)
        text = target.text
        target.delete()
        audit_record(actor=actor, action="survey.edit", obj=survey,
                     summary=f"Frage „{text}“ entfernt")


def question_move(*, actor, question: Question, up: bool) -> Question:
    """Swap the question with its neighbour in the section."""
    _ministry(actor)
    survey = question.section.version.survey
    with transaction.atomic():
        _, _, questions = _working_version(survey)
        target = _mapped_question(question, questions)
        if _swap(list(target.section.questions.order_by("position", "pk")), target, up):
            audit_record(actor=actor, action="survey.edit", obj=survey,
                         summary=f"Frage „{target.text}“ {'nach oben' if up else 'nach unten'} "
                                 "verschoben")
        target.refresh_from_db()
    return target


# --- sending and closing --------------------------------------------------------------------

def survey_send(*, actor, survey: Survey, deadline: date | None, all_regions: bool = True,
                regions: list[Region] | None = None, today: date | None = None) -> Survey:
    """Send the newest version: first sending (recipients and deadline), or a newer version
    while no region has answered yet (the deadline may change; recipients stay)."""
    _ministry(actor)
    today = today or timezone.localdate()
    if deadline is None:
        raise ValidationError({"deadline": "Bitte eine Frist angeben."})
    if deadline < today:
        raise ValidationError({"deadline": "Die Frist darf nicht in der Vergangenheit liegen."})
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        _not_closed(survey)
        version = newest_version(survey)
        if version.sent_at is not None:
            raise ValidationError("Diese Fassung ist bereits versandt.")
        if not Question.objects.filter(section__version=version).exists():
            raise ValidationError("Der Fragebogen hat noch keine Frage.")
        first = survey.status == SurveyStatus.DRAFT
        if first:
            if not all_regions and not regions:
                raise ValidationError({"regions": "Bitte mindestens eine Gebietskörperschaft "
                                                  "wählen oder an alle versenden."})
            survey.all_regions = all_regions
            if not all_regions:
                survey.regions.set(regions)
            survey.sent_at = timezone.now()
            survey.status = SurveyStatus.OPEN
        elif Response.objects.filter(survey=survey).exists():
            raise ValidationError("Es liegen schon Antworten vor: eine neue Fassung kann nicht "
                                  "mehr versandt werden.")
        old_deadline = survey.deadline
        survey.deadline = deadline
        survey.save()
        version.sent_at = timezone.now()
        version.save(update_fields=["sent_at"])
        to = "alle Gebietskörperschaften" if survey.all_regions else \
            ", ".join(r.name for r in survey.regions.order_by("ags"))
        audit_record(actor=actor, action="survey.send", obj=survey, changes={
            "deadline": [old_deadline, deadline], "status": [None, survey.status]},
            summary=f"Umfrage versandt: Fassung {version.number} an {to}")
        url = reverse("surveys:index")
        for region in recipients_unscoped(survey):
            for user in region_users(region):
                notify(user=user, kind=SENT,
                       title=(f"Neue Umfrage: {survey.title}" if first else
                              f"Umfrage geändert: {survey.title}"),
                       body=f"Bitte bis zum {format_date(deadline)} beantworten.",
                       url=url, key=f"{SENT}:{survey.pk}:{version.number}:{region.pk}")
    return survey


def version_discard(*, actor, survey: Survey) -> None:
    """Drop the newest version while it is unsent and an older one was sent (e.g. when a
    region began answering before the newer version could be sent)."""
    _ministry(actor)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        _not_closed(survey)
        newest = newest_version(survey)
        if newest.sent_at is not None or newest.number == 1:
            raise ValidationError("Es gibt keine nicht versandte neuere Fassung zu verwerfen.")
        number = newest.number
        newest.delete()
        audit_record(actor=actor, action="survey.edit", obj=survey,
                     summary=f"Nicht versandte Fassung {number} verworfen")


def survey_close(*, actor, survey: Survey) -> Survey:
    _ministry(actor)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != SurveyStatus.OPEN:
            raise ValidationError("Nur eine versandte, offene Umfrage kann geschlossen werden.")
        survey.status = SurveyStatus.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["status", "closed_at"])
        audit_record(actor=actor, action="survey.close", obj=survey,
                     changes={"status": [SurveyStatus.OPEN, SurveyStatus.CLOSED]})
    return survey


# --- answering ------------------------------------------------------------------------------

def _parse(question: Question, raw: list[str]) -> dict | None:
    """The stored fields for one answer, None for no answer; ValidationError names the
    question."""
    values = [v.strip() for v in raw if v is not None and v.strip()]
    if not values:
        return None
    name = f"Frage „{question.text}“"
    if any("\x00" in v for v in values):  # PostgreSQL cannot store it in a text
        raise ValidationError(f"{name}: die Antwort enthält ein unzulässiges Steuerzeichen "
                              "(NUL).")
    if question.kind == Kind.SINGLE:
        if len(values) != 1 or values[0] not in question.options:
            raise ValidationError(f"{name}: bitte genau eine der Antwortmöglichkeiten wählen.")
        return {"choices": values}
    if question.kind == Kind.MULTIPLE:
        if any(v not in question.options for v in values):
            raise ValidationError(f"{name}: unbekannte Antwortmöglichkeit.")
        return {"choices": [o for o in question.options if o in values]}
    if len(values) != 1:
        raise ValidationError(f"{name}: bitte nur eine Angabe.")
    value = values[0]
    if question.kind == Kind.SCALE:
        if value not in {str(v) for v in question.scale_values}:
            raise ValidationError(f"{name}: bitte einen Wert von {question.scale_min} bis "
                                  f"{question.scale_max} wählen.")
        return {"number": Decimal(value)}
    if question.kind == Kind.NUMBER:
        try:
            number = parse_decimal(value)
        except (ValueError, ArithmeticError):
            raise ValidationError(f"{name}: „{value}“ ist keine Zahl (z. B. 12 oder "
                                  "1.234,5).") from None
        if abs(number) >= MAX_NUMBER or number != number.quantize(Decimal("0.0001")):
            raise ValidationError(f"{name}: die Zahl ist zu groß oder hat mehr als vier "
                                  "Nachkommastellen.")
        return {"number": number}
    if question.kind == Kind.DATE:
        try:
            return {"date": parse_date(value)}
        except (GermanDateError, ValueError):
            raise ValidationError(f"{name}: „{value}“ ist kein Datum (z. B. 13.08.2025)."
                                  ) from None
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{name}: höchstens {MAX_TEXT} Zeichen.")
    return {"text": value}


def response_save(*, actor, survey: Survey, region: Region, answers: dict[int, list[str]],
                  submit: bool = False) -> Response:
    """Save the region's answers as a draft (partial, no required check) or submit them
    (every required question answered). Errors name the questions; nothing is written then.
    `answers` maps question pk -> the raw values from the form."""
    if region.pk not in policy.principal(actor).region_ids:
        raise PermissionDenied("Antworten gibt nur die Gebietskörperschaft selbst ab.")
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != SurveyStatus.OPEN:
            raise ValidationError("Die Umfrage ist nicht offen: Antworten sind nicht möglich."
                                  if survey.status == SurveyStatus.DRAFT else
                                  "Die Umfrage ist geschlossen: Antworten sind nicht mehr "
                                  "möglich.")
        if not is_recipient(survey, region):
            raise PermissionDenied("Diese Umfrage ist nicht an Ihre Gebietskörperschaft "
                                   "gerichtet.")
        version = sent_version(survey)
        response = Response.objects.filter(survey=survey, region=region).first()
        if response is not None and response.status == ResponseStatus.SUBMITTED:
            raise ValidationError("Die Antwort ist bereits eingereicht und kann nicht mehr "
                                  "geändert werden.")
        questions = list(Question.objects.filter(section__version=version)
                         .order_by("section__position", "position", "pk"))
        errors, parsed = [], {}
        for q in questions:
            try:
                parsed[q.pk] = _parse(q, answers.get(q.pk, []))
            except ValidationError as e:
                errors.extend(e.messages)
                continue
            if submit and q.required and parsed[q.pk] is None:
                errors.append(f"Frage „{q.text}“: bitte beantworten (Pflichtfrage).")
        if errors:
            raise ValidationError(errors)
        if response is None:
            response = Response.objects.create(survey=survey, version=version, region=region,
                                               updated_by=actor)
        for q in questions:
            values = parsed[q.pk]
            if values is None:
                Answer.objects.filter(response=response, question=q).delete()
            else:
                Answer.objects.update_or_create(
                    response=response, question=q,
                    defaults={"text": "", "number": None, "date": None, "choices": [],
                              **values})
        response.updated_by = actor
        if submit:
            response.status = ResponseStatus.SUBMITTED
            response.submitted_at = timezone.now()
            response.submitted_by = actor
        response.save()
        what = "Antwort eingereicht" if submit else "Entwurf gespeichert"
        audit_record(actor=actor, action="survey.submit" if submit else "survey.draft",
                     obj=response, summary=f"{what}: {region.name}, {survey.title}",
                     changes={"status": [None, response.status]} if submit else None)
    return response


def response_reopen(*, actor, response: Response, reason: str) -> Response:
    """The ministry opens a submitted response again for changes (a draft again)."""
    _ministry(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Bitte einen Grund für das Wiederöffnen angeben."})
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=response.survey_id)
        _not_closed(survey)
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.status != ResponseStatus.SUBMITTED:
            raise ValidationError("Nur eine eingereichte Antwort kann wieder geöffnet werden.")
        response.status = ResponseStatus.DRAFT
        response.submitted_at = None
        response.submitted_by = None
        response.save()
        audit_record(actor=actor, action="survey.reopen", obj=response,
                     changes={"status": [ResponseStatus.SUBMITTED, ResponseStatus.DRAFT]},
                     summary=f"Antwort wieder geöffnet: {response.region.name}, Grund: {reason}")
        for user in region_users(response.region):
            notify(user=user, kind=SENT, title=f"Antwort wieder geöffnet: {survey.title}",
                   body=f"Das Ministerium hat Ihre Antwort wieder geöffnet: {reason}",
                   url=reverse("surveys:response", args=[survey.pk, response.region.ags]))
    return response
