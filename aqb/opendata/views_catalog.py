"""/opendata/catalog.ttl and /opendata/catalog.jsonld: the DCAT-AP.de catalogue
(docs/opendata.md). Public, cached like the files (ETag, Last-Modified, 304), open to
other sites' scripts (CORS)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from aqb.accounts.policy import PUBLIC, access

from .cache import public_cache
from .catalog import base_url, catalog_jsonld, catalog_turtle
from .views_files import open_to_all_origins

TURTLE = "text/turtle; charset=utf-8"
JSONLD = "application/ld+json"


def _answer(body: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access(PUBLIC)
@open_to_all_origins
@require_safe
@public_cache(files=True)
def catalog_ttl(request):
    return _answer(catalog_turtle(base_url(request)), TURTLE)


@access(PUBLIC)
@open_to_all_origins
@require_safe
@public_cache(files=True)
def catalog_jsonld_view(request):
    return _answer(catalog_jsonld(base_url(request)), JSONLD)
