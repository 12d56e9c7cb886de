"""Second-factor pages: verify at login, set up, own status, the ministry's reset."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.middleware.csrf import rotate_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from aqb.accounts.policy import LOGIN, MINISTRY, access
from aqb.ui.forms import apply_service_errors

from . import services
from .forms import CodeForm


def _step_up(request, device) -> None:
    """The second factor raises the session's privilege: new session key and CSRF token, as
    Django's login does for the password step (no session fixation across the step)."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "/"


@access(LOGIN)
def verify(request):
    user = request.user
    if user.is_verified() or not services.two_factor_active(user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_throttled(user):
            form.add_error("code", "Zu viele falsche Codes. Bitte warten Sie einen Moment und "
                                   "versuchen Sie es dann erneut.")
            return render(request, "twofactor/verify.html",
                          {"form": form, "next": _next(request)}, status=400)
        device = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _step_up(request, device)
            if device.name == services.CODES_NAME:
                left = services.backup_codes_left(user)
                messages.warning(request, f"Sie haben einen Notfallcode verbraucht; es bleiben "
                                          f"{left}. Neue Codes gibt es unter „Zwei-Faktor“.")
            return redirect(_next(request))
        form.add_error("code", "Der Code stimmt nicht. Bitte den aktuellen Code aus der App "
                                   "oder einen unverbrauchten Notfallcode eingeben.")
    return render(request, "twofactor/verify.html", {"form": form, "next": _next(request)},
                  status=400 if form.errors else 200)


def _qr_svg(url: str) -> str:
    """The QR code as inline SVG markup (no external image, no data: URI)."""
    return segno.make(url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="QR-Code für die Authenticator-App")


SETUP_KEY = "aqb_totp_setup_key"


@access(LOGIN)
def setup(request):
    user = request.user
    if services.two_factor_active(user) and not user.is_verified():
        return redirect("twofactor:verify")
    key = request.session.get(SETUP_KEY) or services.totp_new_key()
    request.session[SETUP_KEY] = key  # a reload shows the same QR code; nothing is stored
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_confirm(actor=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            del request.session[SETUP_KEY]
            _step_up(request, TOTPDevice.objects.get(user=user, confirmed=True))
            return render(request, "twofactor/codes.html", {"codes": codes,
                                                            "next": _next(request)})
    device = services.totp_unsaved(user=user, key=key)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "twofactor/setup.html", {
        "form": form, "qr": mark_safe(_qr_svg(device.config_url)), "next": _next(request),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "required": services.two_factor_required(user),
    }, status=400 if form.errors else 200)


@access(LOGIN)
def status(request):
    user = request.user
    return render(request, "twofactor/status.html", {
        "active": services.two_factor_active(user),
        "required": services.two_factor_required(user),
        "codes_left": services.backup_codes_left(user),
    })


@access(LOGIN)
@require_POST
def codes_renew(request):
    try:
        codes = services.backup_codes_renew(actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("twofactor:status")
    return render(request, "twofactor/codes.html", {"codes": codes, "next": "/"})


@access(LOGIN)
@require_POST
def disable(request):
    try:
        services.two_factor_disable(actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Die Zwei-Faktor-Anmeldung ist ausgeschaltet.")
    return redirect("twofactor:status")


@access(MINISTRY)
def reset(request, pk: int):
    account = get_object_or_404(get_user_model(), pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.two_factor_reset(actor=request.user, user=account)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Die Zwei-Faktor-Anmeldung von {account.username} ist "
                                      "zurückgesetzt; bei der nächsten Anmeldung wird sie neu "
                                      "eingerichtet.")
            return redirect("accounts:user_detail", account.pk)
    return render(request, "twofactor/reset.html", {
        "account": account, "active": services.two_factor_active(account), "error": error,
    }, status=400 if error else 200)
