"""Good-practice pages: a region's own entries (and all for the state), writing and editing
an entry, the ministry's publishing; the public list with search and filters
(/tagungen/gute-praxis/, no login, published entries only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from aqb.accounts import policy
from aqb.accounts.policy import LOGIN, MINISTRY, PUBLIC, REGION_EDIT, REGION_OBJECT, access
from aqb.regions.models import Region
from aqb.regions.selectors import REGION
from aqb.ui.forms import apply_service_errors, confirm_page

from . import selectors, services
from .forms import PracticeForm
from .models import PracticeStatus
from .selectors import PRACTICE, PUBLISHED_PRACTICE

PAGE_SIZE = 50


@access(LOGIN)
def practice_index(request):
    user = request.user
    p = policy.principal(user)
    editable = Region.objects.all() if p.ministry else Region.objects.filter(pk__in=p.region_ids)
    return render(request, "conferences/practice_index.html", {
        "entries": selectors.practice_list(user=user),
        "regions": editable.order_by("name"), "sees_all": p.sees_all_regions})


def _data(form) -> services.PracticeData:
    c = form.cleaned_data
    return services.PracticeData(
        measure_type=c["measure_type"], project=c["project"], title=c["title"],
        what_worked=c["what_worked"], contact_office=c["contact_office"],
        contact_email=c["contact_email"])


def _form_page(request, *, form, title: str, save, cancel: str, context: dict | None = None):
    if request.method == "POST" and form.is_valid():
        try:
            entry = save(form)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Beispiel gespeichert.")
            return redirect("conferences:practice_detail", pk=entry.pk)
    return render(request, "conferences/practice_form.html", {
        "form": form, "title": title, "cancel_url": cancel, **(context or {})},
        status=400 if request.method == "POST" else 200)


@access(REGION_EDIT, REGION)
def practice_create(request, region):
    form = PracticeForm(request.POST or None, region=region)
    return _form_page(request, form=form, title=f"Gute-Praxis-Beispiel: {region.name}",
                      save=lambda f: services.practice_save(actor=request.user, region=region,
                                                            data=_data(f)),
                      cancel=reverse("conferences:practice_index"))


@access(REGION_OBJECT, PRACTICE, post=REGION_EDIT)
def practice_detail(request, practice):
    user = request.user
    editable = policy.can_edit_region_data(user, practice.region_id) and (
        practice.status == PracticeStatus.DRAFT or policy.is_ministry(user))
    form = None
    if editable:
        form = PracticeForm(request.POST or None, region=practice.region, initial={
            "measure_type": practice.measure_type, "project": practice.project,
            "title": practice.title, "what_worked": practice.what_worked,
            "contact_office": practice.contact_office, "contact_email": practice.contact_email})
    elif request.method == "POST":
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Ein veröffentlichtes Beispiel ändert nur das Ministerium.")
    if form is not None:
        return _form_page(request, form=form, title=str(practice),
                          save=lambda f: services.practice_save(
                              actor=user, region=practice.region, data=_data(f),
                              entry=practice),
                          cancel=reverse("conferences:practice_index"),
                          context={"entry": practice, "may_publish": policy.is_ministry(user)})
    return render(request, "conferences/practice_form.html", {
        "entry": practice, "title": str(practice), "may_publish": policy.is_ministry(user)})


@access(MINISTRY, PRACTICE)
def practice_publish(request, practice):
    publish = practice.status == PracticeStatus.DRAFT
    return confirm_page(
        request, template="confirm.html",
        context={"title": "Beispiel veröffentlichen" if publish else
                 "Veröffentlichung zurücknehmen", "subject": str(practice),
                 "question": "Das Beispiel erscheint danach ohne Anmeldung unter „Gute "
                             "Praxis“, mit Gebietskörperschaft, Maßnahmeart und Kontakt."
                             if publish else "Das Beispiel verschwindet aus „Gute Praxis“ "
                             "und wird wieder ein Entwurf.",
                 "confirm_label": "Veröffentlichen" if publish else "Zurücknehmen",
                 "cancel_url": reverse("conferences:practice_detail", args=[practice.pk])},
        act=lambda: services.practice_publish(actor=request.user, entry=practice,
                                              publish=publish),
        success="Beispiel veröffentlicht." if publish else "Veröffentlichung zurückgenommen.",
        target=reverse("conferences:practice_detail", args=[practice.pk]))


def _measure(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 3 else None


@access(PUBLIC)
def public_practice(request):
    query = request.GET.get("q", "").strip()[:200]
    region = request.GET.get("region", "").strip()[:5]
    measure = _measure(request.GET.get("massnahmeart", "").strip())
    entries = selectors.published_practice_search(query=query, region=region,
                                                  measure=measure)
    total = entries.count()
    return render(request, "conferences/public_practice.html", {
        "entries": entries[:PAGE_SIZE], "total": total, "query": query, "region": region,
        "measure": measure, "facets": selectors.published_practice_facets(),
        "truncated": total > PAGE_SIZE})


@access(PUBLIC, PUBLISHED_PRACTICE)
def public_practice_detail(request, published_practice):
    return render(request, "conferences/public_practice_detail.html",
                  {"entry": published_practice})
