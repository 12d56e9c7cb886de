"""The Protokoll: every audited change, as far as the reader may see it elsewhere.

The page belongs to the face layer: it knows the reader's roles (accounts.policy) and the
pages of the apps (for links); the audit app below it only stores and reads entries.

Who sees what (docs/decisions.md, "Protokoll by role"):
- ministry: every entry;
- granting authority: every entry except those about accounts, providers and memberships
  (it may not open the user management either);
- regions and providers: no Protokoll; each object's Verlauf on pages they may open.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from aqb.accounts import policy
from aqb.accounts.policy import STATE, access
from aqb.audit.selectors import audit_log_entries, audit_log_facets
from aqb.audit.words import type_label
from aqb.german.fields import GermanDateField

# Object types whose pages only the ministry opens: hidden from every other reader.
MINISTRY_ONLY_APPS = ("accounts",)


def hidden_types(user) -> frozenset[str]:
    """Object types of the log the user may not read."""
    if policy.is_ministry(user):
        return frozenset()
    return frozenset(m._meta.label_lower for label in MINISTRY_ONLY_APPS
                     for m in apps.get_app_config(label).get_models())


# object type -> (field that the URL takes, URL name, who may open it)
LINKS = {
    "regions.region": ("ags", "portal:region_detail", STATE),
    "budgets.programmeyear": ("year", "budgets:year_detail", STATE),
    "agreements.agreement": ("pk", "agreements:detail", STATE),
    "projects.project": ("pk", "projects:detail", STATE),
    "regions.grantingauthority": (None, "regions:master_data", STATE),
    "regions.ministryname": (None, "regions:master_data", STATE),
    "accounts.user": ("pk", "accounts:user_detail", policy.MINISTRY),
    "accounts.provider": ("pk", "accounts:provider_edit", policy.MINISTRY),
}


def _links(user, entries) -> dict[tuple[str, str], str]:
    """(object type, object id) -> URL, for objects that still exist and the user may open."""
    wanted: dict[str, set[str]] = {}
    for e in entries:
        if e.object_type in LINKS:
            wanted.setdefault(e.object_type, set()).add(e.object_id)
    result = {}
    for object_type, ids in wanted.items():
        attr, url_name, kind = LINKS[object_type]
        if kind == policy.MINISTRY and not policy.is_ministry(user):
            continue
        model = apps.get_model(object_type)
        pks = [i for i in ids if i.isdigit()]
        for row in model._default_manager.filter(pk__in=pks):
            try:
                url = reverse(url_name, args=[getattr(row, attr)] if attr else [])
            except NoReverseMatch:
                continue
            result[(object_type, str(row.pk))] = url
    return result


class LogFilterForm(forms.Form):
    art = forms.ChoiceField(label="Objektart", required=False)
    person = forms.ChoiceField(label="Person", required=False)
    von = GermanDateField(label="Von", required=False,
                          error_messages={"invalid": "Bitte ein Datum angeben, z. B. 13.08.2025."})
    bis = GermanDateField(label="Bis", required=False,
                          error_messages={"invalid": "Bitte ein Datum angeben, z. B. 13.08.2025."})

    def __init__(self, *args, types: list[str], actors: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["art"].choices = [("", "alle Objektarten"),
                                      *sorted(((t, type_label(t)) for t in types),
                                              key=lambda c: c[1])]
        self.fields["person"].choices = [("", "alle Personen"), *((a, a) for a in actors)]

    def clean(self):
        data = super().clean()
        if data.get("von") and data.get("bis") and data["von"] > data["bis"]:
            self.add_error("bis", "Das Ende des Zeitraums liegt vor seinem Anfang.")
        return data


@access(STATE)
def audit_log(request):
    hidden = hidden_types(request.user)
    types, actors = audit_log_facets(hidden_types=hidden)
    form = LogFilterForm(request.GET or None, types=types, actors=actors)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {"object_type": form.cleaned_data["art"],
                   "actor_label": form.cleaned_data["person"],
                   "since": form.cleaned_data["von"], "until": form.cleaned_data["bis"]}
    page = Paginator(audit_log_entries(hidden_types=hidden, **filters), 50).get_page(
        request.GET.get("seite"))
    links = _links(request.user, page)
    rows = [(e, type_label(e.object_type), links.get((e.object_type, e.object_id)))
            for e in page]
    query = urlencode({k: v for k, v in request.GET.items() if k != "seite" and v})
    return render(request, "portal/audit_log.html", {
        "page": page, "rows": rows, "form": form, "query": query,
        "filtered": any(filters.values()), "accounts_hidden": bool(hidden),
    }, status=400 if form.is_bound and not form.is_valid() else 200)
