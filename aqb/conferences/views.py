"""Conference pages (/tagungen/): the list, a conference with its programme, places and
documents; the ministry creates and edits, registers people, marks attendance and uploads
documents; the state and the regions register themselves and cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, REGION_EDIT, access
from aqb.ui.forms import apply_service_errors, confirm_page, form_page

from . import selectors, services
from .files import serve_document
from .forms import (
    ConferenceForm,
    DocumentForm,
    ProgrammeForm,
    RegisterForm,
    RegisterOtherForm,
)
from .models import Conference, ConferenceDocument, ConferenceStatus, RegistrationStatus
from .selectors import REGISTRATION


def _seeing(user) -> None:
    """Conferences are for the state and the regions; providers are refused."""
    if not selectors.may_see_conferences(user=user):
        raise PermissionDenied("Tagungen sehen das Land und die Gebietskörperschaften.")


def _conference(user, pk: int) -> Conference:
    _seeing(user)
    return get_object_or_404(Conference, pk=pk)


def _url(conference: Conference) -> str:
    return reverse("conferences:detail", args=[conference.pk])


@access(LOGIN)
def index(request):
    _seeing(request.user)
    return render(request, "conferences/index.html", {
        "conferences": selectors.conference_list(user=request.user),
        "may_edit": policy.is_ministry(request.user)})


@access(LOGIN)
def detail(request, conference: int):
    conf = _conference(request.user, conference)
    user = request.user
    rows = list(selectors.conference_registrations(user=user, conference=conf))
    own = selectors.registration_own(user=user, conference=conf)
    return render(request, "conferences/detail.html", {
        "conference": conf, "programme": conf.programme.all(),
        "documents": conf.documents.all(),
        "counts": selectors.conference_counts(user=user, conference=conf),
        "placed": [r for r in rows if r.status == RegistrationStatus.REGISTERED],
        "waiting": [r for r in rows if r.status == RegistrationStatus.WAITING],
        "own": own, "may_edit": policy.is_ministry(user),
        "may_register": own is None and conf.status == ConferenceStatus.OPEN
        and (policy.is_ministry(user) or (bool(policy.principal(user).region_ids)
                                          and timezone.localdate()
                                          <= conf.registration_deadline)),
        "cancellable": {r.pk for r in rows if services.can_cancel(user, r)},
        "sees_all": policy.is_staff_of_state(user),
        "begun": timezone.now() >= conf.starts_at})


def _data(form) -> services.ConferenceData:
    return services.ConferenceData(**{f: form.cleaned_data[f] for f in services.FIELDS})


@access(MINISTRY)
def create(request):
    form = ConferenceForm(request.POST or None)
    created = {}

    def save(f):
        created["c"] = services.conference_save(actor=request.user, data=_data(f))

    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Tagung angelegt. Jetzt das Programm eintragen.")
            return redirect("conferences:programme", conference=created["c"].pk)
    return render(request, "form_page.html", {
        "form": form, "title": "Tagung anlegen", "cancel_url": reverse("conferences:index")},
        status=400 if request.method == "POST" else 200)


@access(MINISTRY)
def edit(request, conference: int):
    conf = get_object_or_404(Conference, pk=conference)
    initial = {f: getattr(conf, f) for f in services.FIELDS}
    initial["starts_at"] = timezone.localtime(conf.starts_at)
    initial["ends_at"] = timezone.localtime(conf.ends_at)
    form = ConferenceForm(request.POST or None, initial=initial)
    return form_page(request, form=form, title=f"{conf} bearbeiten",
                     save=lambda f: services.conference_save(actor=request.user, data=_data(f),
                                                             conference=conf),
                     success="Tagung gespeichert.", target=_url(conf))


@access(MINISTRY)
def programme(request, conference: int):
    conf = get_object_or_404(Conference, pk=conference)
    text = "\n".join(f"{i.time:%H:%M} | {i.title}" + (f" | {i.speaker}" if i.speaker else "")
                     for i in conf.programme.all())
    form = ProgrammeForm(request.POST or None, initial={"programme": text})
    return form_page(request, form=form, title=f"Programm: {conf}",
                     save=lambda f: services.programme_set(
                         actor=request.user, conference=conf, text=f.cleaned_data["programme"]),
                     success="Programm gespeichert.", target=_url(conf))


@access(LOGIN)
def register(request, conference: int):
    conf = _conference(request.user, conference)
    form = RegisterForm(request.POST or None)
    done = {}

    def save(f):
        done["r"] = services.registration_create(actor=request.user, conference=conf,
                                                 note=f.cleaned_data["note"])

    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            reg = done["r"]
            messages.success(request, "Sie sind angemeldet." if reg.status ==
                             RegistrationStatus.REGISTERED else
                             f"Alle Plätze sind vergeben: Sie stehen auf der Warteliste "
                             f"(Platz {reg.position}).")
            return redirect(_url(conf))
    return render(request, "form_page.html", {
        "form": form, "title": f"Anmelden: {conf}", "cancel_url": _url(conf),
        "submit_label": "Verbindlich anmelden",
        "intro": "Ist die Tagung ausgebucht, kommen Sie auf die Warteliste und rücken "
                 "automatisch nach, sobald ein Platz frei wird."},
        status=400 if request.method == "POST" else 200)


@access(MINISTRY)
def register_other(request, conference: int):
    conf = get_object_or_404(Conference, pk=conference)
    form = RegisterOtherForm(request.POST or None,
                             users=services.registrable_users_unscoped())
    return form_page(request, form=form, title=f"Person anmelden: {conf}",
                     save=lambda f: services.registration_create(
                         actor=request.user, conference=conf, user=f.cleaned_data["user"],
                         note=f.cleaned_data["note"]),
                     success="Anmeldung eingetragen.", target=_url(conf))


@access(REGION_EDIT, REGISTRATION)
def cancel(request, registration):
    if not services.can_cancel(request.user, registration):
        raise PermissionDenied("Diese Anmeldung stornieren nur die angemeldete Person, ihre "
                               "Gebietskörperschaft oder das Ministerium.")
    conf = registration.conference
    who = "Ihre Anmeldung" if registration.user_id == request.user.pk else \
        f"die Anmeldung von {registration.person}"
    return confirm_page(request, template="confirm.html",
                        context={"title": "Anmeldung stornieren", "subject": str(conf),
                                 "question": f"Möchten Sie {who} stornieren? Ein frei "
                                             "werdender Platz geht an die erste Person der "
                                             "Warteliste.",
                                 "confirm_label": "Anmeldung stornieren",
                                 "cancel_url": _url(conf)},
                        act=lambda: services.registration_cancel(actor=request.user,
                                                                 registration=registration),
                        success="Anmeldung storniert.", target=_url(conf))


@access(MINISTRY)
def attendance(request, conference: int):
    conf = get_object_or_404(Conference, pk=conference)
    rows = list(conf.registrations.filter(status=RegistrationStatus.REGISTERED)
                .select_related("user", "region").order_by("created_at", "pk"))
    error = None
    if request.method == "POST":
        try:
            chosen = {int(v) for v in request.POST.getlist("attended")}
            services.attendance_set(actor=request.user, conference=conf, attended=chosen)
        except ValueError:
            error = "Teilnahme: ungültige Auswahl."
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Teilnahme gespeichert.")
            return redirect(_url(conf))
    return render(request, "conferences/attendance.html", {
        "conference": conf, "rows": rows, "error": error,
        "begun": timezone.now() >= conf.starts_at}, status=400 if error else 200)


@access(MINISTRY)
def document_add(request, conference: int):
    conf = get_object_or_404(Conference, pk=conference)
    form = DocumentForm(request.POST or None, request.FILES or None)

    def save(f):
        upload = f.cleaned_data["file"]
        services.document_add(actor=request.user, conference=conf,
                              kind=f.cleaned_data["kind"], title=f.cleaned_data["title"],
                              content=upload.read(), filename=upload.name)

    return form_page(request, form=form, title=f"Dokument hochladen: {conf}", save=save,
                     success="Dokument hochgeladen.", target=_url(conf))


@access(LOGIN)
def document(request, document: int):
    _seeing(request.user)
    doc = get_object_or_404(ConferenceDocument, pk=document)
    return serve_document(doc)
