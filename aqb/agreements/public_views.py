"""Public pages: published agreements only, no login."""

from django.http import Http404
from django.shortcuts import render

from aqb.accounts.policy import PUBLIC, access

from .document import agreement_document
from .files import serve_stored_file
from .render.html import render_html_fragment
from .selectors import published_get, published_list


@access(PUBLIC)
def published_index(request):
    agreements = published_list()
    years = sorted({a.programme_year.year for a in agreements}, reverse=True)
    by_year = [(y, [a for a in agreements if a.programme_year.year == y]) for y in years]
    return render(request, "agreements/public_index.html", {"by_year": by_year})


@access(PUBLIC)
def published_detail(request, pk: int):
    agreement = published_get(pk=pk)
    return render(request, "agreements/public_detail.html", {
        "agreement": agreement,
        "document_html": render_html_fragment(agreement_document(agreement))})


@access(PUBLIC)
def published_pdf(request, pk: int):
    agreement = published_get(pk=pk)
    if not agreement.signed_file:
        raise Http404("Kein unterzeichnetes Dokument.")
    return serve_stored_file(agreement)
