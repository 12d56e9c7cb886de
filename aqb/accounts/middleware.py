"""Sessions of state staff end after a working day and after a pause; first passwords change.

Every session ends when the browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE). A ministry or
authority login additionally gets
- an absolute end, `AQB_STATE_SESSION_SECONDS` after login: activity does not extend it;
- an idle end, `AQB_STATE_SESSION_IDLE_SECONDS` after the last request. The time of the last
  request is written at most once a minute (`SEEN_GRANULARITY`), not on every request. A
  request that carries the header `X-AQB-Background: 1` (htmx polling of a job's progress,
  set with hx-headers on the polling element) is checked but does not count as activity, so
  a page left open does not keep the session alive.
A session past either end is logged out and sent to the login page with a German message.

`PasswordChangeGate`: an account whose password was set by someone else (`aqb user_add`, the
ministry) reaches only the password change, the second-factor pages and logout until its
holder has chosen a new password.
"""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from . import policy

SESSION_END_KEY = "aqb_session_end"
SESSION_SEEN_KEY = "aqb_session_seen"
SEEN_GRANULARITY = 60
BACKGROUND_HEADER = "HTTP_X_AQB_BACKGROUND"

ENDED_DAY = "Ihre Sitzung ist nach einem Arbeitstag abgelaufen. Bitte melden Sie sich erneut an."


def idle_message() -> str:
    minutes = settings.AQB_STATE_SESSION_IDLE_SECONDS // 60
    return (f"Ihre Sitzung ist nach {minutes} Minuten ohne Aktivität abgelaufen. Bitte melden "
            "Sie sich erneut an.")


@receiver(user_logged_in)
def _session_end_set(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if policy.is_staff_of_state(user):
        now = int(time.time())
        request.session[SESSION_END_KEY] = now + settings.AQB_STATE_SESSION_SECONDS
        request.session[SESSION_SEEN_KEY] = now
    else:
        request.session.pop(SESSION_END_KEY, None)
        request.session.pop(SESSION_SEEN_KEY, None)


class SessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or not request.user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        end = session.get(SESSION_END_KEY)
        seen = session.get(SESSION_SEEN_KEY)
        message = None
        if end is not None and now >= end:
            message = ENDED_DAY
        elif seen is not None and now - seen >= settings.AQB_STATE_SESSION_IDLE_SECONDS:
            message = idle_message()
        if message:
            logout(request)
            messages.info(request, message)
            return redirect_to_login(request.get_full_path())
        if (end is not None and request.META.get(BACKGROUND_HEADER) != "1"
                and (seen is None or now - seen >= SEEN_GRANULARITY)):
            session[SESSION_SEEN_KEY] = int(now)
        return self.get_response(request)


# --- first password ---------------------------------------------------------------------------

OPEN_PREFIXES = ("/static/", "/favicon.ico")
# Reachable while the password must change: the change itself, logout, and the second factor
# (which comes first for state staff: the gate of aqb.twofactor runs before this one).
OPEN_URL_NAMES = ("password_change", "logout", "twofactor:verify", "twofactor:setup")


def _open_paths() -> set[str]:
    paths = set()
    for name in OPEN_URL_NAMES:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:  # pragma: no cover - an app left out of a deployment
            pass
    return paths


class PasswordChangeGate:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is None or not user.is_authenticated
                or not getattr(user, "must_change_password", False)):
            return self.get_response(request)
        path = request.path
        if path in _open_paths() or path.startswith(OPEN_PREFIXES + (settings.STATIC_URL,)):
            return self.get_response(request)
        return redirect(f"{reverse('password_change')}?next={quote(request.get_full_path())}")
