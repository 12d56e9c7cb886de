"""Pages of a programme year beside the plan: a region's allocation with parts, changes during
the year, the cash plan per calendar year, and the exports of these tables."""

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, REGION_EDIT, REGION_OBJECT, access
from aqb.regions.models import Region
from aqb.regions.selectors import REGION
from aqb.ui.forms import form_page

from . import changes, selectors, tables
from .exports import FORMATS, export_response
from .forms import CashPlanForm, ChangeForm, ShiftForm
from .models import ChangeKind, Earmark

EXPORTS = {
    "zuweisungen": tables.allocation_table,
    "zweckbindungen": tables.earmark_table,
    "aenderungen": tables.changes_table,
    "kassenplan": tables.cash_table,
}


@access(REGION_OBJECT, REGION)
def region_year(request, year: int, region):
    py = selectors.programme_year_get(year=year)
    current = selectors.allocation_current(user=request.user, region=region,
                                           programme_year=py)
    years = list(range(py.year, py.year + py.spending_years))
    planned = {e.calendar_year: e.amount for e in
               selectors.cash_plan(user=request.user, programme_year=py, region=region)}
    cash = [(y, planned.get(y, Decimal("0.00"))) for y in years]
    total_planned = sum(planned.values(), Decimal("0.00"))
    return render(request, "budgets/region_year.html", {
        "py": py, "region": region, "current": current,
        "changes": tables.changes_table(user=request.user, programme_year=py, region=region),
        "cash": cash, "total_planned": total_planned,
        "unplanned": (current.current - total_planned) if current else None,
        "can_edit_cash": policy.can_edit_region_data(request.user, region.pk),
    })


@access(LOGIN)
def change_list(request, year: int):
    py = selectors.programme_year_get(year=year)
    return render(request, "budgets/changes.html", {
        "py": py, "table": tables.changes_table(user=request.user, programme_year=py),
        "can_edit": policy.can_edit_master_data(request.user), **nav_flags(request.user),
    })


def nav_flags(user) -> dict[str, bool]:
    return {"can_plan": policy.is_ministry(user), "can_see_figures": policy.is_staff_of_state(user)}


def _parts(py) -> list[tuple[str, str]]:
    return [("", selectors.GENERAL)] + [(str(e.pk), e.name) for e in py.earmarks.all()]


def _line(py, ags: str, part: str, delta: Decimal) -> changes.ChangeLine:
    earmark = Earmark.objects.get(programme_year=py, pk=int(part)) if part else None
    return changes.ChangeLine(Region.objects.get(ags=ags), earmark, delta)


def _change_save(actor, py, shift: bool):
    """The `save` of the change form: its lines, signed, to `allocation_change_record`."""
    def save(form):
        d = form.cleaned_data
        if shift:
            kind = ChangeKind.SHIFT
            lines = [_line(py, d["from_region"], d["from_part"], -d["amount"]),
                     _line(py, d["to_region"], d["to_part"], d["amount"])]
        else:
            kind = d["kind"]
            sign = -1 if kind == ChangeKind.CUT else 1
            lines = [_line(py, ags, part, sign * amount) for ags, part, amount in form.lines()]
        changes.allocation_change_record(
            actor=actor, programme_year=py, kind=kind, effective_date=d["effective_date"],
            reason=d["reason"], lines=lines)
    return save


@access(MINISTRY)
def change_create(request, year: int):
    py = selectors.programme_year_get(year=year)
    shift = request.GET.get("art") == "umschichtung" or "from_region" in request.POST
    form_class = ShiftForm if shift else ChangeForm
    form = form_class(request.POST or None, regions=Region.objects.order_by("ags"),
                      parts=_parts(py))
    intro = ("Der Betrag wird beim abgebenden Teil abgezogen und dem aufnehmenden zugeschlagen, "
             "zwischen Gebietskörperschaften oder zwischen allgemeinem Anteil und "
             "Zweckbindungen." if shift else
             "Beträge positiv eingeben; bei einer Kürzung werden sie abgezogen. Leere Zeilen "
             "werden nicht berücksichtigt.")
    return form_page(
        request, form=form,
        title=f"{'Umschichtung' if shift else 'Kürzung oder Erhöhung'} für {py} erfassen",
        save=_change_save(request.user, py, shift), success="Die Änderung wurde erfasst.",
        target=reverse("budgets:change_list", args=[py.year]),
        context={"intro": f"{intro} Die Änderung wird mit Ihrem Namen und dem heutigen "
                          "Zeitpunkt protokolliert.", "submit_label": "Änderung erfassen"})


@access(LOGIN)
def cash_plan(request, year: int):
    py = selectors.programme_year_get(year=year)
    return render(request, "budgets/cash_plan.html", {
        "py": py, "table": tables.cash_table(user=request.user, programme_year=py),
        "has_entries": selectors.cash_plan(user=request.user, programme_year=py).exists(),
        **nav_flags(request.user),
    })


@access(LOGIN)
def cash_overview(request):
    table = tables.cash_overview_table(user=request.user)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return export_response(table, fmt)
    return render(request, "budgets/cash_overview.html", {
        "table": table, "years": selectors.programme_year_list()})


@access(REGION_OBJECT, REGION, post=REGION_EDIT)
def cash_plan_edit(request, year: int, region):
    can_edit = policy.can_edit_region_data(request.user, region.pk)
    py = selectors.programme_year_get(year=year)
    current = selectors.allocation_current(user=request.user, region=region,
                                           programme_year=py)
    if current is None:
        raise Http404("Noch keine Zuweisung.")
    years = list(range(py.year, py.year + py.spending_years))
    existing = {e.calendar_year: e.amount for e in
                selectors.cash_plan(user=request.user, programme_year=py, region=region)}
    form = CashPlanForm(request.POST or None, years=years, initial_amounts=existing)
    return form_page(
        request, form=form, title=f"Kassenplan {py}: {region.name}",
        save=lambda f: changes.cash_plan_set(actor=request.user, programme_year=py,
                                             region=region, amounts=f.amounts()),
        success="Der Kassenplan wurde gespeichert.",
        target=reverse("budgets:region_year", args=[py.year, region.ags]),
        template="budgets/cash_plan_form.html",
        context={"py": py, "region": region, "current": current, "can_edit": can_edit,
                 "running": form.running_sum(),
                 "unplanned": current.current - form.running_sum()})


@access(LOGIN)
def export_table(request, year: int, table: str, fmt: str):
    """XLSX/CSV of the year's tables; rows scoped like the pages (a region: its own)."""
    py = selectors.programme_year_get(year=year)
    if table not in EXPORTS or fmt not in FORMATS:
        raise Http404
    return export_response(EXPORTS[table](user=request.user, programme_year=py), fmt)
