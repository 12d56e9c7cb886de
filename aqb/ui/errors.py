"""Error pages in German and KERN style (handler400/403/404/500, CSRF failure).

Visitors never see Django's debug page: `make run` serves with DEBUG off (docs/decisions.md).
The 500 page renders without the request's context processors, so it still shows when the
database or a context processor is what failed."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired form or blocked cookies, explained without jargon."""
    return render(request, "403_csrf.html", status=403)
