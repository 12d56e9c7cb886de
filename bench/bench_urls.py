"""URLs of the public-pages benchmark: the application's URLs plus `bench/bare/`, a bare
Django view with a small response (the yardstick of bench/public_pages.py). Only
bench/bench_settings.py names this module; the application's URLs never include it."""

from django.http import HttpResponse
from django.urls import path

from aqb.accounts.policy import PUBLIC, access
from aqb.urls import handler400, handler403, handler404, handler500  # noqa: F401
from aqb.urls import urlpatterns as app_urlpatterns


@access(PUBLIC)
def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *app_urlpatterns]
