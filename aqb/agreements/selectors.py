"""Reads of agreements, scoped to the user; the public sees only published ones."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from aqb.accounts import policy
from aqb.budgets.models import ProgrammeYear
from aqb.german.money import format_eur

from .models import Agreement, AgreementTemplate, Status


def agreement_list(*, user, year: int | None = None) -> QuerySet[Agreement]:
    qs = Agreement.objects.select_related("region", "programme_year")
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    return policy.scope_by_region(user, qs)


# A view of one agreement: `@access(REGION_OBJECT, AGREEMENT)` on a URL with <int:pk>.
AGREEMENT = policy.Resolver(
    "agreement", {"pk": int},
    load=lambda pk: Agreement.objects.select_related(
        "region", "programme_year", "template").filter(pk=pk).first(),
    region_of=lambda agreement: agreement.region_id,
    not_found="Zielvereinbarung nicht gefunden.")


def agreement_get(*, user, pk: int) -> Agreement:
    """The agreement, if the user may see its region; 404 otherwise."""
    return policy.resolve(user, policy.REGION_OBJECT, AGREEMENT, pk=pk)


def published_list(*, year: int | None = None) -> QuerySet[Agreement]:
    """What the public may see: the newest published version per region and year."""
    newer = Agreement.objects.filter(
        region=OuterRef("region"), programme_year=OuterRef("programme_year"),
        status=Status.PUBLISHED, version__gt=OuterRef("version"))
    qs = Agreement.objects.filter(status=Status.PUBLISHED).exclude(Exists(newer))
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    return qs.select_related("region", "programme_year").order_by(
        "-programme_year__year", "region__ags")


def status_counts(qs: QuerySet[Agreement]) -> dict[str, int]:
    """Number of agreements per status label, counted in the database."""
    labels = dict(Status.choices)
    rows = qs.order_by().values("status").annotate(n=Count("pk"))
    return {str(labels[r["status"]]): r["n"] for r in sorted(
        rows, key=lambda r: list(labels).index(r["status"]))}


def published_get(*, pk: int) -> Agreement:
    agreement = Agreement.objects.filter(pk=pk, status=Status.PUBLISHED).select_related(
        "region", "programme_year").first()
    if agreement is None:
        raise Http404("Keine veröffentlichte Zielvereinbarung.")
    return agreement


def published_for_region(region) -> QuerySet[Agreement]:
    return published_list().filter(region=region)


# --- templates and versions ------------------------------------------------------------

def template_current(programme_year: ProgrammeYear) -> AgreementTemplate | None:
    return programme_year.agreement_templates.order_by("-version").first()


def agreement_snapshot(agreement: Agreement) -> dict[str, Any]:
    """Content of an agreement for audit and version comparison."""
    return {
        "budgets": [[b.name, str(b.amount) if b.amount is not None else None]
                    for b in agreement.budget_lines.order_by("order")],
        "measures": {str(m.number): [m.title, [p.label for p in m.projects.all()]]
                     for m in agreement.measures.order_by("number")},
    }


def _budget_words(lines: list) -> str:
    return "; ".join(
        f"{name} {format_eur(Decimal(amount))}" if amount is not None else f"{name} (ohne Betrag)"
        for name, amount in lines) or "keine"


def version_diff(old: Agreement, new: Agreement) -> list[str]:
    """What changed between two versions, as German sentences."""
    a, b = agreement_snapshot(old), agreement_snapshot(new)
    out = []
    if a["budgets"] != b["budgets"]:
        out.append(f"Haushaltsmittel: {_budget_words(a['budgets'])} → "
                   f"{_budget_words(b['budgets'])}")
    for number in sorted(set(a["measures"]) | set(b["measures"]), key=int):
        ta, pa = a["measures"].get(number, ["", []])
        tb, pb = b["measures"].get(number, ["", []])
        if ta != tb:
            out.append(f"Maßnahmeart {number}: Bezeichnung „{ta}“ → „{tb}“")
        for p in pb:
            if p not in pa:
                out.append(f"Maßnahmeart {number}: Projekt „{p}“ hinzugefügt")
        for p in pa:
            if p not in pb:
                out.append(f"Maßnahmeart {number}: Projekt „{p}“ entfernt")
    return out
