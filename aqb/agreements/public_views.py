"""Public pages: published agreements only, no login."""

from django.http import Http404
from django.shortcuts import render

from aqb.accounts.policy import PUBLIC, access

from .document import agreement_document
from .files import serve_stored_file
from .render.html import render_html_fragment
from .selectors import (
    published_allocation_comparison,
    published_get,
    published_list,
    published_replaced_by,
    version_date,
)


@access(PUBLIC)
def published_index(request):
    agreements = list(published_list())
    years = sorted({a.programme_year.year for a in agreements}, reverse=True)
    try:
        year = int(request.GET.get("jahr") or 0)
    except ValueError:
        year = 0
    if year not in years:
        year = 0
    shown = [y for y in years if not year or y == year]
    by_year = [(y, [a for a in agreements if a.programme_year.year == y]) for y in shown]
    return render(request, "agreements/public_index.html", {
        "by_year": by_year, "years": years, "year": year})


@access(PUBLIC)
def published_detail(request, pk: int):
    agreement = published_get(pk=pk)
    replacement = published_replaced_by(agreement)
    return render(request, "agreements/public_detail.html", {
        "agreement": agreement,
        "document_html": render_html_fragment(agreement_document(agreement), level=3),
        "comparison": published_allocation_comparison(agreement=agreement),
        "replaced_by": replacement,
        "replaced_by_date": version_date(replacement) if replacement else None,
    })


@access(PUBLIC)
def published_pdf(request, pk: int):
    agreement = published_get(pk=pk)
    if not agreement.signed_file:
        raise Http404("Kein unterzeichnetes Dokument.")
    return serve_stored_file(agreement)
