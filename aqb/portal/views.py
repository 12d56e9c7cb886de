"""Start pages per role and the region pages."""

from decimal import Decimal

from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.policy import PUBLIC, REGION_OBJECT, STATE, access
from aqb.agreements.selectors import agreement_list, allocation_comparisons, work_list
from aqb.audit.selectors import history_for
from aqb.budgets.selectors import (
    allocation_current,
    allocations_for_region,
    cash_plan,
    programme_year_list,
)
from aqb.funding import worklists
from aqb.funding.selectors import provider_worklist
from aqb.projects.selectors import project_list
from aqb.regions.selectors import REGION, region_list, signatory_on


@access(PUBLIC)
def home(request):
    p = policy.principal(request.user)
    context = {"principal": p, "years": programme_year_list()[:5] if p.authenticated else []}
    if not p.authenticated:
        return render(request, "portal/home_public.html", context)
    context["regions"] = region_list(user=request.user)
    context["work"] = work_list(user=request.user)
    if p.region_ids and not p.sees_all_regions:
        context["own_regions"] = list(context["regions"])
        context["cash_plans"] = _cash_plans(request.user, context["own_regions"])
    if p.provider_ids and not p.sees_all_regions:
        context["own_projects"] = project_list(user=request.user)
        context["passon_work"] = provider_worklist(user=request.user)
    context["funding_tasks"] = _funding_tasks(request.user, p, context.get("own_regions", []))
    return render(request, "portal/home.html", context)


def _funding_tasks(user, p, own_regions) -> list[dict]:
    """The funding work lists of the user's role: the authority's (also the ministry's) and
    one "Was ist zu tun" per own region, each with its number of open and urgent tasks."""
    today = timezone.localdate()
    lists = []
    if p.sees_all_regions:
        lists.append(("Arbeitsliste der Bewilligungsbehörde", reverse("funding:worklist"),
                      worklists.authority_worklist(user=user, today=today)))
    for region in own_regions:
        lists.append((f"Was ist zu tun: {region.name}",
                      reverse("funding:region_tasks", args=[region.ags]),
                      worklists.region_worklist(user=user, region=region, today=today)))
    return [{"label": label, "url": url, "total": sum(s.count for s in sections),
             "urgent": worklists.urgent_count(sections, today)}
            for label, url, sections in lists]


def _cash_plans(user, regions) -> list[dict]:
    """Per own region: the newest year with an allocation, its planned cash and allocation."""
    out = []
    for region in regions:
        for py in programme_year_list().order_by("-year"):
            current = allocation_current(user=user, region=region, programme_year=py)
            if current is None:
                continue
            entries = cash_plan(user=user, programme_year=py, region=region)
            planned = entries.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
            out.append({"region": region, "py": py, "allocation": current.current,
                        "planned": planned, "remaining": current.current - planned,
                        "has_entries": entries.exists()})
            break
    return out


@access(STATE)
def region_list_view(request):
    return render(request, "portal/region_list.html", {"regions": region_list(user=request.user)})


@access(REGION_OBJECT, REGION)
def region_detail(request, region):
    agreements = list(agreement_list(user=request.user).filter(region=region).order_by(
        "-programme_year__year", "-version"))
    compared = allocation_comparisons(user=request.user, agreements=agreements)
    return render(request, "portal/region_detail.html", {
        "region": region,
        "allocations": allocations_for_region(user=request.user, region=region),
        "signatory": signatory_on(user=request.user, region=region, day=timezone.localdate()),
        "signatories": region.signatories.all(),
        "history": history_for(region)[:50],
        "agreements": [(a, compared.get(a.pk)) for a in agreements],
        "can_edit": policy.can_edit_master_data(request.user),
    })

