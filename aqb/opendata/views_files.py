"""/opendata/: the page listing the open datasets, their files and Data Package descriptors.

Files and descriptors are the same for everyone, served from the public cache
(`public_cache(files=True)`) and open to scripts of other sites (`Access-Control-Allow-Origin:
*`, also on 304). CSV and XLSX are attachments; JSON and `datapackage.json` are served inline
(our own generated data, not uploads; a browser shows them, a script reads them).
"""

from __future__ import annotations

import functools

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from aqb.accounts.policy import PUBLIC, access
from aqb.regions.models import Region
from aqb.ui.downloads import attachment

from . import files
from .cache import public_cache
from .datasets import FORMATS, dataset_get, datasets, file_url, package_url
from .selectors import public_years

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": FORMATS["xlsx"][0],
}
INLINE = {"json"}
FORMAT_LABELS = {"csv": "CSV", "json": "JSON", "xlsx": "Excel (XLSX)"}


def open_to_all_origins(view):
    """`Access-Control-Allow-Origin: *` on every answer of the view (also 304): researchers
    fetch the files from notebooks and web pages of other sites. No cookies are involved."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Content-Disposition"
        return response
    return wrapper


@access(PUBLIC)
@open_to_all_origins
@require_safe
@public_cache(files=True)
def data_file(request, slug: str, file: str):
    wanted = files.file_request(slug, file)
    response = HttpResponse(files.render(wanted), content_type=MEDIA_TYPES[wanted.fmt])
    return attachment(response, wanted.name, inline=wanted.fmt in INLINE)


@access(PUBLIC)
@open_to_all_origins
@require_safe
@public_cache(files=True)
def data_package(request, slug: str):
    dataset = dataset_get(slug)
    response = HttpResponse(files.datapackage_bytes(dataset), content_type="application/json")
    return attachment(response, "datapackage.json", inline=True)


@access(PUBLIC)
@require_safe
@public_cache
def index(request):
    years = public_years()
    regions = list(Region.objects.order_by("ags"))
    entries = []
    for dataset in datasets():
        scopes = ([(str(y), y) for y in years] if dataset.per_year else []) + \
            [("alle veröffentlichten Jahre", None)]
        entries.append({
            "dataset": dataset,
            "files": [{"label": label, "links": [
                {"fmt": fmt, "label": FORMAT_LABELS[fmt], "url": file_url(dataset, fmt, year=y)}
                for fmt in FORMATS]} for label, y in scopes],
            "package": package_url(dataset),
            "region_files": [{"region": r, "links": [
                {"fmt": fmt, "url": file_url(dataset, fmt, ags=r.ags)} for fmt in FORMATS]}
                for r in regions],
        })
    return render(request, "opendata/index.html", {
        "entries": entries, "years": years, "license": files.LICENSE,
        "regions": regions, "formats": FORMAT_LABELS})
