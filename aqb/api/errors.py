"""Errors as RFC 9457 problem details (`application/problem+json`) with a German `detail`."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from aqb.ui.errors import RETRY_AFTER_SECONDS, database_unavailable

log = logging.getLogger("aqb.api")

PROBLEM = "application/problem+json"
TITLES = {400: "Ungültige Anfrage", 401: "Nicht angemeldet", 403: "Keine Berechtigung",
          404: "Nicht gefunden", 405: "Methode nicht erlaubt", 422: "Ungültige Angaben",
          429: "Zu viele Anfragen", 500: "Interner Fehler",
          503: "Vorübergehend nicht erreichbar"}

# pydantic error types in German; anything else falls back to a general sentence.
_MESSAGES = {
    "missing": "Pflichtangabe fehlt.",
    "int_parsing": "Bitte eine ganze Zahl angeben.",
    "int_type": "Bitte eine ganze Zahl angeben.",
    "greater_than_equal": "Der Wert ist zu klein (mindestens {ge}).",
    "less_than_equal": "Der Wert ist zu groß (höchstens {le}).",
    "greater_than": "Der Wert muss größer als {gt} sein.",
    "less_than": "Der Wert muss kleiner als {lt} sein.",
    "string_pattern_mismatch": "Das Format stimmt nicht (erwartet: {pattern}).",
    "string_too_long": "Höchstens {max_length} Zeichen.",
    "string_too_short": "Mindestens {min_length} Zeichen.",
    "string_type": "Bitte einen Text angeben.",
    "decimal_parsing": "Bitte einen Betrag angeben, z. B. 1234.56.",
    "bool_parsing": "Bitte true oder false angeben.",
    "date_from_datetime_parsing": "Bitte ein Datum wie 2025-05-02 angeben.",
    "date_parsing": "Bitte ein Datum wie 2025-05-02 angeben.",
    "date_type": "Bitte ein Datum wie 2025-05-02 angeben.",
    "json_invalid": "Der Inhalt ist kein gültiges JSON.",
    "model_attributes_type": "Der Inhalt hat nicht die erwartete Form.",
}


# django-ninja's SessionAuth refuses a write over the browser session without the CSRF token
# with this English text; the answer says it in German (and keeps the word CSRF for scripts).
NINJA_CSRF = "CSRF check Failed"
CSRF_DETAIL = ("CSRF-Prüfung fehlgeschlagen: Schreibende Anfragen mit der Browsersitzung "
               "brauchen das CSRF-Token (Kopfzeile „X-CSRFToken“). Bitte die Seite neu laden; "
               "Skripte melden sich mit einem API-Token an.")


def problem(status: int, detail: str, **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Fehler"), "status": status,
            "detail": detail, **extra}
    response = JsonResponse(body, status=status, content_type=PROBLEM,
                            json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="aqb"'
    return response


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header", "cookie")]
    return ".".join(parts) or "Anfrage"


def _message(err: dict) -> str:
    template = _MESSAGES.get(err.get("type", ""))
    if template is None:
        return "Der Wert ist ungültig."
    try:
        return template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split(" (")[0]


def install(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def validation(request, exc):
        errors = [{"field": _field(e.get("loc", ())), "detail": _message(e)} for e in exc.errors]
        first = errors[0] if errors else {"field": "Anfrage", "detail": "Ungültige Angaben."}
        return problem(422, f"{first['field']}: {first['detail']}", errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return problem(401, "Bitte mit einem gültigen API-Token anmelden "
                            "(Kopfzeile „Authorization: Bearer <Token>“).")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, str(exc) if str(exc) else "Nicht gefunden.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem(403, "Dafür fehlt die Berechtigung.")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 403 and str(exc) == NINJA_CSRF:
            return problem(403, CSRF_DETAIL)
        return problem(exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        if database_unavailable(exc):
            log.error("API bei %s %s: Datenbank nicht erreichbar (%s)", request.method,
                      request.path, exc)
            response = problem(503, "Die Datenbank ist gerade nicht erreichbar. Bitte "
                                    "versuchen Sie es in einigen Minuten erneut.")
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        log.exception("API-Fehler bei %s %s", request.method, request.path)
        return problem(500, "Ein interner Fehler ist aufgetreten. Er wurde protokolliert.")
