"""The project's URLs and handlers, plus views that fail on purpose (error page tests)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.urls import path

from aqb.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _bad(request):
    raise BadRequest("kaputt")


def _denied(request):
    raise PermissionDenied


def _missing(request):
    raise Http404


def _broken(request):
    raise RuntimeError("Absturz zum Test")


urlpatterns = [
    path("fehler/400/", _bad),
    path("fehler/403/", _denied),
    path("fehler/404/", _missing),
    path("fehler/500/", _broken),
    *urlpatterns,
]
