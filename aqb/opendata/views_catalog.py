"""/opendata/catalog.ttl and /opendata/catalog.jsonld: the DCAT-AP.de catalogue
(docs/opendata-catalog.md). Public, cached like the files (ETag, Last-Modified, 304), open to
other sites' scripts (CORS)."""

from __future__ import annotations

import functools

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from aqb.accounts.policy import PUBLIC, access

from .cache import public_cache
from .catalog import base_url, catalog_jsonld, catalog_turtle

TURTLE = "text/turtle; charset=utf-8"
JSONLD = "application/ld+json"


def cors_open(view):
    """`Access-Control-Allow-Origin: *` on every answer of a public GET view (also 304)."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return wrapper


def _answer(body: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access(PUBLIC)
@require_safe
@cors_open
@public_cache(files=True)
def catalog_ttl(request):
    return _answer(catalog_turtle(base_url(request)), TURTLE)


@access(PUBLIC)
@require_safe
@cors_open
@public_cache(files=True)
def catalog_jsonld_view(request):
    return _answer(catalog_jsonld(base_url(request)), JSONLD)
