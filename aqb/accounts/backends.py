"""Login with throttling by address and by account.

Three limits, each counted over failures within `AQB_LOGIN_WINDOW_SECONDS` (see
docs/decisions.md, "Login throttling"):

- pair: one address guessing one account is refused after `AQB_LOGIN_MAX_FAILURES`;
  the same account from another address is not affected, so strangers cannot lock anyone out;
- address: one address is refused for every name after `AQB_LOGIN_MAX_FAILURES_PER_ADDRESS`
  failures over all names (password spraying);
- account under heavy attack: when one account failed from `AQB_LOGIN_ATTACK_ADDRESSES`
  different addresses, it is refused from every address until the window has passed.

A failure stores a keyed hash of the typed name (never the name: a typo of a password in the
name field must not lie around in clear), the client address and the time. Rows older than the
window are removed on each failure.

The failure that starts a lockout is written to the audit chain ("Anmeldung vorübergehend
gesperrt", on the account if the name is one, without the address) and to the log
`aqb.security` (with the address; logs rotate, the chain is kept for ever).

Failed API tokens (`Authorization: Bearer …` that matches no valid token) are counted in the
same table under the fixed mark `TOKEN_MARK` instead of a name hash: one address is refused
token use after `AQB_TOKEN_MAX_FAILURES_PER_ADDRESS` failures in the window
(docs/security.md). They do not count towards the login limits, nor these towards them.
"""

import hashlib
import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import LoginFailure

log = logging.getLogger("aqb.security")
# name_hash of a failed API token: not 64 hex digits, so no typed name's hash can equal it.
TOKEN_MARK = "api-token"
REASONS = {
    "pair": "zu viele Fehlversuche für dieses Konto von einer Adresse",
    "address": "zu viele Fehlversuche von einer Adresse",
    "account": "Fehlversuche für dieses Konto von zu vielen Adressen",
}

def _window_start():
    return timezone.now() - timedelta(seconds=settings.AQB_LOGIN_WINDOW_SECONDS)


def name_hash(username: str) -> str:
    """Keyed hash of a typed user name (case and surrounding blanks ignored)."""
    key = (username or "").strip().lower()
    return hmac.new(settings.SECRET_KEY.encode(), b"aqb-login:" + key.encode(),
                    hashlib.sha256).hexdigest()


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind `AQB_TRUSTED_PROXIES` reverse proxies, the
    address the nearest untrusted hop put into X-Forwarded-For."""
    if request is None:
        return None
    proxies = getattr(settings, "AQB_TRUSTED_PROXIES", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def throttle_reason(username: str, ip: str | None) -> str | None:
    """Which limit refuses this login ("pair", "address", "account"), or None."""
    recent = LoginFailure.objects.filter(at__gte=_window_start()).exclude(name_hash=TOKEN_MARK)
    key = name_hash(username)
    if ip is not None:
        if recent.filter(ip=ip, name_hash=key).count() >= settings.AQB_LOGIN_MAX_FAILURES:
            return "pair"
        if recent.filter(ip=ip).count() >= settings.AQB_LOGIN_MAX_FAILURES_PER_ADDRESS:
            return "address"
    addresses = recent.filter(name_hash=key).values("ip").distinct().count()
    return "account" if addresses >= settings.AQB_LOGIN_ATTACK_ADDRESSES else None


def login_is_throttled(username: str, ip: str | None) -> bool:
    return throttle_reason(username, ip) is not None


def _lockout_audit(username: str, ip: str | None, reason: str) -> None:
    """The failure that started a lockout: one entry in the chain, one line in the log."""
    from aqb.audit.services import audit_record

    from .models import User

    user = User._default_manager.filter(username=(username or "").strip()).first()
    why = REASONS[reason]
    minutes = settings.AQB_LOGIN_WINDOW_SECONDS // 60
    summary = f"Anmeldung für {minutes} Minuten gesperrt: {why}."
    if user is not None:
        audit_record(actor="System", action="Anmeldung vorübergehend gesperrt", obj=user,
                     summary=summary)
    else:
        audit_record(actor="System", action="Anmeldung vorübergehend gesperrt",
                     object_type="accounts.user", object_repr="unbekannter Benutzername",
                     summary=summary)
    log.warning("Anmeldung gesperrt (%s) für Adresse %s, Konto %s", reason, ip or "unbekannt",
                "vorhanden" if user is not None else "unbekannt")


def login_failure_record(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(name_hash=name_hash(username), ip=ip, at=timezone.now())


def token_is_throttled(ip: str | None) -> bool:
    """Too many failed API tokens from this address within the window."""
    recent = LoginFailure.objects.filter(at__gte=_window_start(), name_hash=TOKEN_MARK, ip=ip)
    return recent.count() >= settings.AQB_TOKEN_MAX_FAILURES_PER_ADDRESS


def token_failure_record(*, ip: str | None) -> None:
    """A bearer token that matched no valid token; the one that starts a lockout is logged."""
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(name_hash=TOKEN_MARK, ip=ip, at=timezone.now())
    if token_is_throttled(ip):
        recent = LoginFailure.objects.filter(at__gte=_window_start(), name_hash=TOKEN_MARK,
                                             ip=ip).count()
        if recent == settings.AQB_TOKEN_MAX_FAILURES_PER_ADDRESS:
            log.warning("API-Token gesperrt für Adresse %s: %s ungültige Token", ip or
                        "unbekannt", recent)


def login_failures_clear(*, username: str, ip: str | None) -> None:
    """After a correct password: forget this address's failures for this account only."""
    LoginFailure.objects.filter(name_hash=name_hash(username), ip=ip).delete()


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        ip = client_ip(request)
        if username and login_is_throttled(username, ip):
            # PermissionDenied stops Django from trying other backends.
            raise PermissionDenied("throttled")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if username:
                login_failure_record(username=username, ip=ip)
                reason = throttle_reason(username, ip)
                if reason is not None:  # this failure started the lockout
                    _lockout_audit(username, ip, reason)
        else:
            login_failures_clear(username=username, ip=ip)
        return user
