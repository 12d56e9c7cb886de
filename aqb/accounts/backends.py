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
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import LoginFailure


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


def login_is_throttled(username: str, ip: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    key = name_hash(username)
    if ip is not None:
        if recent.filter(ip=ip, name_hash=key).count() >= settings.AQB_LOGIN_MAX_FAILURES:
            return True
        if recent.filter(ip=ip).count() >= settings.AQB_LOGIN_MAX_FAILURES_PER_ADDRESS:
            return True
    addresses = recent.filter(name_hash=key).values("ip").distinct().count()
    return addresses >= settings.AQB_LOGIN_ATTACK_ADDRESSES


def login_failure_record(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(name_hash=name_hash(username), ip=ip, at=timezone.now())


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
        else:
            login_failures_clear(username=username, ip=ip)
        return user
