"""Who calls: a personal API token (`Authorization: Bearer …`) or the browser's session.

The session path checks CSRF for writes (ninja's SessionAuth). Both yield `request.user`, so
every endpoint applies the same policy as the pages.
"""

from django.conf import settings
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from aqb.accounts.backends import client_ip, token_failure_record, token_is_throttled

from .services import token_authenticate


class TokenAuth(HttpBearer):
    """A bearer token. An address that sent too many tokens matching no valid one within the
    login window is refused (429) for every token until the window has passed: guessing is
    hopeless with 32 random bytes, but the limit keeps a scanner from costing the database."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        ip = client_ip(request)
        if token_is_throttled(ip):
            minutes = settings.AQB_LOGIN_WINDOW_SECONDS // 60
            raise HttpError(429, f"Zu viele ungültige API-Token von dieser Adresse. Bitte in "
                                 f"{minutes} Minuten erneut versuchen.")
        user = token_authenticate(token)
        if user is None:
            token_failure_record(ip=ip)
            return None
        request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [TokenAuth(), ActiveSessionAuth()]
