"""Pages of surveys: the ministry builds, sends, follows and closes them and reads the results;
a region fills in its response (draft, submit)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, REGION_EDIT, REGION_OBJECT, access
from aqb.audit.selectors import history_for
from aqb.budgets.exports import FORMATS, export_response
from aqb.german.dates import format_date

from . import results as res
from . import services
from .forms import QuestionForm, ReopenForm, SectionForm, SendForm, SurveyForm
from .models import Kind, Question, ResponseStatus, Section, SurveyStatus
from .selectors import SLOT, Slot, responses_for, survey_get, surveys_for


def _errors(form, error: ValidationError) -> None:
    """Put a service's errors onto the form (by field where named)."""
    if hasattr(error, "error_dict"):
        for name, errs in error.error_dict.items():
            for e in errs:
                form.add_error(name if name in form.fields else None, e.messages[0])
    else:
        for m in error.messages:
            form.add_error(None, m)


@access(LOGIN)
def index(request):
    user = request.user
    p = policy.principal(user)
    surveys = list(surveys_for(user=user).order_by("-created_at", "-pk"))
    rows = []
    for s in surveys:
        if p.ministry:
            standings = res.standings_unscoped(s) if s.status != SurveyStatus.DRAFT else []
            rows.append({"survey": s, "submitted": sum(x.status == "eingereicht"
                                                       for x in standings),
                         "recipients": len(standings)})
        else:
            own = {r.region_id: r for r in responses_for(user=user, survey=s)}
            mine = [r for r in services.recipients_unscoped(s) if r.pk in p.region_ids]
            rows.append({"survey": s, "slots": [(region, own.get(region.pk))
                                                for region in mine]})
    return render(request, "surveys/index.html", {"rows": rows, "ministry": p.ministry})


@access(MINISTRY)
def create(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            _errors(form, e)
        else:
            messages.success(request, "Die Umfrage ist angelegt. Fügen Sie Abschnitte und "
                                      "Fragen hinzu.")
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/form.html", {"form": form, "title": "Neue Umfrage"})


def _questionnaire(version):
    return [(s_no, s, list(enumerate(s.questions.order_by("position", "pk"), start=1)))
            for s_no, s in enumerate(version.sections.order_by("position", "pk"), start=1)]


def _editable(survey) -> tuple[bool, str]:
    if survey.is_closed:
        return False, "Die Umfrage ist geschlossen und unveränderlich."
    newest = services.newest_version(survey)
    if newest.sent_at is None and newest.number > 1 and survey.responses.exists():
        return True, (f"Fassung {newest.number} ist nicht versandt und kann nicht mehr "
                      "versandt werden, weil schon Antworten auf die versandte Fassung "
                      "vorliegen. Sie können sie verwerfen.")
    if newest.sent_at is None:
        return True, ""
    if survey.responses.exists():
        return False, (f"Fassung {newest.number} ist versandt und es liegen Antworten vor: "
                       "der Fragebogen ist eingefroren.")
    return True, (f"Fassung {newest.number} ist versandt, aber noch unbeantwortet: eine "
                  f"Änderung legt Fassung {newest.number + 1} an, die Sie dann versenden.")


@access(MINISTRY)
def detail(request, pk: int):
    survey = survey_get(user=request.user, pk=pk)
    newest = services.newest_version(survey)
    editable, edit_note = _editable(survey)
    sendable = not survey.is_closed and newest.sent_at is None and (
        survey.status == SurveyStatus.DRAFT or not survey.responses.exists())
    discardable = not survey.is_closed and newest.sent_at is None and newest.number > 1
    return render(request, "surveys/detail.html", {
        "survey": survey, "version": newest, "sent": services.sent_version(survey),
        "versions": survey.versions.order_by("number"),
        "sections": _questionnaire(newest), "editable": editable, "edit_note": edit_note,
        "history": history_for(survey)[:50],
        "sendable": sendable, "discardable": discardable, "section_form": SectionForm(),
        "standings": res.standings_unscoped(survey) if survey.status != SurveyStatus.DRAFT
        else [], "recipients": services.recipients_unscoped(survey)})


@access(MINISTRY)
def edit(request, pk: int):
    survey = survey_get(user=request.user, pk=pk)
    form = SurveyForm(request.POST or None, initial={"title": survey.title,
                                                     "description": survey.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as e:
            _errors(form, e)
        else:
            messages.success(request, "Gespeichert.")
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/form.html", {"form": form, "survey": survey,
                                                 "title": f"Umfrage „{survey.title}“ ändern"})


def _back(request, survey, error: ValidationError | None = None, ok: str = ""):
    if error is not None:
        for m in error.messages:
            messages.error(request, m)
    elif ok:
        messages.success(request, ok)
    return redirect("surveys:detail", pk=survey.pk)


@access(MINISTRY)
@require_POST
def section_add(request, pk: int):
    survey = survey_get(user=request.user, pk=pk)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return _back(request, survey, ValidationError(
            "Bitte eine Überschrift für den Abschnitt angeben."))
    try:
        services.section_add(actor=request.user, survey=survey, **form.cleaned_data)
    except ValidationError as e:
        return _back(request, survey, e)
    return _back(request, survey, ok="Abschnitt hinzugefügt.")


def _section(survey, section: int) -> Section:
    return get_object_or_404(Section, pk=section, version__survey=survey)


def _question(survey, question: int) -> Question:
    return get_object_or_404(Question, pk=question, section__version__survey=survey)


@access(MINISTRY)
@require_POST
def section_delete(request, pk: int, section: int):
    survey = survey_get(user=request.user, pk=pk)
    try:
        services.section_delete(actor=request.user, section=_section(survey, section))
    except ValidationError as e:
        return _back(request, survey, e)
    return _back(request, survey, ok="Abschnitt entfernt.")


def _question_data(cd) -> services.QuestionData:
    return services.QuestionData(
        kind=cd["kind"], text=cd["text"], required=cd["required"], help_text=cd["help_text"],
        options=(cd["options"] or "").splitlines(),
        scale_min=cd["scale_min"] if cd["scale_min"] is not None else 1,
        scale_max=cd["scale_max"] if cd["scale_max"] is not None else 5,
        label_min=cd["label_min"], label_max=cd["label_max"])


@access(MINISTRY)
@require_POST
def section_move(request, pk: int, section: int):
    survey = survey_get(user=request.user, pk=pk)
    try:
        services.section_move(actor=request.user, section=_section(survey, section),
                              up=request.POST.get("richtung") == "hoch")
    except ValidationError as e:
        return _back(request, survey, e)
    return _back(request, survey, ok="Reihenfolge geändert.")


@access(MINISTRY)
def question_add(request, pk: int, section: int):
    survey = survey_get(user=request.user, pk=pk)
    target = _section(survey, section)
    form = QuestionForm(request.POST or None, initial={"scale_min": 1, "scale_max": 5})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(actor=request.user, section=target,
                                  data=_question_data(form.cleaned_data))
        except ValidationError as e:
            _errors(form, e)
        else:
            return _back(request, survey, ok="Frage hinzugefügt.")
    return render(request, "surveys/form.html", {
        "form": form, "survey": survey,
        "title": f"Neue Frage im Abschnitt „{target.title}“"})


@access(MINISTRY)
def question_edit(request, pk: int, question: int):
    survey = survey_get(user=request.user, pk=pk)
    q = _question(survey, question)
    form = QuestionForm(request.POST or None, initial={
        "kind": q.kind, "text": q.text, "help_text": q.help_text, "required": q.required,
        "options": "\n".join(q.options), "scale_min": q.scale_min, "scale_max": q.scale_max,
        "label_min": q.label_min, "label_max": q.label_max})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(actor=request.user, question=q,
                                     data=_question_data(form.cleaned_data))
        except ValidationError as e:
            _errors(form, e)
        else:
            return _back(request, survey, ok="Frage geändert.")
    return render(request, "surveys/form.html", {"form": form, "survey": survey,
                                                 "title": "Frage ändern"})


@access(MINISTRY)
@require_POST
def question_delete(request, pk: int, question: int):
    survey = survey_get(user=request.user, pk=pk)
    try:
        services.question_delete(actor=request.user, question=_question(survey, question))
    except ValidationError as e:
        return _back(request, survey, e)
    return _back(request, survey, ok="Frage entfernt.")


@access(MINISTRY)
@require_POST
def question_move(request, pk: int, question: int):
    survey = survey_get(user=request.user, pk=pk)
    try:
        services.question_move(actor=request.user, question=_question(survey, question),
                               up=request.POST.get("richtung") == "hoch")
    except ValidationError as e:
        return _back(request, survey, e)
    return _back(request, survey, ok="Reihenfolge geändert.")


@access(MINISTRY)
def send(request, pk: int):
    survey = survey_get(user=request.user, pk=pk)
    first = survey.status == SurveyStatus.DRAFT
    form = SendForm(request.POST or None, initial={"deadline": survey.deadline,
                                                   "all_regions": True})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.survey_send(actor=request.user, survey=survey, deadline=cd["deadline"],
                                 all_regions=not first or (cd["all_regions"]
                                                           and not cd["regions"]),
                                 regions=list(cd["regions"]))
        except ValidationError as e:
            _errors(form, e)
        else:
            return _back(request, survey, ok="Die Umfrage ist versandt; die "
                                             "Gebietskörperschaften sind benachrichtigt.")
    if not first:
        del form.fields["all_regions"], form.fields["regions"]
    return render(request, "surveys/form.html", {
        "form": form, "survey": survey, "submit_label": "Versenden",
        "title": f"Umfrage „{survey.title}“ versenden" if first else
        f"Neue Fassung von „{survey.title}“ versenden"})


@access(MINISTRY)
@require_POST
def version_discard(request, pk: int):
    survey = survey_get(user=request.user, pk=pk)
    try:
        services.version_discard(actor=request.user, survey=survey)
    except ValidationError as e:
        return _back(request, survey, e)
    return _back(request, survey, ok="Die nicht versandte Fassung ist verworfen.")


@access(MINISTRY)
@require_POST
def close(request, pk: int):
    survey = survey_get(user=request.user, pk=pk)
    if request.POST.get("bestaetigen") != "ja":
        return _back(request, survey, ValidationError(
            "Bitte bestätigen Sie das Schließen der Umfrage."))
    try:
        services.survey_close(actor=request.user, survey=survey)
    except ValidationError as e:
        return _back(request, survey, e)
    return _back(request, survey, ok="Die Umfrage ist geschlossen; sie ist nun unveränderlich.")


@access(MINISTRY)
def results(request, pk: int):
    survey = survey_get(user=request.user, pk=pk)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            raise Http404("Unbekanntes Format.")
        return export_response(res.export_table_unscoped(survey), fmt)
    return render(request, "surveys/results.html", {
        "survey": survey, "results": res.results_unscoped(survey),
        "standings": res.standings_unscoped(survey),
        "submitted": survey.responses.filter(status=ResponseStatus.SUBMITTED).count()})


def _posted_answers(request, questions) -> dict[int, list[str]]:
    return {q.pk: request.POST.getlist(f"frage-{q.pk}") for _, q in questions}


@access(REGION_OBJECT, SLOT, post=REGION_EDIT)
def response(request, slot: Slot):
    survey, region = slot.survey, slot.region
    user = request.user
    p = policy.principal(user)
    member = region.pk in p.region_ids
    questions = res.questions_unscoped(survey)
    current = slot.response
    editable = member and survey.status == SurveyStatus.OPEN and (
        current is None or current.status == ResponseStatus.DRAFT)
    errors: list[str] = []
    values: dict[int, list[str]] = {}
    if request.method == "POST":
        submit = request.POST.get("aktion") == "einreichen"
        values = _posted_answers(request, questions)
        try:
            services.response_save(actor=user, survey=survey, region=region, answers=values,
                                   submit=submit)
        except ValidationError as e:
            errors = e.messages
        else:
            messages.success(request, "Ihre Antwort ist eingereicht. Vielen Dank!" if submit
                             else "Entwurf gespeichert. Sie können später weiterarbeiten.")
            return redirect("surveys:response", pk=survey.pk, ags=region.ags)
    elif current is not None:
        for a in current.answers.all():
            q = a.question
            if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
                values[q.pk] = list(a.choices)
            elif q.kind == Kind.SCALE:
                values[q.pk] = [str(int(a.number))]
            elif q.kind == Kind.NUMBER:
                values[q.pk] = [str(res.plain(a.number)).replace(".", ",")]
            elif q.kind == Kind.DATE:
                values[q.pk] = [a.date.isoformat()]
            else:
                values[q.pk] = [a.text]
    error_of = {}
    for _, q in questions:
        for m in errors:
            if f"„{q.text}“" in m:
                error_of.setdefault(q.pk, m)
    items = []
    for number, q in questions:
        given = values.get(q.pk, [])
        shown = given
        if q.kind == Kind.DATE and given:
            try:
                shown = [format_date(date.fromisoformat(given[0]))]
            except ValueError:
                shown = given
        items.append({"number": number, "q": q, "values": given, "shown": shown,
                      "value": given[0] if given else "", "error": error_of.get(q.pk, ""),
                      "scale": [(v, str(v) in given) for v in q.scale_values]
                      if q.kind == Kind.SCALE else [],
                      "options": [(n, o, o in given) for n, o in enumerate(q.options)]})
    sections = []
    for item in items:
        section = item["q"].section
        if not sections or sections[-1][0].pk != section.pk:
            sections.append((section, []))
        sections[-1][1].append(item)
    return render(request, "surveys/response.html", {
        "survey": survey, "region": region, "response": current, "sections": sections,
        "editable": editable, "errors": errors, "ministry": p.ministry,
        "reopen_form": ReopenForm() if p.ministry and current is not None
        and current.status == ResponseStatus.SUBMITTED and not survey.is_closed else None},
        status=400 if errors else 200)


@access(MINISTRY, SLOT)
@require_POST
def reopen(request, slot: Slot):
    form = ReopenForm(request.POST)
    if slot.response is None:
        raise Http404("Es gibt noch keine Antwort.")
    try:
        if not form.is_valid():
            raise ValidationError("Bitte einen Grund für das Wiederöffnen angeben.")
        services.response_reopen(actor=request.user, response=slot.response,
                                 reason=form.cleaned_data["reason"])
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, "Die Antwort ist wieder geöffnet; die Gebietskörperschaft "
                                  "ist benachrichtigt.")
    return redirect("surveys:response", pk=slot.survey.pk, ags=slot.region.ags)
