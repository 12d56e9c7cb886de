"""HTTP around the public API (`/api/v1/public/`): CORS, rate limit and caching.

`aqb/api/urls.py` wraps the URL callback of every public endpoint with `public_endpoint`:
- OPTIONS is a CORS preflight, answered at once (no counting, no database);
- GET and HEAD are counted per client (`ratelimit.rate_check`); beyond the limit 429 with a
  German problem body and Retry-After;
- then `aqb.opendata.cache.public_cache(files=True)`: ETag and Last-Modified from the data
  version, 304 on a matching If-None-Match / If-Modified-Since, the response cached per
  (path with query, version) for everyone (the public API does not depend on who asks);
- every answer (also 304, 404, 422, 429) carries `Access-Control-Allow-Origin: *`, never
  credentials. The token API gets none of this.
HEAD runs as GET; the server (gunicorn, runserver) sends no body for HEAD.
"""

from __future__ import annotations

import functools

from aqb.opendata.cache import public_cache

from .errors import problem
from .ratelimit import rate_check

METHODS = "GET, HEAD, OPTIONS"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
}
PREFLIGHT = {
    "Access-Control-Allow-Methods": METHODS,
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Language, "
                                    "If-None-Match, If-Modified-Since, Cache-Control",
    "Access-Control-Max-Age": "86400",
}


def cors(response):
    for name, value in CORS.items():
        response[name] = value
    return response


def preflight():
    from django.http import HttpResponse

    response = HttpResponse(status=204)
    response["Allow"] = METHODS
    for name, value in PREFLIGHT.items():
        response[name] = value
    return cors(response)


def too_many(verdict):
    seconds = verdict.retry_after
    response = problem(429, f"Zu viele Anfragen: Die öffentliche Schnittstelle beantwortet "
                            f"höchstens {verdict.limit} Anfragen je Minute und Client. Bitte "
                            f"in {seconds} Sekunde{'' if seconds == 1 else 'n'} erneut "
                            f"versuchen.")
    response["Retry-After"] = str(seconds)
    return response


def public_endpoint(view):
    """Wrap the URL callback of a public endpoint (see the module's doc)."""
    cached = public_cache(view, files=True)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight()
        if request.method not in ("GET", "HEAD"):
            response = problem(405, "Die öffentliche Schnittstelle kann nur gelesen werden "
                                    f"({METHODS}).")
            response["Allow"] = METHODS
            return cors(response)
        verdict = rate_check(request)
        if not verdict.allowed:
            return cors(too_many(verdict))
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = cached(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        return cors(response)

    return wrapper
