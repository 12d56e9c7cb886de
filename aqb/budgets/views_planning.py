"""Planning pages (ministry): indicator uploads, scenarios, comparison, adoption, earmark parts;
figures (state)."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from aqb.accounts import policy
from aqb.accounts.policy import MINISTRY, STATE, access
from aqb.german.money import format_eur
from aqb.regions.models import Region
from aqb.ui.forms import apply_service_errors, confirm_page

from . import charts, planning, selectors, tables
from .exports import FORMATS, export_response
from .forms import EarmarkFixedForm, EarmarkKeyForm, IndicatorUploadForm, ScenarioForm
from .models import Earmark, Scenario


def _planning_url(py) -> str:
    return f"/programmjahre/{py.year}/planung/"


@access(MINISTRY)
def planning_overview(request, year: int):
    py = selectors.programme_year_get(year=year)
    return render(request, "budgets/planning.html", {
        "py": py,
        "indicator_sets": selectors.indicator_sets(programme_year=py),
        "scenarios": selectors.scenarios(user=request.user, programme_year=py),
        "earmarks": py.earmarks.all(),
        "earmark_totals": selectors.earmark_totals(user=request.user, programme_year=py),
        "available": planning.default_scenario_total(py),
        "has_changes": py.allocation_changes.exists(), "can_plan": True, "can_see_figures": True,
        "has_allocations": py.allocations.exists(),
    })


@access(MINISTRY)
def indicator_upload(request, year: int):
    py = selectors.programme_year_get(year=year)
    form = IndicatorUploadForm(request.POST or None, request.FILES or None)
    file_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload"
            with open(path, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                planning.indicator_set_create(actor=request.user, programme_year=py,
                                              name=form.cleaned_data["name"], path=path,
                                              filename=upload.name)
            except ValidationError as exc:
                file_errors = exc.message_dict.get("file", []) if hasattr(
                    exc, "error_dict") else []
                if file_errors:
                    form.add_error("file", f"Die Datei enthält {len(file_errors)} Fehler; "
                                           "nichts wurde übernommen (Liste oben).")
                else:
                    apply_service_errors(form, exc)
            else:
                messages.success(request, "Der Indikatordatensatz wurde übernommen.")
                return redirect(_planning_url(py))
    return render(request, "budgets/upload.html", {
        "py": py, "form": form, "file_errors": file_errors,
        "title": f"Indikatordaten für {py} hochladen",
    }, status=400 if request.method == "POST" else 200)


@access(MINISTRY)
def scenario_create(request, year: int):
    py = selectors.programme_year_get(year=year)
    form = ScenarioForm(request.POST or None, programme_year=py,
                        initial={"unit": 10, "floor": 0})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["floor"] = data["floor"] or 0
        data["unit"] = data["unit"] or 1
        try:
            sc = planning.scenario_create(actor=request.user, programme_year=py, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Das Szenario „{sc.name}“ wurde berechnet.")
            return redirect(f"{_planning_url(py)}vergleich/?s={sc.pk}")
    intro = (f"Ohne Angabe verteilt das Szenario "
             f"{format_eur(planning.default_scenario_total(py))} (Gesamtbetrag abzüglich der "
             "Zweckbindungen). Das Verfahren: Anteile je Indikator, gewichteter Punktwert, "
             "Mindestbetrag, optional Änderungsgrenze gegenüber dem Vorjahr, Rundung nach "
             "größten Resten.")
    return render(request, "form_page.html", {
        "form": form, "title": f"Neues Szenario für {py}", "intro": intro,
        "submit_label": "Berechnen", "cancel_url": _planning_url(py),
    }, status=400 if request.method == "POST" else 200)


def _selected_scenarios(request, py) -> list[Scenario]:
    ids = [int(v) for v in request.GET.getlist("s") if v.isdigit()]
    found = {s.pk: s for s in Scenario.objects.filter(programme_year=py, pk__in=ids)}
    chosen = [found[i] for i in dict.fromkeys(ids) if i in found]
    return chosen or list(Scenario.objects.filter(programme_year=py)[:3])


@access(MINISTRY)
def scenario_compare(request, year: int):
    py = selectors.programme_year_get(year=year)
    chosen = _selected_scenarios(request, py)
    table = tables.compare_table(chosen) if chosen else None
    fmt = request.GET.get("format")
    if fmt and table is not None:
        if fmt not in FORMATS:
            raise Http404
        return export_response(table, fmt)
    return render(request, "budgets/compare.html", {
        "py": py, "table": table, "chosen": chosen,
        "all_scenarios": selectors.scenarios(user=request.user, programme_year=py),
        "query": "&".join(f"s={s.pk}" for s in chosen), "can_plan": True,
        "can_see_figures": True,
    })


@access(MINISTRY)
def scenario_adopt(request, year: int, pk: int):
    py = selectors.programme_year_get(year=year)
    scenario = get_object_or_404(Scenario, programme_year=py, pk=pk)
    return confirm_page(
        request, template="budgets/adopt.html",
        context={"py": py, "scenario": scenario, "table": tables.adoption_table(scenario)},
        act=lambda: planning.scenario_adopt(actor=request.user, scenario=scenario,
                                            seen=request.POST.get("bisher")),
        success=f"Das Szenario „{scenario.name}“ ist übernommen; die Zuweisungen sind gesetzt.",
        target=f"/programmjahre/{py.year}/")


@access(MINISTRY)
def earmark_distribute(request, year: int, pk: int):
    py = selectors.programme_year_get(year=year)
    earmark = get_object_or_404(Earmark, programme_year=py, pk=pk)
    mode = request.POST.get("mode") or request.GET.get("art") or "schluessel"
    regions = Region.objects.order_by("ags")
    current = {s.region.ags: s.amount for s in earmark.shares.select_related("region")}
    posted = request.method == "POST"
    key_form = EarmarkKeyForm(request.POST if posted and mode == "schluessel" else None,
                              programme_year=py, initial={"unit": 100, "floor": 0},
                              prefix="key")
    fixed_form = EarmarkFixedForm(request.POST if posted and mode == "fest" else None,
                                  regions=regions, initial_amounts=current, prefix="fest")
    if request.method == "POST":
        form = key_form if mode == "schluessel" else fixed_form
        if form.is_valid():
            try:
                if mode == "schluessel":
                    data = form.cleaned_data
                    planning.earmark_distribute_by_key(
                        actor=request.user, earmark=earmark,
                        indicator_set=data["indicator_set"], weights=data["weights"],
                        floor=data["floor"] or 0, unit=data["unit"] or 1)
                else:
                    planning.earmark_distribute_fixed(actor=request.user, earmark=earmark,
                                                      amounts=form.amounts())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Die Zweckbindung „{earmark.name}“ ist aufgeteilt.")
                return redirect(_planning_url(py))
    return render(request, "budgets/earmark_distribute.html", {
        "py": py, "earmark": earmark, "key_form": key_form, "fixed_form": fixed_form,
        "mode": mode, "shares": earmark.shares.select_related("region"),
        "fixed_sum": fixed_form.running_sum(),
        "fixed_rest": earmark.amount - fixed_form.running_sum(),
    }, status=400 if posted else 200)


@access(STATE)
def figures(request, year: int):
    py = selectors.programme_year_get(year=year)
    metrics = tables.figure_metrics(py)
    metric = request.GET.get("bezug", "betrag")
    if metric not in dict(metrics):
        metric = "betrag"
    table, items = tables.figure_items(user=request.user, programme_year=py, metric=metric)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return export_response(table, fmt)
    label = dict(metrics)[metric]
    basis, from_adopted = tables.figure_basis(py)
    by_value = sorted(items, key=lambda i: (i.value is None, -(i.value or 0), i.ags))
    bounds = charts.classes([i.value for i in items if i.value is not None])
    fmt_legend = charts.eur_text if metric == "betrag" else charts.ratio_text
    return render(request, "budgets/figures.html", {
        "py": py, "metrics": metrics, "metric": metric, "label": label, "table": table,
        "basis": basis, "from_adopted": from_adopted,
        "bar": charts.bar_chart(by_value, title=(
            f"{label} je Gebietskörperschaft, {py}" if metric == "betrag"
            else f"{label}, nach Gebietskörperschaften, {py}")),
        "map": charts.region_map(items, title=f"Karte Hessen: {label}, {py}"),
        "legend": charts.legend_entries(bounds, fmt_legend),
        "real_map": charts.geojson_configured(), "can_plan": policy.is_ministry(request.user),
        "can_see_figures": True,
    })
