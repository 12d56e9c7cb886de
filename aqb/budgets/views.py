"""Programme years: list, detail, create and edit (ministry)."""

from django.shortcuts import render

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, access
from aqb.audit.selectors import history_for
from aqb.ui.forms import form_page

from . import selectors, services
from .forms import EarmarkForm, ProgrammeYearCreateForm, ProgrammeYearEditForm, StrategyDocumentForm


@access(LOGIN)
def year_list(request):
    return render(request, "budgets/year_list.html", {
        "years": selectors.programme_year_list(),
        "can_edit": policy.can_edit_master_data(request.user),
    })


@access(LOGIN)
def year_detail(request, year: int):
    py = selectors.programme_year_get(year=year)
    sees_all = policy.is_staff_of_state(request.user)
    allocated = selectors.allocation_total(user=request.user, programme_year=py) \
        if sees_all else None
    changed = selectors.changes_total(user=request.user, programme_year=py) \
        if sees_all else None
    p = policy.principal(request.user)
    provider_only = bool(p.provider_ids) and not p.region_ids and not sees_all
    return render(request, "budgets/year_detail.html", {
        "py": py,
        "provider_only": provider_only,
        "allocations": selectors.allocation_list(user=request.user, programme_year=py),
        "allocated_total": allocated,
        "changes_total": changed,
        "current_total": (allocated or 0) + (changed or 0) if sees_all else None,
        "history": history_for(py)[:50] if sees_all else [],
        "can_edit": policy.can_edit_master_data(request.user),
        "can_plan": policy.is_ministry(request.user),
        "can_see_figures": sees_all,
        "earmark_form": EarmarkForm(), "strategy_form": StrategyDocumentForm(),
    })


@access(MINISTRY)
def year_create(request):
    form = ProgrammeYearCreateForm(request.POST or None)
    return form_page(
        request, form=form, title="Neues Programmjahr",
        save=lambda f: services.programme_year_create(actor=request.user, **f.cleaned_data),
        success="Das Programmjahr wurde angelegt.",
        target="budgets:year_list",
    )


@access(MINISTRY)
def year_edit(request, year: int):
    py = selectors.programme_year_get(year=year)
    form = ProgrammeYearEditForm(request.POST or None, programme_year=py)
    fields = ("total", "application_deadline", "notes", "agreement_shows_targets")
    return form_page(
        request, form=form, title=f"{py} bearbeiten",
        save=lambda f: services.programme_year_revise(
            actor=request.user, programme_year=py, measure_titles=f.measure_titles(),
            **{k: f.cleaned_data[k] for k in fields}),
        success=f"{py} wurde gespeichert.",
        target=f"/programmjahre/{py.year}/",
    )


@access(MINISTRY)
def earmark_create(request, year: int):
    py = selectors.programme_year_get(year=year)
    form = EarmarkForm(request.POST or None)
    return form_page(
        request, form=form, title=f"Zweckbindung für {py} hinzufügen",
        save=lambda f: services.earmark_save(actor=request.user, programme_year=py,
                                             **f.cleaned_data),
        success="Die Zweckbindung wurde gespeichert.", target=f"/programmjahre/{py.year}/",
    )


@access(MINISTRY)
def strategy_document_create(request, year: int):
    py = selectors.programme_year_get(year=year)
    form = StrategyDocumentForm(request.POST or None)
    return form_page(
        request, form=form, title=f"Strategiedokument für {py} hinzufügen",
        save=lambda f: services.strategy_document_save(actor=request.user, programme_year=py,
                                                       **f.cleaned_data),
        success="Das Strategiedokument wurde gespeichert.", target=f"/programmjahre/{py.year}/",
    )
