"""Who calls: a personal API token (`Authorization: Bearer …`) or the browser's session.

The session path checks CSRF for writes (ninja's SessionAuth). Both yield `request.user`, so
every endpoint applies the same policy as the pages.
"""

from ninja.security import HttpBearer, SessionAuth

from .services import token_authenticate


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [TokenAuth(), ActiveSessionAuth()]
