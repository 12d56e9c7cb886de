"""Agreements for the ministry (all regions, edit, sign, publish) and the regions (read only)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from csp.constants import SELF
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, REGION_EDIT, REGION_OBJECT, access
from aqb.audit.selectors import history_for
from aqb.budgets.models import ProgrammeYear
from aqb.jobs.services import job_start as start_job
from aqb.regions.models import Region
from aqb.regions.selectors import ministry_on, signatory_on
from aqb.ui.forms import apply_service_errors, confirm_page, form_page, storage_failed

from . import services, staging
from .document import agreement_date, agreement_document
from .files import serve_stored_file
from .forms import (
    AmendForm,
    BudgetLinesForm,
    DraftsForm,
    ImportForm,
    ProjectAddForm,
    SignForm,
    TargetsForm,
    TemplateForm,
)
from .importing import agreement_import_save, agreement_read, import_problems, problem_labels
from .models import Agreement, Party, Status
from .notes import notes_for
from .questions import PROJECT_REMOVE, SIGN, STEPS
from .reading import AgreementReadError, check_file_size
from .render import CONTENT_TYPES, FORMATS
from .render import render as render_doc
from .render.html import render_html_fragment, standalone_style_source
from .selectors import (
    AGREEMENT,
    agreement_current_for,
    agreement_get,
    agreement_list,
    agreement_revision,
    allocation_comparison,
    allocation_comparisons,
    replaced_by,
    status_counts,
    template_current,
    version_date,
    version_diff,
)
from .targets import targets_of
from .tasks import agreements_zip


def _years():
    return list(ProgrammeYear.objects.order_by("-year").values_list("year", flat=True))


@access(LOGIN)
def agreement_index(request):
    years = _years()
    try:
        year = int(request.GET.get("jahr") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    agreements = agreement_list(user=request.user, year=year).filter(is_current=True).order_by(
        "region__ags")
    rows = agreements.prefetch_related("budget_lines")
    missing = []
    if policy.is_staff_of_state(request.user):
        missing = Region.objects.exclude(agreements__programme_year__year=year)
    counts = status_counts(agreements)
    compared = allocation_comparisons(user=request.user, agreements=list(rows))
    mismatches = [c for c in compared.values() if not c.matches]
    return render(request, "agreements/index.html", {
        "years": years, "year": year, "missing": missing, "counts": counts,
        "rows": [(a, compared.get(a.pk)) for a in rows], "mismatches": mismatches,
        "can_take_over": any(c.can_take_over for c in mismatches),
        "can_edit": policy.is_ministry(request.user),
        "drafts_form": DraftsForm(initial={"year": year}) if policy.is_ministry(request.user)
        else None,
    })


@access(MINISTRY)
@require_POST
def agreement_zip_start(request):
    """All agreements of a year as one ZIP of PDFs: a background job; its page shows the
    progress and offers the download."""
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if year not in _years():
        messages.error(request, "Bitte ein vorhandenes Programmjahr wählen.")
        return redirect("agreements:index")
    job = start_job(user=request.user, task=agreements_zip,
                    title=f"Alle Zielvereinbarungen {year} als ZIP (PDF)",
                    back_url=f"{reverse('agreements:index')}?jahr={year}", year=year)
    return redirect("jobs:detail", pk=job.pk)


@access(REGION_OBJECT, AGREEMENT)
def agreement_detail(request, agreement: Agreement):
    doc = agreement_document(agreement)
    is_ministry = policy.is_ministry(request.user)
    replacement = replaced_by(user=request.user, agreement=agreement)
    versions = Agreement.objects.filter(region=agreement.region,
                                        programme_year=agreement.programme_year).order_by(
        "-version")
    return render(request, "agreements/detail.html", {
        "agreement": agreement, "document_html": render_html_fragment(doc, level=3),
        "formats": FORMATS, "versions": versions,
        "history": history_for(agreement)[:50],
        "is_ministry": is_ministry,
        "can_sign_region": agreement.status == Status.SIGNED_MINISTRY and (
            is_ministry or policy.can_edit_region_data(request.user, agreement.region_id)),
        "project_form": ProjectAddForm(agreement=agreement) if is_ministry else None,
        "measures": agreement.measures.prefetch_related("projects__project__provider"),
        "budget_lines": agreement.budget_lines.all(),
        "targets": targets_of(agreement),
        "steps": STEPS, "project_remove": PROJECT_REMOVE,
        "diff": version_diff(agreement.supersedes, agreement)
        if agreement.supersedes else None,
        # a draft names who signs from the master data; say so when nobody is entered
        "signatory_missing": not agreement.is_signed and not any(
            s.party == Party.REGION and s.name for s in doc.signatures),
        "comparison": allocation_comparison(user=request.user, agreement=agreement),
        "replaced_by": replacement,
        "replaced_by_date": version_date(replacement) if replacement else None,
        "notes": notes_for(user=request.user, agreement=agreement),
    })


@access(REGION_OBJECT, AGREEMENT)
def agreement_download(request, agreement: Agreement, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Unbekanntes Format.")
    doc = agreement_document(agreement)
    response = HttpResponse(render_doc(doc, fmt), content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("html", "txt", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{doc.filename_stem}.{fmt}"'
    if fmt == "html":  # the file's own inline stylesheet, allowed by its hash only
        response._csp_update = {"style-src": [SELF, standalone_style_source()]}
    return response


@access(REGION_OBJECT, AGREEMENT)
def agreement_signed_file(request, agreement: Agreement):
    if not agreement.signed_file:
        raise Http404("Kein unterzeichnetes Dokument gespeichert.")
    return serve_stored_file(agreement)


def _back(agreement):
    return redirect("agreements:detail", pk=agreement.pk)


def _report(request, exc: ValidationError):
    for _field, errs in (exc.message_dict.items() if hasattr(exc, "error_dict")
                        else [("", exc.messages)]):
        for e in errs:
            messages.error(request, e)


@access(MINISTRY)
def agreement_transition(request, pk: int, name: str):
    """GET asks (the page behind the button when JavaScript is off), POST does the step."""
    agreement = agreement_get(user=request.user, pk=pk)
    if name not in services.TRANSITIONS:
        raise Http404("Unbekannter Schritt.")
    return _confirm(
        request, agreement, STEPS[name],
        act=lambda: services.agreement_transition(actor=request.user, agreement=agreement,
                                                  name=name),
        success=f"„{services.TRANSITIONS[name].label}“ ausgeführt.")


def _confirm(request, agreement, question, *, act, success, subject=None):
    return confirm_page(
        request, template="confirm.html", act=act, success=success,
        target=f"/zielvereinbarungen/{agreement.pk}/",
        context={"title": question.title, "question": question.text,
                 "confirm_label": question.confirm, "subject": subject or str(agreement),
                 "cancel_url": f"/zielvereinbarungen/{agreement.pk}/"})


@access(MINISTRY)
def agreement_sign_ministry(request, pk: int):
    return _sign(request, agreement_get(user=request.user, pk=pk), Party.MINISTRY)


@access(REGION_EDIT, AGREEMENT)
def agreement_sign_region(request, agreement: Agreement):
    """The region's signature: recorded by the region itself or by the ministry on receipt."""
    return _sign(request, agreement, Party.REGION)


def _sign(request, agreement, party: str):
    initial = {}
    if party == Party.MINISTRY:
        m = ministry_on(agreement_date(agreement))
        initial = {"place": m.seat, "name": m.minister, "title": m.minister_title}
    else:
        s = signatory_on(user=request.user, region=agreement.region,
                         day=agreement_date(agreement))
        initial = {"place": (s.place if s else "") or agreement.region.seat,
                   "name": s.name if s else "", "title": s.title if s else ""}
    form = SignForm(request.POST or None, request.FILES or None, initial=initial,
                    with_scan=party == Party.REGION)
    status = 400
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("scan")
        try:
            services.agreement_sign(actor=request.user, agreement=agreement, party=party,
                                    place=data["place"], day=data["day"], name=data["name"],
                                    title=data["title"],
                                    scan=upload.read() if upload else None,
                                    scan_name=upload.name if upload else "")
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except OSError as exc:  # the file store failed: nothing was saved
            status = storage_failed(request, form, exc)
            agreement.refresh_from_db()
        else:
            messages.success(request, "Die Unterschrift wurde erfasst.")
            return _back(agreement)
    return render(request, "agreements/sign.html", {
        "agreement": agreement, "form": form,
        "party_label": Party(party).label, "question": SIGN[party]},
        status=status if request.method == "POST" else 200)


@access(MINISTRY)
def agreement_budgets(request, pk: int):
    agreement = agreement_get(user=request.user, pk=pk)
    lines = list(agreement.budget_lines.all())
    initial = {"revision": agreement_revision(agreement)}
    for i, b in enumerate(lines[:2]):
        initial[f"name_{i}"], initial[f"amount_{i}"] = b.name, b.amount
    form = BudgetLinesForm(request.POST or None, initial=initial)
    return form_page(
        request, form=form, title="Haushaltsmittel (§ 4)", context={"intro": str(agreement)},
        save=lambda f: services.agreement_set_budgets(
            actor=request.user, agreement=agreement, lines=f.lines(),
            revision=f.cleaned_data["revision"] or None),
        success="Die Haushaltsmittel wurden gespeichert.",
        target=f"/zielvereinbarungen/{agreement.pk}/")


@access(MINISTRY)
def agreement_targets(request, pk: int):
    """The targets of the draft's project lines (§ 5): planned entries, amount, outcome."""
    agreement = agreement_get(user=request.user, pk=pk)
    form = TargetsForm(request.POST or None, agreement=agreement)
    return form_page(
        request, form=form, title="Ziele der Projekte (§ 5)",
        context={"intro": f"{agreement}: geplante Eintritte, geplante Mittel und das Ziel für "
                          "Übergänge in Ausbildung oder Arbeit je Projekt. Leere Felder: kein "
                          "Ziel."},
        save=lambda f: services.agreement_set_targets(
            actor=request.user, agreement=agreement, targets=f.targets(),
            revision=f.cleaned_data["revision"] or None),
        success="Die Ziele wurden gespeichert.",
        target=f"/zielvereinbarungen/{agreement.pk}/")


@access(MINISTRY)
@require_POST
def agreement_project_add(request, pk: int):
    agreement = agreement_get(user=request.user, pk=pk)
    form = ProjectAddForm(request.POST, agreement=agreement)
    if form.is_valid():
        try:
            services.agreement_add_project(actor=request.user, agreement=agreement,
                                           **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Das Projekt wurde aufgenommen.")
            return _back(agreement)
    return render(request, "agreements/form.html", {
        "agreement": agreement, "form": form, "title": "Projekt aufnehmen",
        "action": "add_project"}, status=400)


@access(MINISTRY)
def agreement_project_remove(request, pk: int, entry: int):
    agreement = agreement_get(user=request.user, pk=pk)
    row = agreement.measures.filter(projects__pk=entry).values_list(
        "projects__label", flat=True).first()
    return _confirm(
        request, agreement, PROJECT_REMOVE,
        act=lambda: services.agreement_remove_project(actor=request.user, agreement=agreement,
                                                      entry_id=entry),
        success="Das Projekt wurde aus der Vereinbarung entfernt.",
        subject=f"{agreement}: {row}" if row else None)


@access(MINISTRY)
def agreement_amend(request, pk: int):
    agreement = agreement_get(user=request.user, pk=pk)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.agreement_amend(actor=request.user, agreement=agreement,
                                           reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Fassung {new.version} wurde als Entwurf angelegt.")
            return _back(new)
    return render(request, "agreements/form.html", {
        "agreement": agreement, "form": form, "title": "Änderung (neue Fassung) anlegen"},
        status=400 if request.method == "POST" else 200)


def _posted_year(request) -> ProgrammeYear | None:
    """The programme year chosen in the overview's year form; None (with a message) if none."""
    form = DraftsForm(request.POST)
    form.fields["year"].choices = [(y, y) for y in _years()]
    if not form.is_valid():
        messages.error(request, "Bitte ein Programmjahr wählen.")
        return None
    return ProgrammeYear.objects.get(year=form.cleaned_data["year"])


@access(MINISTRY)
@require_POST
def agreement_drafts(request):
    py = _posted_year(request)
    if py is None:
        return redirect("agreements:index")
    created = services.agreement_create_missing_drafts(actor=request.user, programme_year=py)
    messages.success(request, f"{created} Entwürfe für {py.year} angelegt.")
    return redirect(f"/zielvereinbarungen/?jahr={py.year}")


@access(MINISTRY)
@require_POST
def agreement_take_allocation(request, pk: int):
    agreement = agreement_get(user=request.user, pk=pk)
    try:
        services.agreement_take_allocation(actor=request.user, agreement=agreement)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, "Der Entwurf nennt jetzt die aktuelle Zuweisung.")
    return _back(agreement)


@access(MINISTRY)
@require_POST
def agreement_take_allocations(request):
    py = _posted_year(request)
    if py is None:
        return redirect("agreements:index")
    try:
        n = services.agreement_take_allocations(actor=request.user, programme_year=py)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, f"{n} Entwürfe für {py.year} nennen jetzt die aktuelle "
                                  "Zuweisung." if n != 1 else
                         f"Ein Entwurf für {py.year} nennt jetzt die aktuelle Zuweisung.")
    return redirect(f"/zielvereinbarungen/?jahr={py.year}")


def _read_upload(content: bytes, filename: str):
    with tempfile.NamedTemporaryFile(suffix=Path(filename).suffix.lower()) as tmp:
        tmp.write(content)
        tmp.flush()
        return agreement_read(Path(tmp.name), filename=filename)


@access(MINISTRY)
def agreement_import(request):
    """Check first, save second: the preview keeps the upload on the server (`staging`) so
    that saving does not ask for the file again."""
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed = problems = token = None
    filename = ""
    if request.method == "POST" and not request.FILES and request.POST.get("token"):
        form = ImportForm()
        staged = staging.fetch(request.session, request.POST["token"])
        if staged is None:
            form = ImportForm({}, {})
            form.is_valid()
            form.errors["file"] = form.error_class([
                "Die geprüfte Datei liegt nicht mehr vor (abgelaufen oder schon gespeichert). "
                "Bitte die Datei erneut auswählen und prüfen."])
        else:
            content, filename, token = staged.content, staged.filename, staged.token
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_file_size(upload.size, filename=upload.name)
        except AgreementReadError as exc:  # German, names only the user's file
            form.add_error("file", str(exc))
        else:
            content, filename = upload.read(), upload.name
    if filename:
        try:
            parsed = _read_upload(content, filename)
        except AgreementReadError as exc:  # German, names only the user's file
            form.add_error(None if token else "file", str(exc))
        if parsed is not None:
            problems = problem_labels(parsed, import_problems(parsed))
            if not problems and request.POST.get("save") == "ja":
                try:
                    agreement = agreement_import_save(actor=request.user, parsed=parsed,
                                                      content=content, filename=filename)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                except OSError as exc:  # the file store failed: nothing was saved
                    storage_failed(request, form, exc)
                else:
                    if token:
                        staging.discard(request.session, token)
                    messages.success(request, f"{agreement} wurde eingelesen "
                                              f"({agreement.get_status_display()}).")
                    return _back(agreement)
            if not problems and not token:
                try:
                    token = staging.stage(request.session, filename=filename, content=content)
                except OSError as exc:  # the file store failed: the preview cannot be kept
                    storage_failed(request, form, exc)
    existing = None
    if parsed is not None and parsed.region is not None and parsed.year:
        existing = agreement_current_for(user=request.user, ags=parsed.region.ags,
                                         year=parsed.year)
    return render(request, "agreements/import.html", {
        "form": form, "parsed": parsed, "problems": problems, "token": token,
        "filename": Path(filename).name, "existing": existing},
        status=400 if request.method == "POST" and (form.errors or problems) else 200)


@access(MINISTRY)
def template_edit(request, year: int):
    py = ProgrammeYear.objects.filter(year=year).first()
    if py is None:
        raise Http404("Programmjahr nicht gefunden.")
    current = template_current(py)
    from . import default_template

    clauses = current.clauses if current else default_template.CLAUSES
    form = TemplateForm(request.POST or None, clauses=clauses, initial={
        "purpose": current.purpose if current else default_template.PURPOSE})
    if request.method == "POST" and form.is_valid():
        try:
            tpl = services.template_save(actor=request.user, programme_year=py,
                                         clauses=form.clauses(),
                                         purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Vorlage gespeichert (Fassung {tpl.version}). Neue "
                                      "Entwürfe verwenden diese Fassung.")
            return redirect("agreements:template", year=py.year)
    return render(request, "agreements/template_edit.html", {
        "py": py, "form": form, "current": current,
        "placeholders": default_template.PLACEHOLDERS},
        status=400 if request.method == "POST" else 200)
