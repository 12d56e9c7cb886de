"""Public responses served from cache, invalidated when the data change (docs/opendata.md).

Every change of money, status or publication leaves an audit entry, so the newest entry of the
audit chain (its running number and time) is the version of all public data: one indexed
query per request. A public response is cached under (path, query, version); any audited
change gives a new version, so no stale page is served and nothing needs to be deleted (old
entries age out). The same version gives the ETag and the Last-Modified of the response, and
a matching If-None-Match or If-Modified-Since is answered with 304 before the view runs.

Only anonymous requests are cached: a logged-in user's page carries the user's navigation.
Downloads (`files=True`) are the same for everyone and are cached for all.
"""

from __future__ import annotations

import datetime
import functools
import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from aqb.audit.models import AuditEntry

TIMEOUT = 24 * 3600
PREFIX = "aqb-public"


def data_version() -> tuple[int, datetime.datetime | None]:
    """(running number, time) of the newest audit entry; (0, None) in an empty system."""
    row = AuditEntry.objects.order_by("-seq").values_list("seq", "created_at").first()
    return row if row else (0, None)


def etag_for(request, version: int) -> str:
    raw = f"{version}|{request.get_full_path()}".encode()
    return quote_etag(hashlib.sha256(raw).hexdigest()[:32])


def _opaque(tag: str) -> str:
    """The tag without the weak marker: If-None-Match compares weakly (RFC 9110 13.1.2), and
    a proxy that compresses may have turned the ETag into a weak one."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def _not_modified(request, etag: str, last_modified: int | None) -> bool:
    inm = request.headers.get("If-None-Match")
    if inm is not None:
        return inm.strip() == "*" or _opaque(etag) in [_opaque(t) for t in inm.split(",")]
    ims = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(last_modified and ims and last_modified <= ims)


def stamp(response: HttpResponse, etag: str, last_modified: int | None) -> HttpResponse:
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def _personal(request, response) -> bool:
    """A response that carries something of this visitor (a cookie, or a CSRF token the page
    used) is never shared with others."""
    return bool(response.cookies) or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def public_cache(view=None, *, files: bool = False):
    """Decorator for public GET views: 304 on a matching validator, else the cached response
    of this version, else the view's response (cached if 200)."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            seq, when = data_version()
            last_modified = int(when.timestamp()) if when else None
            etag = etag_for(request, seq)
            if _not_modified(request, etag, last_modified):
                return stamp(HttpResponseNotModified(), etag, last_modified)
            # downloads are the same for everyone (and the user is not even looked at)
            use_cache = files or not request.user.is_authenticated
            # the catalogue and some pages hold absolute links: the host is part of the key
            where = f"{request.get_host()}{request.get_full_path()}"
            key = f"{PREFIX}:{seq}:{hashlib.sha256(where.encode()).hexdigest()}"
            if use_cache:
                cached = cache.get(key)
                if cached is not None:
                    return stamp(cached, etag, last_modified)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False):
                return response
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if use_cache and not _personal(request, response):
                cache.set(key, response, TIMEOUT)
            return stamp(response, etag, last_modified)
        return wrapper
    return decorate(view) if view is not None else decorate
