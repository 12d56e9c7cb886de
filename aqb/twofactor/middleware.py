"""The gate after the password: a user with a second factor, or one for whom it is mandatory,
reaches nothing but the second-factor pages and logout until the session is verified."""

from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .services import two_factor_active, two_factor_required

OPEN_PREFIXES = ("/static/", "/favicon.ico")


class TwoFactorGate:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        path = request.path
        open_paths = {reverse("twofactor:verify"), reverse("twofactor:setup"), reverse("logout")}
        if path in open_paths or path.startswith(OPEN_PREFIXES + (settings.STATIC_URL,)):
            return self.get_response(request)
        target = None
        if two_factor_active(user):
            target = "twofactor:verify"
        elif two_factor_required(user):
            target = "twofactor:setup"
        if target is None:
            return self.get_response(request)
        return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
