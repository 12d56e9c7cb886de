"""Error pages in German and KERN style (handler400/403/404/500, CSRF failure).

Visitors never see Django's debug page: `make run` serves with DEBUG off (docs/decisions.md).
The 500 page renders without the request's context processors, so it still shows when the
database or a context processor is what failed.

When the database cannot be reached (server down, connection lost, too many connections) the
error is not the application's: the visitor gets a 503 page saying so, with `Retry-After`,
rendered without touching the database. Django closes the broken connection at the end of the
request (and checks a kept one at the start of the next: CONN_HEALTH_CHECKS), so the
application works again by itself as soon as the database is back."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc` says the database cannot be reached or answered with a transient error
    (as opposed to a fault of the code, like a wrong query)."""
    return isinstance(exc, (OperationalError, InterfaceError))


def service_unavailable() -> HttpResponse:
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired form or blocked cookies, explained without jargon."""
    return render(request, "403_csrf.html", status=403)
