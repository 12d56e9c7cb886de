"""Every selector that reads region- or provider-bound rows is scoped to its user.

- A selector without a `user` parameter must say in its name that it is unscoped (for
  services, documents and commands) or public, or be listed below as a read of data that
  belongs to no region.
- Each selector with a `user` is called as the region 06635 and as the walk's provider, with
  samples of both regions for its other parameters; then every region- or provider-bound row
  of the foreign region 06411 (found in the app registry, like the URL walk) is changed in the
  database, and each selector is called again: its answer must not change. A selector that
  forgets its scoping answers differently, whatever page (or API endpoint) uses it.
"""

import importlib
import inspect
from dataclasses import asdict, is_dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.http import Http404

from aqb.accounts.models import Provider, User
from aqb.agreements.models import Agreement
from aqb.budgets.models import ProgrammeYear, Scenario
from aqb.conferences.models import Conference
from aqb.funding.models import Notice
from aqb.jobs.models import Job
from aqb.projects.models import Project
from aqb.regions.models import Region
from aqb.surveys.models import Survey
from tests.test_url_access import FOREIGN, OWN, bound_models, world  # noqa: F401

# Reads without a user that are fine: their rows belong to no region or provider.
NOT_BOUND = {
    "aqb.budgets.selectors.programme_year_list", "aqb.budgets.selectors.programme_year_get",
    "aqb.budgets.selectors.indicator_sets", "aqb.regions.selectors.ministry_on",
    "aqb.regions.selectors.granting_authority",
    # published programme years: public by construction, bound to no region
    "aqb.opendata.selectors.public_years", "aqb.opendata.selectors.public_year_get",
    # work-list helpers: words and links for rows already scoped
    "aqb.funding.worklists.link_for", "aqb.funding.worklists.due_state",
    "aqb.funding.worklists.waiting_state", "aqb.funding.worklists.urgent_count",
    # callers pass an object they resolved (and so checked) or a queryset they scoped:
    "aqb.audit.selectors.history_for", "aqb.agreements.selectors.status_counts",
    "aqb.agreements.selectors.agreement_revision",
    "aqb.monitoring.selectors.participant_revision", "aqb.funding.selectors.proof_revision",
    "aqb.audit.selectors.audit_chain_verify", "aqb.audit.selectors.parse_head",
    "aqb.audit.selectors.audit_head", "aqb.projects.selectors.measure_title",
    "aqb.agreements.selectors.agreement_snapshot", "aqb.agreements.selectors.version_diff",
    "aqb.agreements.selectors.version_date",
    # an agreement template belongs to a programme year, not to a region
    "aqb.agreements.selectors.template_current",
    # audit sits below accounts and knows no roles: the Protokoll page (portal) passes what
    # the reader may not see (`hidden_types`, required)
    "aqb.audit.selectors.audit_log_entries", "aqb.audit.selectors.audit_log_facets",
}
UNSCOPED_WORDS = ("_unscoped", "internal_", "published_")


# modules of reads: each app's selectors.py, the funding work lists and ledger, and the
# monitoring figures
READ_MODULES = ("selectors", "worklists", "ledger", "figures")


def selectors():
    for config in apps.get_app_configs():
        if not config.name.startswith("aqb."):
            continue
        for module_name in READ_MODULES:
            yield from _functions(config.name, module_name)


def _functions(app: str, module_name: str):
    try:
        module = importlib.import_module(f"{app}.{module_name}")
    except ModuleNotFoundError:
        return
    for name, fn in vars(module).items():
        if inspect.isfunction(fn) and fn.__module__ == module.__name__ \
                and not name.startswith("_"):
            yield f"{module.__name__}.{name}", fn


def test_unscoped_reads_say_so_in_their_name():
    wrong = [path for path, fn in selectors()
             if "user" not in inspect.signature(fn).parameters
             and not any(w in path.rsplit(".", 1)[1] for w in UNSCOPED_WORDS)
             and path not in NOT_BOUND]
    assert not wrong, (f"Selektoren ohne Nutzer: {wrong}. Bitte `user` als Pflichtargument "
                       "nehmen und filtern, oder den Namen auf _unscoped enden lassen "
                       "(nur für Dienste, Dokumente und Befehle).")


def test_the_user_is_a_required_keyword():
    optional = [path for path, fn in selectors()
                if (p := inspect.signature(fn).parameters.get("user")) is not None
                and (p.default is not p.empty or p.kind != p.KEYWORD_ONLY)]
    assert not optional, f"`user` muss ein Pflicht-Schlüsselwortargument sein: {optional}"


def _samples(name: str) -> dict[str, list]:
    """Values per parameter name, of both regions where the parameter is region-bound."""
    own, foreign = Region.objects.get(ags=OWN), Region.objects.get(ags=FOREIGN)
    drafts = [Agreement.objects.get(region__ags=a, is_current=True).pk for a in (OWN, FOREIGN)]
    projects = [p.pk for p in Project.objects.filter(region__ags__in=(OWN, FOREIGN))]
    by_name = {
        "agreement_get": {"pk": drafts},
        "project_get": {"pk": projects},
        "user_get": {"pk": list(User.objects.filter(
            username__in=("mitglied-06635", "mitglied-06411")).values_list("pk", flat=True))},
        "membership_get": {
            "account": list(User.objects.filter(username__startswith="mitglied-")),
            "pk": [m.pk for u in User.objects.filter(username__startswith="mitglied-")
                   for m in u.memberships.all()]},
        "provider_get": {"pk": list(Provider.objects.values_list("pk", flat=True))},
        "region_get": {"ags": [OWN, FOREIGN]},
        "job_get": {"pk": list(Job.objects.values_list("pk", flat=True))},
        "survey_get": {"pk": list(Survey.objects.values_list("pk", flat=True))},
        "ledger_notice": {"notice": list(Notice.objects.filter(
            region__ags__in=(OWN, FOREIGN)).order_by("region__ags"))},
    }
    common = {
        "programme_year": [ProgrammeYear.objects.get(year=2025)],
        "region": [own, foreign],
        "scenario": [Scenario.objects.get(name="Walker")],
        "year": [2025],
        "by": [["region"], ["project", "quarter", "gender"]],
        "suppressed": [False],
        "day": [date(2025, 9, 1)],
        "on": [date(2025, 9, 1)],
        "today": [date(2025, 9, 1), date(2026, 7, 15)],
        "ags": [OWN, FOREIGN],
        "agreement": [Agreement.objects.get(pk=pk) for pk in drafts],
        "agreements": [list(Agreement.objects.filter(pk__in=drafts))],
        "notice": list(Notice.objects.filter(region__ags__in=(OWN, FOREIGN))),
        "survey": list(Survey.objects.all()),
        "conference": list(Conference.objects.all()),
    }
    return {**common, **by_name.get(name, {})}


_OMIT = object()


def _calls(name: str, fn):
    """Keyword sets to call `fn` with: every sample of each parameter, optional ones also
    left out."""
    samples = _samples(name)
    calls = [{}]
    for p in inspect.signature(fn).parameters.values():
        if p.name == "user":
            continue
        optional = p.default is not p.empty
        assert p.name in samples or optional, \
            f"{name}: kein Beispiel für „{p.name}“ (in _samples eintragen)"
        options = ([_OMIT] if optional else []) + samples.get(p.name, [])
        calls = [{**c, p.name: v} if v is not _OMIT else c for c in calls for v in options]
    return calls


def _plain(value):
    """A comparable picture of a selector's answer, with every field value of every row."""
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk, sorted(
            (k, _plain(v)) for k, v in vars(value).items()
            if not k.startswith("_") and not isinstance(v, models.Model)))
    if isinstance(value, models.QuerySet):
        return [_plain(v) for v in value]
    if is_dataclass(value):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return sorted((repr(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal | int | str | date | bool | type(None)):
        return value
    return repr(value)


def _ref(value):
    """A model (or a list of models) by label and pk: stable when its fields change."""
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list):
        return [_ref(v) for v in value]
    return value


def _answers(users) -> dict:
    out = {}
    for path, fn in selectors():
        if "user" not in inspect.signature(fn).parameters:
            continue
        name = path.rsplit(".", 1)[1]
        for role, user in users.items():
            for kwargs in _calls(name, fn):
                key = (path, role, repr(sorted((k, _ref(v)) for k, v in kwargs.items())))
                try:
                    out[key] = _plain(fn(user=user, **kwargs))
                except Http404:
                    out[key] = "404"
    return out


def _change_foreign_rows() -> None:
    """Change every money amount and free text of the foreign region's bound rows, of the
    foreign region itself and of providers the walk's provider does not run."""
    for label, path in bound_models().items():
        if not path.endswith("region"):
            continue
        model = apps.get_model(label)
        qs = model._default_manager.filter(**{f"{path}__ags": FOREIGN})
        _change(model, qs)
    _change(Region, Region.objects.filter(ags=FOREIGN))
    _change(Provider, Provider.objects.exclude(name="Walker-Träger"))


def _change(model, qs) -> None:
    updates = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.unique or f.choices:
            continue
        if isinstance(f, models.DecimalField):
            updates[f.name] = F(f.name) + 1
        elif isinstance(f, models.CharField | models.TextField) and f.max_length != 64 \
                and not (f.max_length is not None and f.max_length <= 5):
            # (hashes of 64 and keys of up to 5 characters, like an AGS, are kept: appending
            # would overflow them on PostgreSQL)
            updates[f.name] = Concat(F(f.name), Value("x"))
    if updates:
        qs.update(**updates)


@pytest.mark.django_db
def test_no_selector_answer_depends_on_a_foreign_region(world):  # noqa: F811
    users = {"region": world["users"]["region"], "provider": world["users"]["provider"]}
    before = _answers(users)
    _change_foreign_rows()
    for user in users.values():
        user._aqb_principal = None
    after = _answers(users)
    changed = sorted({f"{path} als {role}" for key, v in before.items()
                      if after[key] != v for path, role, _ in [key]})
    assert not changed, f"Antworten hängen von Daten von {FOREIGN} ab: {changed}"
