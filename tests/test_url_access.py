"""Walks every URL pattern of the project for every role and checks who gets what.

Each view declares its access kind with `aqb.accounts.policy.access(...)`. This test
- fails for a view without a declaration or a URL without a name (so new views are covered),
- fails for a URL kwarg it cannot fill (add a sample below),
- opens each URL as anonymous, ministry, authority, region (06635), foreign region (06411) and
  provider, expects allowed or denied by the declaration and the object's region,
- fails if a denied answer (or any page of a non-state user) carries another region's data,
- POSTs to every denied URL and checks that nothing changed.
"""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from aqb.accounts import policy
from aqb.accounts.models import Role
from aqb.agreements.models import Agreement, AgreementProject, Status
from aqb.audit.models import AuditEntry
from aqb.budgets.models import Allocation, ProgrammeYear
from aqb.regions.models import MinistryName, Region, Signatory
from conftest import make_user

OWN, FOREIGN = "06635", "06411"
# Data of a region that only its own users and the state may see (allocation, draft content).
SECRET = {OWN: ["773.920", "Entwurfsprojekt 06635"], FOREIGN: ["987.654", "Entwurfsprojekt 06411"]}
NAMES = {OWN: "Waldeck-Frankenberg", FOREIGN: "Wissenschaftsstadt Darmstadt"}


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(p.url_patterns, prefix + str(p.pattern), full_ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p.callback


# kwarg samples: name -> callable(region_ags) -> value. Region-bound kwargs get the region
# under test (own or foreign); others a fixed object.
def _signatory_pk(ags: str) -> int:
    region = Region.objects.get(ags=ags)
    sig, _ = Signatory.objects.get_or_create(region=region, name=f"Person {ags}", title="Landrat")
    return sig.pk


def _draft_pk(ags: str) -> int:
    return Agreement.objects.get(region__ags=ags, is_current=True).pk


def _api_token_pk(ags: str) -> int:
    """A token of someone else: every walker role must get 404 (or 405 on GET)."""
    from aqb.api.models import ApiToken

    token = ApiToken.objects.filter(name="Walker").first()
    if token is None:
        owner = make_user("walker-token-owner")
        token = ApiToken.objects.create(user=owner, name="Walker", prefix="aqb_walker",
                                        key_hash="0" * 64)
    return token.pk


def _published_pk(ags: str) -> int:
    return Agreement.objects.get(region__ags=ags, status=Status.PUBLISHED).pk


def _entry_pk(ags: str) -> int:
    return AgreementProject.objects.filter(measure__agreement_id=_draft_pk(ags)).first().pk


SAMPLES: dict[str, Callable[[str], object]] = {
    "ags": lambda ags: ags,
    "year": lambda ags: 2025,
    "fmt": lambda ags: "txt",
    "name": lambda ags: "agree",
    "entry": _entry_pk,
}
SAMPLES_BY_URL: dict[str, dict[str, Callable[[str], object]]] = {
    "regions:ministry_name_edit": {"pk": lambda ags: MinistryName.objects.first().pk},
    "regions:signatory_edit": {"pk": _signatory_pk},
    **{f"agreements:{n}": {"pk": _draft_pk} for n in (
        "detail", "download", "budgets", "project_add", "project_remove",
        "transition", "sign_ministry", "sign_region", "amend")},
    "api:agreement": {"agreement_id": _draft_pk},
    "api_token_revoke": {"pk": _api_token_pk},
    **{f"public:{n}": {"pk": _published_pk} for n in ("detail", "pdf")},
    "agreements:signed_file": {"pk": _published_pk},
}
def _project_pk(ags: str) -> int:
    """The first project of the region's agreements; OWN's is run by the walker's provider."""
    from aqb.accounts.models import Provider
    from aqb.projects.models import Project

    project = Project.objects.filter(region__ags=ags).order_by("pk").first()
    if ags == OWN and project.provider_id is None:
        project.provider = Provider.objects.get(name="Walker-Träger")
        project.save()
    return project.pk


SAMPLES_BY_URL["projects:detail"] = {"pk": _project_pk}
SAMPLES_BY_URL["projects:edit"] = {"pk": _project_pk}
SAMPLES_BY_URL["projects:provider"] = {"pk": _project_pk}
# URL names whose object belongs to the region given to build() (besides <str:ags> routes).
REGION_BOUND = {name for name in SAMPLES_BY_URL
                if name.startswith(("agreements:", "public:", "projects:", "api:"))}


def _budget_scenario_pk(ags: str) -> int:
    from aqb.budgets.models import IndicatorSet, Scenario

    py = ProgrammeYear.objects.get(year=2025)
    ind, _ = IndicatorSet.objects.get_or_create(programme_year=py, name="Walker",
                                                defaults={"indicators": ["x"], "values": {}})
    sc, _ = Scenario.objects.get_or_create(
        programme_year=py, name="Walker", defaults={
            "indicator_set": ind, "total": Decimal("1000"), "weights": {"x": "1"},
            "floor": Decimal("0"), "unit": Decimal("1")})
    return sc.pk


def _budget_earmark_pk(ags: str) -> int:
    py = ProgrammeYear.objects.get(year=2025)
    return py.earmarks.get_or_create(name="Walker", defaults={"amount": Decimal("1000")})[0].pk


def _account_pk(ags: str) -> int:
    from aqb.accounts.models import User

    return User.objects.get(username="walker-rp").pk


def _membership_pk(ags: str) -> int:
    from aqb.accounts.models import Membership

    return Membership.objects.get(user__username="walker-rp").pk


def _provider_pk(ags: str) -> int:
    from aqb.accounts.models import Provider

    return Provider.objects.get(name="Walker-Träger").pk


SAMPLES_BY_URL.update({
    **{f"accounts:{n}": {"pk": _account_pk} for n in (
        "user_detail", "user_edit", "user_password", "user_status", "membership_add")},
    "accounts:membership_remove": {"pk": _account_pk, "membership": _membership_pk},
    "accounts:provider_edit": {"pk": _provider_pk},
})


SAMPLES_BY_URL.update({
    "budgets:scenario_adopt": {"pk": _budget_scenario_pk},
    "budgets:earmark_distribute": {"pk": _budget_earmark_pk},
    "budgets:export_table": {"table": lambda ags: "zuweisungen", "fmt": lambda ags: "csv"},
})


def _agreements(py, ministry):
    """Per region: a published version 1 (public) and a current draft version 2 (secret)."""
    from datetime import date

    from aqb.agreements import services as ag

    for ags in (OWN, FOREIGN):
        region = Region.objects.get(ags=ags)
        a = ag.agreement_create_draft(actor=ministry, region=region, programme_year=py)
        ag.agreement_set_budgets(actor=ministry, agreement=a,
                                 lines=[("Ausbildungs- und Qualifizierungsbudget",
                                         Decimal("500000"))])
        ag.agreement_add_project(actor=ministry, agreement=a, measure_number=1,
                                 name=f"Öffentliches Projekt {ags}")
        ag.agreement_agree(actor=ministry, agreement=a)
        ag.agreement_sign(actor=ministry, agreement=a, party="ministry", place="Wiesbaden",
                          day=date(2025, 8, 2), name="Heike Hofmann", title="Staatsministerin")
        ag.agreement_sign(actor=ministry, agreement=a, party="region", place="Ort",
                          day=date(2025, 8, 13), name="Landrat", title="Landrat")
        ag.agreement_publish(actor=ministry, agreement=a)
        b = ag.agreement_amend(actor=ministry, agreement=a, reason="Walker")
        amount = Decimal("773920") if ags == OWN else Decimal("987654")
        ag.agreement_set_budgets(actor=ministry, agreement=b,
                                 lines=[("Ausbildungs- und Qualifizierungsbudget", amount)])
        ag.agreement_add_project(actor=ministry, agreement=b, measure_number=3,
                                 name=f"Entwurfsprojekt {ags}")


@pytest.fixture
def world(db):
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    for n in range(1, 5):
        py.measure_types.create(number=n, title=f"Maßnahmeart {n}")
    Allocation.objects.create(programme_year=py, region=Region.objects.get(ags=OWN),
                              amount=Decimal("773920"))
    Allocation.objects.create(programme_year=py, region=Region.objects.get(ags=FOREIGN),
                              amount=Decimal("987654"))
    ministry = make_user("walker-min", Role.MINISTRY)
    _agreements(py, ministry)
    provider_user = make_user("walker-provider")
    from aqb.accounts.models import Membership, Provider

    Membership.objects.create(user=provider_user, role=Role.PROVIDER,
                              provider=Provider.objects.create(name="Walker-Träger"))
    return {
        "anonymous": None,
        "ministry": ministry,
        "authority": make_user("walker-rp", Role.AUTHORITY),
        "region": make_user("walker-own", Role.REGION, region=Region.objects.get(ags=OWN)),
        "foreign_region": make_user("walker-foreign", Role.REGION,
                                    region=Region.objects.get(ags=FOREIGN)),
        "provider": provider_user,
    }


ROLE_REGION = {"region": OWN, "foreign_region": FOREIGN}


def expected_allowed(kind: str, role: str, object_region: str | None) -> bool:
    if kind == policy.PUBLIC:
        return True
    if role == "anonymous":
        return False
    if kind == policy.LOGIN:
        return True
    if kind == policy.STATE:
        return role in ("ministry", "authority")
    if kind == policy.MINISTRY:
        return role == "ministry"
    if kind == policy.REGION_OBJECT:
        if role in ("ministry", "authority"):
            return True
        return object_region is not None and ROLE_REGION.get(role) == object_region
    if kind == policy.PROJECT_OBJECT:
        if role in ("ministry", "authority"):
            return True
        if role == "provider":
            return object_region == OWN  # the walker's provider runs the project of OWN
        return object_region is not None and ROLE_REGION.get(role) == object_region
    if kind == policy.REGION_EDIT:
        if role == "ministry":
            return True
        return object_region is not None and ROLE_REGION.get(role) == object_region
    raise AssertionError(kind)


def url_cases():
    yield from walk(get_resolver().url_patterns)


def build(route: str, name: str | None, ags: str) -> str:
    assert name, f"URL „{route}“ hat keinen Namen: jede URL braucht einen, damit sie geprüft wird."
    import re

    kwargs = {}
    for kw in re.findall(r"<(?:\w+:)?(\w+)>", route):
        sample = SAMPLES_BY_URL.get(name, {}).get(kw) or SAMPLES.get(kw)
        assert sample, f"Für „{kw}“ in {name} ({route}) fehlt ein Beispiel in SAMPLES."
        kwargs[kw] = sample(ags)
    return reverse(name, kwargs=kwargs)


def is_denied(response) -> bool:
    # 401: the API without a valid token or session.
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "/anmelden/" in response.get("Location", "")


@pytest.mark.django_db
def test_every_view_declares_its_access():
    missing = [f"{name or route}" for route, name, cb in url_cases()
               if getattr(cb, "aqb_access", None) not in policy.ACCESS_KINDS]
    assert not missing, f"Views ohne Zugriffsdeklaration (policy.access): {missing}"


@pytest.mark.django_db
def test_every_url_answers_each_role_as_declared(world):
    problems = []
    for route, name, callback in url_cases():
        kind = callback.aqb_access
        bound = "<str:ags>" in route or name in REGION_BOUND
        targets = [OWN, FOREIGN] if bound else [OWN]
        for ags in targets:
            url = build(route, name, ags)
            object_region = ags if bound else None
            for role, user in world.items():
                client = Client()
                if user is not None:
                    client.force_login(user)
                response = client.get(url)
                allowed = expected_allowed(kind, role, object_region)
                raw = b"".join(response.streaming_content) if response.streaming else \
                    response.content
                body = raw.decode(errors="replace")
                if allowed and is_denied(response):
                    problems.append(f"{role} {url}: erwartet erlaubt, bekam {response.status_code}")
                if not allowed and not is_denied(response):
                    problems.append(f"{role} {url}: erwartet verweigert, bekam "
                                    f"{response.status_code}")
                if role in ("ministry", "authority"):
                    continue
                own = ROLE_REGION.get(role)
                for region_ags, markers in SECRET.items():
                    if region_ags == own:
                        continue
                    leaked = [m for m in markers if m in body]
                    # a provider may know the region of a project it runs
                    runs_here = role == "provider" and kind == policy.PROJECT_OBJECT and \
                        allowed and region_ags == object_region
                    if role != "anonymous" and kind != policy.PUBLIC and not runs_here and \
                            NAMES[region_ags] in body:
                        leaked.append(NAMES[region_ags])
                    if leaked:
                        problems.append(f"{role} {url}: zeigt Daten von {region_ags}: {leaked}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_denied_posts_change_nothing(world):
    problems = []
    for route, name, callback in url_cases():
        kind = callback.aqb_access
        bound = "<str:ags>" in route or name in REGION_BOUND
        for role, user in world.items():
            if expected_allowed(kind, role, FOREIGN if bound else None):
                continue
            url = build(route, name, FOREIGN)
            before = AuditEntry.objects.count()
            client = Client()
            if user is not None:
                client.force_login(user)
            response = client.post(url, {"name": "X", "total": "1", "title": "X"})
            # 405: a read-only endpoint (the API's GETs) refuses the method before anything else
            if not is_denied(response) and response.status_code != 405:
                problems.append(f"{role} POST {url}: {response.status_code}")
            if AuditEntry.objects.count() != before:
                problems.append(f"{role} POST {url}: hat etwas geändert")
    assert not problems, "\n".join(problems)


def _row_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.label not in ("sessions.Session",)}


@pytest.mark.django_db
def test_opening_a_page_writes_nothing(world):
    """No write on GET: every URL opened by each role leaves every table as it was (also
    where a page might be tempted to create what is missing, like the granting authority)."""
    from aqb.regions.models import GrantingAuthority

    GrantingAuthority.objects.all().delete()
    problems = []
    for route, name, _callback in url_cases():
        url = build(route, name, OWN)
        for role in ("ministry", "region", "provider"):
            client = Client()
            client.force_login(world[role])
            before = _row_counts()
            client.get(url)
            after = _row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            if changed:
                problems.append(f"{role} GET {url}: {changed}")
    assert not problems, "\n".join(problems)
