"""Pages "what to do next": the authority's work list and a region's "Was ist zu tun", each
with exports of every section (and of the whole list) as XLSX and CSV."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from aqb.accounts.policy import REGION_OBJECT, STATE, access
from aqb.budgets.exports import FORMATS, Table, export_response
from aqb.regions.selectors import REGION

from . import worklists
from .worklists import PROOF_HORIZON_DAYS, Section

ALL = "alle"
COLUMNS = ("Bereich", "Art", "Vorgang", "Gebietskörperschaft", "AGS", "Fällig am", "Stand",
           "Status", "Betrag (Euro)", "Wartet seit", "Adresse")


def _horizon(request) -> int:
    value = request.GET.get("tage", "")
    return int(value) if value.isdigit() and 1 <= int(value) <= 365 else PROOF_HORIZON_DAYS


def _table(request, sections: list[Section], key: str, title: str, filename: str) -> Table:
    """One section (or all of them, `key` == "alle") as an export table."""
    chosen = sections if key == ALL else [s for s in sections if s.key == key]
    if not chosen:
        raise Http404("Unbekannte Liste.")
    rows = ([s.title, r.kind, r.subject, r.region.name, r.region.ags, r.due, r.state, r.status,
             r.amount, r.since, request.build_absolute_uri(r.url)]
            for s in chosen for r in s.rows)
    suffix = "" if key == ALL else f"-{key}"
    name = title if key == ALL else f"{title} – {chosen[0].title}"
    return Table(name, COLUMNS, rows, f"{filename}{suffix}")


def _export(request, sections, key, fmt, title, filename):
    if fmt not in FORMATS:
        raise Http404("Unbekanntes Format.")
    return export_response(_table(request, sections, key, title, filename), fmt)


@access(STATE)
def authority_worklist(request):
    horizon = _horizon(request)
    sections = worklists.authority_worklist(user=request.user, today=timezone.localdate(),
                                            horizon=horizon)
    return render(request, "funding/worklist.html", {
        "sections": sections, "horizon": horizon, "horizon_param": "tage" in request.GET,
        "total": sum(s.count for s in sections),
        "export_url": "/foerderung/arbeitsliste/export/"})


@access(STATE)
def authority_worklist_export(request, section: str, fmt: str):
    today = timezone.localdate()
    sections = worklists.authority_worklist(user=request.user, today=today,
                                            horizon=_horizon(request))
    return _export(request, sections, section, fmt, "Arbeitsliste Bewilligungsbehörde",
                   f"arbeitsliste-{today:%Y-%m-%d}")


@access(REGION_OBJECT, REGION)
def region_tasks(request, region):
    horizon = _horizon(request)
    sections = worklists.region_worklist(user=request.user, region=region,
                                         today=timezone.localdate(), horizon=horizon)
    return render(request, "funding/region_tasks.html", {
        "region": region, "sections": sections, "horizon": horizon,
        "horizon_param": "tage" in request.GET,
        "total": sum(s.count for s in sections),
        "export_url": f"/foerderung/{region.ags}/aufgaben/export/"})


@access(REGION_OBJECT, REGION)
def region_tasks_export(request, region, section: str, fmt: str):
    today = timezone.localdate()
    sections = worklists.region_worklist(user=request.user, region=region, today=today,
                                         horizon=_horizon(request))
    return _export(request, sections, section, fmt, f"Was ist zu tun – {region.name}",
                   f"aufgaben-{region.ags}-{today:%Y-%m-%d}")
