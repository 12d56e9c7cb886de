"""Inbox, preferences and the calendar feed. The inbox shows only the user's own
notifications: a foreign or unknown number answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from aqb.accounts.policy import LOGIN, PUBLIC, access

from . import calendar, selectors, services
from .forms import PreferencesForm
from .mail import absolute


@access(LOGIN)
def inbox(request):
    page = Paginator(selectors.inbox(user=request.user), 50).get_page(request.GET.get("seite"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread": selectors.unread_count(user=request.user)})


def _own(request, pk: int):
    """The user's notification: loaded before the method is looked at, so another user's
    number answers 404 to every method."""
    n = get_object_or_404(selectors.inbox(user=request.user), pk=pk)
    if request.method != "POST":
        return None
    return n


@access(LOGIN)
def notification_open(request, pk: int):
    n = _own(request, pk)
    if n is None:
        return HttpResponseNotAllowed(["POST"])
    services.notification_mark_read(actor=request.user, notification=n)
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts=None):
        return redirect(n.url)
    return redirect("notifications:inbox")


@access(LOGIN)
def notification_read(request, pk: int):
    n = _own(request, pk)
    if n is None:
        return HttpResponseNotAllowed(["POST"])
    services.notification_mark_read(actor=request.user, notification=n)
    return redirect("notifications:inbox")


@access(LOGIN)
@require_POST
def all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, "Alle Benachrichtigungen sind als gelesen markiert.")
    return redirect("notifications:inbox")


def _preferences_page(request, form=None, *, calendar_url: str = "", status: int = 200):
    rows = selectors.preferences(user=request.user)
    return render(request, "notifications/preferences.html", {
        "form": form or PreferencesForm(rows=rows),
        "calendar_active": selectors.calendar_active(user=request.user),
        "calendar_url": calendar_url,
        "has_email": bool(request.user.email),
    }, status=status)


@access(LOGIN)
def preferences(request):
    if request.method != "POST":
        return _preferences_page(request)
    form = PreferencesForm(request.POST, rows=selectors.preferences(user=request.user))
    if not form.is_valid():
        return _preferences_page(request, form, status=400)
    try:
        services.preferences_set(actor=request.user, choices=form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _preferences_page(request, form, status=400)
    messages.success(request, "Ihre Benachrichtigungseinstellungen sind gespeichert.")
    return redirect("notifications:preferences")


@access(LOGIN)
@require_POST
def calendar_renew(request):
    token = services.calendar_token_renew(actor=request.user)
    url = absolute(reverse("notifications:feed", kwargs={"token": token}))
    return _preferences_page(request, calendar_url=url)


@access(LOGIN)
@require_POST
def calendar_delete(request):
    services.calendar_token_delete(actor=request.user)
    messages.success(request, "Die Kalenderadresse ist gelöscht; sie liefert keine Termine mehr.")
    return redirect("notifications:preferences")


@access(PUBLIC)
def feed(request, token: str):
    """The calendar of the user the secret token belongs to; 404 for any other token (the
    answer says nothing about which tokens exist)."""
    user = selectors.calendar_user_unscoped(token)
    if user is None:
        raise Http404("Diese Kalenderadresse gibt es nicht (mehr).")
    events = selectors.calendar_events(user=user, day=timezone.localdate())
    response = HttpResponse(calendar.ics(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="aqb-fristen.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
