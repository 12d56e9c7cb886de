"""A stored agreement as data, in the shape `aqb agreement_import` prints for a document.

The API serves agreements in this shape, so that what a region's software reads from the API
and what the reader finds in the signed document can be compared field by field.
"""

from __future__ import annotations

from typing import Any

from aqb.german.money import quantize_money
from aqb.regions.selectors import granting_authority, ministry_on

from .document import agreement_date
from .models import Agreement
from .targets import targets_of


def _project(label: str, project) -> dict[str, str]:
    short = project.short_name or ""
    if short and short != project.name:
        return {"label": label, "short": short, "long": project.name}
    return {"label": label, "short": label, "long": label}


def agreement_data(agreement: Agreement) -> dict[str, Any]:
    """Year, ministry, region, budgets, measures with projects, authority, signatures,
    targets per project line and their sums per measure type and region."""
    ministry = agreement.ministry_name or ministry_on(agreement_date(agreement)).name
    authority = granting_authority()
    budgets = [{"name": b.name,
                "amount": None if b.amount is None else format(quantize_money(b.amount), "f")}
               for b in agreement.budget_lines.all()]
    measures = [{"number": m.number, "title": m.title,
                 "projects": [_project(p.label, p.project) for p in m.projects.all()]}
                for m in agreement.measures.all()]
    signatures = sorted(
        ({"party": s.party, "place": s.place, "date": s.date.isoformat(), "name": s.name,
          "title": s.title} for s in agreement.signatures.all()),
        key=lambda s: 0 if s["party"] == "ministry" else 1)
    parties = {s["party"] for s in signatures}
    targets = targets_of(agreement)
    missing = [k for k, present in (
        ("budgets", any(b["amount"] is not None for b in budgets)),
        ("measures", bool(measures)),
        ("signature:ministry", "ministry" in parties),
        ("signature:region", "region" in parties)) if not present]
    return {
        "year": agreement.programme_year.year,
        "ministry": ministry,
        "region": {"ags": agreement.region.ags, "name": agreement.region.name},
        "budgets": budgets,
        "measures": measures,
        "granting_authority": authority.name if authority else None,
        "signatures": signatures,
        "missing": missing,
        "unread": [],  # stored data has nothing the reader could not read
        # per project line as the reader gives them when § 5 names them (docs/steering.md)
        "targets": [{"measure": line.measure, "label": line.label, **line.targets.as_json()}
                    for line in targets.lines],
        "target_sums": {
            "measures": [{"number": g.number, **g.totals.as_json()} for g in targets.measures],
            "region": targets.region.totals.as_json(),
        },
    }


def prefetch_for_data(qs):
    """The related rows `agreement_data` reads, in a fixed number of queries."""
    return qs.select_related("region", "programme_year").prefetch_related(
        "budget_lines", "measures__projects__project", "signatures")
