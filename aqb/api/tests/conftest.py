"""A programme year with allocations, agreements and projects in two regions, and one API
token per role."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from aqb.accounts.models import Provider, Role
from aqb.agreements import services as ag
from aqb.api.services import token_create
from aqb.budgets.models import DEFAULT_MEASURE_TYPES, Allocation, ProgrammeYear
from aqb.projects.models import Project
from aqb.regions.models import Region
from conftest import make_user

OWN, FOREIGN = "06635", "06411"


@dataclass
class World:
    year: ProgrammeYear
    own: Region
    foreign: Region
    own_agreement: object
    foreign_agreement: object
    own_project: Project
    foreign_project: Project
    provider: Provider
    tokens: dict


def sign_both(agreement, actor):
    ag.agreement_sign(actor=actor, agreement=agreement, party="ministry", place="Wiesbaden",
                      day=date(2025, 8, 2), name="Heike Hofmann", title="Staatsministerin")
    return ag.agreement_sign(actor=actor, agreement=agreement, party="region",
                             place="Korbach", day=date(2025, 8, 13),
                             name="Karl-Friedrich Frese", title="Erster Kreisbeigeordneter")


@pytest.fixture
def world(db) -> World:
    ministry = make_user("api-min", Role.MINISTRY)
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    for n, title in DEFAULT_MEASURE_TYPES.items():
        py.measure_types.create(number=n, title=title)
    own, foreign = Region.objects.get(ags=OWN), Region.objects.get(ags=FOREIGN)
    Allocation.objects.create(programme_year=py, region=own, amount=Decimal("773920"))
    Allocation.objects.create(programme_year=py, region=foreign, amount=Decimal("987654"))
    provider = Provider.objects.create(name="Bildungswerk Nord gGmbH")
    own_agreement = ag.agreement_create_draft(actor=ministry, region=own, programme_year=py)
    foreign_agreement = ag.agreement_create_draft(actor=ministry, region=foreign,
                                                  programme_year=py)
    ag.agreement_add_project(actor=ministry, agreement=own_agreement, measure_number=1,
                             name="Aktivierung und Vermittlung von Migranten", short_name="AVIA",
                             provider=provider, planned_amount=Decimal("120000"),
                             planned_participants=24)
    ag.agreement_add_project(actor=ministry, agreement=foreign_agreement, measure_number=2,
                             name="Geheimprojekt Darmstadt")
    own_agreement.refresh_from_db()
    ag.agreement_agree(actor=ministry, agreement=own_agreement)
    own_agreement = sign_both(own_agreement, ministry)
    own_project = Project.objects.get(region=own)
    foreign_project = Project.objects.get(region=foreign)
    users = {
        "ministry": ministry,
        "authority": make_user("api-rp", Role.AUTHORITY),
        "region": make_user("api-wf", Role.REGION, region=own),
        "foreign": make_user("api-da", Role.REGION, region=foreign),
        "provider": make_user("api-tr", Role.PROVIDER, provider=provider),
        "none": make_user("api-ohne"),
    }
    tokens = {role: token_create(actor=u, user=u, name=f"Test {role}")[1]
              for role, u in users.items()}
    return World(py, own, foreign, own_agreement, foreign_agreement, own_project,
                 foreign_project, provider, tokens)


def api_get(token: str | None, path: str, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(f"/api/v1{path}", params, **headers)
