"""Sessions of state staff end after a working day, counted from login.

Every session ends when the browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE). A ministry or
authority login additionally gets an absolute end, `AQB_STATE_SESSION_SECONDS` after login:
activity does not extend it. A session past its end is logged out and sent to the login page.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver

from . import policy

SESSION_END_KEY = "aqb_session_end"


@receiver(user_logged_in)
def _session_end_set(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if policy.is_staff_of_state(user):
        request.session[SESSION_END_KEY] = int(time.time()) + settings.AQB_STATE_SESSION_SECONDS
    else:
        request.session.pop(SESSION_END_KEY, None)


class SessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        end = request.session.get(SESSION_END_KEY) if hasattr(request, "session") else None
        if end is not None and time.time() >= end and request.user.is_authenticated:
            logout(request)
            messages.info(request, "Ihre Sitzung ist nach einem Arbeitstag abgelaufen. Bitte "
                                   "melden Sie sich erneut an.")
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
