"""The resources of /api/v1/. Every endpoint reads through a selector scoped to request.user:
a region's token sees its region only, a foreign or unknown object answers 404."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from ninja import Query, Router

from aqb.accounts import policy
from aqb.agreements import selectors as agreement_selectors
from aqb.agreements.data import agreement_data, prefetch_for_data
from aqb.budgets import selectors as budget_selectors
from aqb.budgets.models import MeasureType
from aqb.german.money import quantize_money
from aqb.projects import selectors as project_selectors
from aqb.regions import selectors as region_selectors
from aqb.regions.models import Region

from .schemas import (
    AgreementOut,
    AgreementPage,
    AllocationOut,
    Problem,
    ProjectPage,
    RegionOut,
    YearOut,
)

router = Router()
# 429: too many failed tokens from the client's address (aqb/api/auth.py)
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
YEAR = Query(..., ge=2000, le=2100, description="Programmjahr, z. B. 2025")
AGS = Query(None, pattern=r"^\d{5}$", description="Amtlicher Gemeindeschlüssel, z. B. 06635")


def declare(kind: str):
    """The access kind of an endpoint, as pages declare it (checked by the API walk test)."""
    def mark(func):
        func.aqb_access = kind
        return func
    return mark


LIMIT = Query(50, ge=1, le=200, description="höchstens so viele Einträge (1–200)")
OFFSET = Query(0, ge=0, le=1_000_000, description="so viele Einträge überspringen")


def _page(qs, limit: int, offset: int, build) -> dict:
    """One page of a queryset: the count in the database, only the page's rows built."""
    return {"count": qs.count(), "limit": limit, "offset": offset,
            "items": [build(row) for row in qs[offset:offset + limit]]}


def _money(value) -> str | None:
    return None if value is None else format(quantize_money(value), "f")


def _year(year: int):
    try:
        return budget_selectors.programme_year_get(year=year)
    except Http404:
        raise Http404(f"Programmjahr {year} gibt es nicht.") from None


def _region(user, ags: str | None):
    if ags is None:
        return None
    region = Region.objects.filter(ags=ags).first()
    if region is None or not policy.can_view_region(user, region.pk):
        raise Http404(f"Gebietskörperschaft {ags} nicht gefunden.")
    return region


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, tags=["Stammdaten"],
            summary="Gebietskörperschaften mit ihren grammatischen Formen (das Land sieht alle "
                    "26, eine Region sich selbst)")
@declare(policy.LOGIN)
def regions(request):
    out = []
    for r in region_selectors.region_list(user=request.user).order_by("ags"):
        forms = r.forms
        out.append({"ags": r.ags, "name": r.name, "kind": r.kind, "seat": r.seat,
                    "regierungsbezirk": r.regierungsbezirk, "nominative": forms.nominative,
                    "dative": forms.dative, "genitive": forms.genitive})
    return out


@router.get("/years", response={200: list[YearOut], **ERRORS}, tags=["Programmjahre"],
            summary="Programmjahre mit Gesamtbetrag, Zweckbindungen und Maßnahmearten")
@declare(policy.LOGIN)
def years(request):
    qs = budget_selectors.programme_year_list().prefetch_related("earmarks", "measure_types")
    return [{"year": y.year, "total": _money(y.total),
             "application_deadline": y.application_deadline, "is_demo": y.is_demo,
             "earmarks": [{"name": e.name, "amount": _money(e.amount)} for e in y.earmarks.all()],
             "measure_types": [{"number": m.number, "title": m.title}
                               for m in y.measure_types.all()]}
            for y in qs.order_by("year")]


@router.get("/allocations", response={200: list[AllocationOut], **ERRORS},
            tags=["Mittelverteilung"],
            summary="Zuweisungen eines Jahres je Gebietskörperschaft, nach Änderungen im Jahr")
@declare(policy.LOGIN)
def allocations(request, year: int = YEAR, region: str | None = AGS):
    py = _year(year)
    qs = budget_selectors.allocations_current(programme_year=py, user=request.user)
    reg = _region(request.user, region)
    if reg is not None:
        qs = qs.filter(region=reg)
    return [{"region": a.region.ags, "region_name": a.region.name, "year": py.year,
             "initial": _money(a.amount), "changes": _money(a.changes),
             "amount": _money(a.current)} for a in qs.order_by("region__ags")]


def _agreement_out(a) -> dict:
    return {"id": a.pk, "status": a.status, "status_label": a.get_status_display(),
            "version": a.version, "is_current": a.is_current, **agreement_data(a)}


@router.get("/agreements", response={200: AgreementPage, **ERRORS},
            tags=["Zielvereinbarungen"],
            summary="Zielvereinbarungen eines Jahres (aktuelle Fassungen)")
@declare(policy.LOGIN)
def agreements(request, year: int = YEAR, region: str | None = AGS, limit: int = LIMIT,
               offset: int = OFFSET):
    qs = agreement_selectors.agreement_list(user=request.user, year=year).filter(
        is_current=True)
    reg = _region(request.user, region)
    if reg is not None:
        qs = qs.filter(region=reg)
    return _page(prefetch_for_data(qs.order_by("region__ags", "pk")), limit, offset,
                 _agreement_out)


@router.get("/agreements/{agreement_id}", response={200: AgreementOut, **ERRORS},
            tags=["Zielvereinbarungen"], summary="Eine Zielvereinbarung (jede Fassung)")
@policy.access(policy.REGION_OBJECT, agreement_selectors.AGREEMENT.under(agreement_id="pk"),
               api=True)
def agreement(request, agreement):
    return _agreement_out(prefetch_for_data(type(agreement).objects.filter(
        pk=agreement.pk)).get())


@router.get("/projects", response={200: ProjectPage, **ERRORS}, tags=["Projekte"],
            summary="Projekte, die die Person sehen darf (Land alle, Region eigene, Träger "
                    "eigene)")
@declare(policy.LOGIN)
def projects(request, year: int | None = Query(None, ge=2000, le=2100,
                                                description="nur Projekte, die in diesem "
                                                            "Programmjahr laufen"),
             region: str | None = AGS, limit: int = LIMIT, offset: int = OFFSET):
    qs = project_selectors.project_list(user=request.user)
    if year is not None:
        qs = qs.filter(first_year__lte=year).filter(
            Q(last_year__isnull=True) | Q(last_year__gte=year))
    if region is not None:
        qs = qs.filter(region__ags=region)
    titles = {}
    if year is not None:
        titles = dict(MeasureType.objects.filter(programme_year__year=year)
                      .values_list("number", "title"))
    def build(p) -> dict:
        return {"id": p.pk, "region": p.region.ags, "measure_type": p.measure_number,
                "measure_title": titles.get(p.measure_number), "name": p.name,
                "short_name": p.short_name, "provider": p.provider.name if p.provider else None,
                "planned_amount": _money(p.planned_amount),
                "planned_participants": p.planned_participants, "first_year": p.first_year,
                "last_year": p.last_year}

    return _page(qs.order_by("region__ags", "measure_number", "name", "pk"), limit, offset,
                 build)
