"""Pages of passing money on (Weiterleitung): the region's pass-ons per notice and its check of
the providers' reports; the provider's projects with pass-ons, its expense reports and what
is due. A provider sees only pass-ons to itself and reports of its own projects (resolvers
PASS_ON, EXPENSE_REPORT: 404 for everyone else but the state and the project's region)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render

from aqb.accounts import policy
from aqb.accounts.policy import (
    LOGIN,
    PROJECT_OBJECT,
    PROVIDER_EDIT,
    REGION_EDIT,
    REGION_OBJECT,
    access,
)
from aqb.ui.forms import apply_service_errors, confirm_page, form_page

from . import passon as services
from . import selectors
from .forms_passon import ExpenseLineForm, LinesUploadForm, PassOnForm, ReportForm, ReviewForm
from .models_passon import ReportStatus
from .refunds import NOTICE
from .selectors import EXPENSE_REPORT, PASS_ON


def notice_url(notice) -> str:
    return f"/foerderung/bescheide/{notice.pk}/weiterleitungen/"


def report_url(report) -> str:
    return f"/foerderung/ausgabenberichte/{report.pk}/"


def _is_provider_of(user, provider_id) -> bool:
    return provider_id in policy.principal(user).provider_ids


@access(LOGIN)
def passon_index(request):
    """Region and state: notices with the sum passed on, reports to check. Provider: its
    pass-ons, its reports and what is due."""
    p = policy.principal(request.user)
    context = {"principal": p}
    if p.sees_all_regions or p.region_ids:
        context["notices"] = selectors.passon_notices(user=request.user)
        context["to_check"] = selectors.review_reports(user=request.user)
    if p.provider_ids:
        context["pass_ons"] = selectors.passon_list(user=request.user).filter(
            provider__in=p.provider_ids)
        context["reports"] = selectors.expense_report_list(user=request.user).filter(
            provider__in=p.provider_ids)
        context["work"] = selectors.provider_worklist(user=request.user)
    return render(request, "funding/passon_index.html", context)


@access(REGION_OBJECT, NOTICE)
def notice_passons(request, notice):
    version = notice.current
    rows = selectors.passon_list(user=request.user, notice=notice)
    total = rows.aggregate(s=Sum("amount"))["s"] or services.ZERO
    accepted = selectors.accepted_expenses(user=request.user, notice=notice)
    rows = list(rows)
    for row in rows:
        row.accepted = accepted.get(row.project_id)
    return render(request, "funding/passon_notice.html", {
        "notice": notice, "version": version, "rows": rows, "total": total,
        "remaining": version.amount - total,
        "reports": selectors.expense_report_list(user=request.user, notice=notice),
        "may_edit": policy.can_edit_region_data(request.user, notice.region_id),
    })


@access(REGION_EDIT, NOTICE)
def passon_create(request, notice):
    version = notice.current
    if not version.may_pass_on:
        messages.error(request, f"Der Zuwendungsbescheid {notice.number} lässt eine "
                                "Weiterleitung an Dritte nicht zu.")
        return redirect(notice_url(notice))
    projects = [li.project for li in notice.application.lines.select_related(
        "project__provider")]
    form = PassOnForm(request.POST or None, projects=projects)

    def save(f):
        c = f.cleaned_data
        services.passon_create(actor=request.user, notice=notice, data=services.PassOnInput(
            project_id=c["project"], amount=c["amount"], date=c["date"], basis=c["basis"],
            reference=c["reference"], report_due=c["report_due"],
            interim_report_due=c["interim_report_due"], anbest_p=c["anbest_p"],
            anbest_p_version=c["anbest_p_version"]))

    total = services.passed_on_total_unscoped(notice)
    return form_page(
        request, form=form, title="Mittel an einen Träger weiterleiten", save=save,
        success="Weiterleitung gespeichert.", target=notice_url(notice),
        context={"submit_label": "Weiterleiten",
                 "intro": f"Zuwendungsbescheid {notice.number}: bewilligt "
                          f"{_eur(version.amount)}, bereits weitergeleitet {_eur(total)}, "
                          f"möglich noch {_eur(version.amount - total)}."})


def _eur(value) -> str:
    from aqb.german.money import format_eur

    return format_eur(value)


@access(PROJECT_OBJECT, PASS_ON, post=PROVIDER_EDIT)
def passon_detail(request, pass_on):
    """One pass-on with the reports of its project; its provider starts a report here."""
    is_provider = _is_provider_of(request.user, pass_on.provider_id)
    version = pass_on.notice.current
    form = ReportForm(request.POST or None, initial={
        "period_start": version.period_start, "period_end": version.period_end})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            report = services.expense_report_create(
                actor=request.user, pass_on=pass_on, kind=c["kind"],
                period_start=c["period_start"], period_end=c["period_end"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Bericht angelegt. Bitte die Ausgaben erfassen.")
            return redirect(report_url(report))
    reports = selectors.expense_report_list(user=request.user, notice=pass_on.notice).filter(
        project=pass_on.project)
    return render(request, "funding/passon_detail.html", {
        "po": pass_on, "version": version, "reports": reports, "form": form,
        "is_provider": is_provider,
    }, status=400 if request.method == "POST" else 200)


@access(PROJECT_OBJECT, EXPENSE_REPORT, post=PROVIDER_EDIT)
def report_detail(request, report):
    """The report with its lines; its provider adds lines here while it may change them."""
    is_provider = _is_provider_of(request.user, report.provider_id)
    editable = is_provider and report.is_editable
    form = ExpenseLineForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                services.expense_line_add(actor=request.user, report=report,
                                          line=services.LineInput(**c))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Ausgabe erfasst.")
                return redirect(report_url(report) + "#neu")
    lines = report.lines.all()
    return render(request, "funding/report_detail.html", {
        "r": report, "lines": lines, "total": lines.aggregate(s=Sum("amount"))["s"],
        "form": form, "editable": editable, "is_provider": is_provider,
        "may_review": report.status == ReportStatus.SUBMITTED
        and policy.can_edit_region_data(request.user, report.project.region_id),
        "version": report.notice.current,
    }, status=400 if request.method == "POST" else 200)


@access(PROJECT_OBJECT, EXPENSE_REPORT, post=PROVIDER_EDIT)
def report_line_remove(request, report):
    if request.method == "POST":
        try:
            services.expense_line_remove(actor=request.user, report=report,
                                         line_id=_int(request.POST.get("zeile")))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Ausgabe entfernt.")
    return redirect(report_url(report))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@access(PROJECT_OBJECT, EXPENSE_REPORT, post=PROVIDER_EDIT)
def report_submit(request, report):
    return confirm_page(
        request, template="confirm.html", target=report_url(report),
        act=lambda: services.expense_report_submit(actor=request.user, report=report),
        success="Bericht bei der Gebietskörperschaft eingereicht.",
        context={"title": "Ausgabenbericht einreichen", "subject": str(report),
                 "question": "Den Bericht mit allen Ausgaben bei der Gebietskörperschaft "
                             "einreichen? Danach ist er nur nach einer Beanstandung änderbar.",
                 "confirm_label": "Einreichen", "cancel_url": report_url(report)})


@access(PROJECT_OBJECT, EXPENSE_REPORT, post=PROVIDER_EDIT)
def report_upload(request, report):
    """All lines of the report from a CSV or XLSX file: all or nothing."""
    from .passon_upload import read_lines

    form = LinesUploadForm(request.POST or None, request.FILES or None)

    def save(f):
        upload = f.cleaned_data["file"]
        lines, rows = read_lines(upload, upload.name)
        services.expense_lines_replace(actor=request.user, report=report, lines=lines,
                                       rows=rows)

    return form_page(request, form=form, title="Ausgaben aus einer Datei einlesen", save=save,
                     success="Datei eingelesen; alle bisherigen Ausgaben wurden ersetzt.",
                     target=report_url(report),
                     context={"submit_label": "Einlesen", "intro": str(report)})


@access(REGION_EDIT, EXPENSE_REPORT)
def report_review(request, report):
    form = ReviewForm(request.POST or None)
    decision = request.POST.get("entscheidung", "")

    def save(f):
        if decision not in ("accept", "object"):
            raise ValidationError("Bitte „Ohne Beanstandung prüfen“ oder „Beanstanden“ "
                                  "wählen.")
        services.expense_report_review(actor=request.user, report=report,
                                       accept=decision == "accept",
                                       note=f.cleaned_data["note"])

    lines = report.lines.all()
    return form_page(
        request, form=form, title="Ausgabenbericht prüfen", save=save,
        template="funding/report_review.html",
        success="Prüfung gespeichert." if decision == "accept"
        else "Beanstandung an den Träger gesendet.", target=report_url(report),
        context={"r": report, "lines": lines, "total": lines.aggregate(s=Sum("amount"))["s"]})
