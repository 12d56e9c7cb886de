"""Pages of the application (Antrag): the region's list, draft with financing plan, submit,
withdraw, answers; the authority's work list, review with two sign-offs, queries, decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, REGION_EDIT, REGION_OBJECT, STATE, access
from aqb.audit.selectors import history_for
from aqb.budgets import selectors as budget_selectors
from aqb.budgets.selectors import allocation_current_unscoped
from aqb.regions.models import Region
from aqb.regions.selectors import REGION
from aqb.ui.downloads import attachment as as_attachment
from aqb.ui.forms import apply_service_errors, confirm_page, form_page

from . import selectors, services
from .forms import AnswerForm, AttachmentForm, EarlyStartForm, LineFormSet, QuestionForm, RejectForm
from .models import Notice
from .selectors import APPLICATION, ATTACHMENT


def _url(application) -> str:
    return f"/foerderung/antraege/{application.pk}/"


def _year_param(request) -> int | None:
    value = request.GET.get("jahr", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@access(LOGIN)
def application_index(request):
    year = _year_param(request)
    rows = selectors.application_list(user=request.user, year=year)
    p = policy.principal(request.user)
    years = sorted(budget_selectors.programme_year_list().values_list("year", flat=True))
    return render(request, "funding/index.html", {
        "rows": rows, "year": year, "years": years, "is_state": p.sees_all_regions,
        "own_regions": list(Region.objects.filter(pk__in=p.region_ids).order_by("ags")),
    })


@access(REGION_EDIT, REGION)
def application_create(request, region):
    years = sorted(budget_selectors.programme_year_list(), key=lambda y: y.year)
    chosen = _year_param(request) or (request.POST.get("jahr") or "")
    py = next((y for y in years if str(y.year) == str(chosen)), years[-1] if years else None)
    if py is None:
        messages.error(request, "Es gibt noch kein Programmjahr.")
        return redirect("/foerderung/")
    created = {}

    def act():
        created["app"] = services.application_create(actor=request.user, region=region,
                                                     programme_year=py)

    response = confirm_page(
        request, template="confirm.html", act=act,
        success=f"Förderantrag {py.year} angelegt.", target="/foerderung/",
        context={"title": f"Förderantrag {py.year} anlegen", "subject": str(region),
                 "question": f"Einen Entwurf des Förderantrags für das Programmjahr {py.year} "
                             "mit den Projekten der Zielvereinbarung anlegen?",
                 "confirm_label": "Entwurf anlegen", "cancel_url": "/foerderung/"})
    if "app" in created:
        return redirect(_url(created["app"]))
    return response


@access(REGION_OBJECT, APPLICATION)
def application_detail(request, application):
    lines = list(application.lines.select_related("project"))
    alloc = allocation_current_unscoped(application.region, application.programme_year)
    total = sum((li.requested for li in lines), services.ZERO)
    steps = dict(services.allowed_steps(application, request.user))
    open_query = application.queries.filter(answered_at__isnull=True).last()
    return render(request, "funding/detail.html", {
        "a": application, "lines": lines, "total": total,
        "costs": sum((li.costs for li in lines), services.ZERO),
        "allocation": alloc.current if alloc else None,
        "queries": application.queries.all(), "attachments": application.attachments.all(),
        "steps": steps, "open_query": open_query,
        "may_edit": application.is_editable and policy.can_edit_region_data(
            request.user, application.region_id),
        "is_authority": policy.principal(request.user).authority,
        "history": history_for(application)[:50],
        "notice": Notice.objects.filter(application=application).first(),
    })


@access(REGION_EDIT, APPLICATION)
def application_edit(request, application):
    projects = list(selectors.agreement_projects_unscoped(application.region,
                                                          application.programme_year))
    existing = {li.project_id: li for li in application.lines.all()}
    fields = ("personnel_costs", "material_costs", "administrative_costs", "other_costs",
              "own_funds", "third_party_funds", "requested")
    initial = [{"project": p.pk, **({f: getattr(existing[p.pk], f) for f in fields}
                                     if p.pk in existing else {})} for p in projects]
    names = {p.pk: str(p) for p in projects}
    data = request.POST if request.method == "POST" else None
    formset = LineFormSet(data, initial=initial, prefix="plan")
    early = EarlyStartForm(data, initial={
        "early_start": application.early_start, "early_start_date": application.early_start_date,
        "early_start_reason": application.early_start_reason})
    if data is not None and formset.is_valid() and early.is_valid():
        lines = []
        for f in formset.forms:
            c = f.cleaned_data
            if c.get("project") not in names:
                continue
            if not any(c.get(k) for k in fields) and c.get("requested") is None:
                continue  # an empty project is not applied for
            lines.append(services.LineInput(
                project_id=c["project"],
                **{k: c.get(k) or services.ZERO for k in fields if k != "requested"},
                requested=c.get("requested")))
        try:
            services.application_set_plan(
                actor=request.user, application=application, lines=lines,
                early_start=early.cleaned_data["early_start"],
                early_start_date=early.cleaned_data["early_start_date"],
                early_start_reason=early.cleaned_data["early_start_reason"])
        except ValidationError as exc:
            apply_service_errors(early, exc)
        else:
            messages.success(request, "Finanzierungsplan gespeichert.")
            return redirect(_url(application))
    rows = [(f, names.get(f.initial.get("project") if f.initial else None)
             or names.get(_int(f["project"].value()), "Projekt")) for f in formset.forms]
    return render(request, "funding/edit.html", {
        "a": application, "formset": formset, "rows": rows, "early": early,
    }, status=400 if data is not None else 200)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _confirm(request, application, *, title, question, confirm, act, success):
    return confirm_page(
        request, template="confirm.html", act=act, success=success, target=_url(application),
        context={"title": title, "question": question, "confirm_label": confirm,
                 "subject": str(application), "cancel_url": _url(application)})


@access(REGION_EDIT, APPLICATION)
def application_submit(request, application):
    return _confirm(
        request, application, title="Förderantrag einreichen", confirm="Einreichen",
        question="Den Förderantrag mit seinem Finanzierungsplan bei der Bewilligungsbehörde "
                 "einreichen? Danach kann er nur nach einer Nachforderung geändert werden.",
        act=lambda: services.application_submit(actor=request.user, application=application),
        success="Förderantrag eingereicht.")


@access(REGION_EDIT, APPLICATION)
def application_withdraw(request, application):
    return _confirm(
        request, application, title="Förderantrag zurückziehen", confirm="Zurückziehen",
        question="Den Förderantrag zurückziehen? Das Verfahren endet damit.",
        act=lambda: services.application_withdraw(actor=request.user, application=application),
        success="Förderantrag zurückgezogen.")


@access(REGION_EDIT, APPLICATION)
def query_answer(request, application):
    query = application.queries.filter(answered_at__isnull=True).last()
    if query is None:
        messages.info(request, "Es gibt keine offene Nachforderung.")
        return redirect(_url(application))
    form = AnswerForm(request.POST or None)
    return form_page(
        request, form=form, title="Nachforderung beantworten", target=_url(application),
        success="Antwort gespeichert. Bitte den Antrag erneut einreichen.",
        save=lambda f: services.query_answer(actor=request.user, application=application,
                                             query=query, answer=f.cleaned_data["answer"]),
        context={"intro": f"Frage der Bewilligungsbehörde: {query.question}"})


@access(REGION_EDIT, APPLICATION)
def attachment_add(request, application):
    form = AttachmentForm(request.POST or None, request.FILES or None)

    def save(f):
        upload = f.cleaned_data["file"]
        services.attachment_add(actor=request.user, application=application,
                                title=f.cleaned_data["title"], content=upload.read(),
                                filename=upload.name)

    return form_page(request, form=form, title="Anlage hinzufügen", save=save,
                     success="Anlage hinzugefügt.", target=_url(application))


@access(REGION_OBJECT, ATTACHMENT)
def attachment_download(request, attachment):
    response = FileResponse(attachment.file.open("rb"), content_type="application/pdf")
    return as_attachment(response, f"{attachment.title}.pdf")


@access(STATE, APPLICATION)
def application_review(request, application):
    return _confirm(
        request, application, title="Prüfung beginnen", confirm="Prüfung beginnen",
        question="Den Förderantrag in Prüfung nehmen?",
        act=lambda: services.application_start_review(actor=request.user,
                                                      application=application),
        success="Prüfung begonnen.")


def _sign(request, application, part):
    word = services.PARTS[part]
    return _confirm(
        request, application, title=f"{word.capitalize()}e Prüfung abzeichnen",
        confirm="Abzeichnen",
        question=f"Die {word}e Prüfung des Förderantrags mit Ihrem Namen und dem heutigen "
                 "Zeitpunkt abzeichnen?",
        act=lambda: services.application_sign_off(actor=request.user, application=application,
                                                  part=part),
        success=f"{word.capitalize()}e Prüfung abgezeichnet.")


@access(STATE, APPLICATION)
def sign_content(request, application):
    return _sign(request, application, "content")


@access(STATE, APPLICATION)
def sign_arithmetic(request, application):
    return _sign(request, application, "arithmetic")


@access(STATE, APPLICATION)
def application_ready(request, application):
    return _confirm(
        request, application, title="Bewilligungsreif feststellen", confirm="Feststellen",
        question="Den Förderantrag als bewilligungsreif feststellen? Beide Prüfungen sind "
                 "abgezeichnet.",
        act=lambda: services.application_mark_ready(actor=request.user, application=application),
        success="Förderantrag ist bewilligungsreif.")


@access(STATE, APPLICATION)
def application_query(request, application):
    form = QuestionForm(request.POST or None)
    return form_page(
        request, form=form, title="Nachforderung an die Gebietskörperschaft",
        target=_url(application), success="Nachforderung gestellt.",
        save=lambda f: services.application_query(actor=request.user, application=application,
                                                  question=f.cleaned_data["question"]),
        context={"submit_label": "Nachforderung senden"})


@access(STATE, APPLICATION)
def application_reject(request, application):
    form = RejectForm(request.POST or None)
    return form_page(
        request, form=form, title="Förderantrag ablehnen", target=_url(application),
        success="Förderantrag abgelehnt.",
        save=lambda f: services.application_reject(actor=request.user, application=application,
                                                   reason=f.cleaned_data["reason"]),
        context={"submit_label": "Ablehnen"})

