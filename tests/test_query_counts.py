"""The heavy pages read the database a bounded number of times, whatever the number of regions
with agreements, applications, notices, projects and participant records (issue 13, "Load";
docs/reliability.md).

One data set is built through the services (the demo's own builders): first six regions with
agreements, projects, applications in every state of the funding procedure (draft to settled,
with payment requests), participant records, the year published. Every page below is opened
and its queries counted. Then six more regions get the same (agreements, projects,
applications, notices, payments, participants) and every page is counted again: the counts
must not grow (a constant slack of SLACK queries is allowed for pages that show one more
kind of thing, none is needed today).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aqb.accounts.models import Role
from aqb.regions.models import Region
from conftest import make_user

YEAR = 2025
FIRST = {"06411": "draft", "06412": "submitted", "06413": "query", "06414": "ready",
         "06635": "granted", "06611": "settled"}
MORE = {"06431": "draft", "06432": "submitted", "06433": "query", "06434": "ready",
        "06435": "granted", "06436": "settled"}
SLACK = 0

# (who, path): who is "ministerium", "rp", "region" (06635) or "public"
PAGES = [
    ("ministerium", f"/steuerung/{YEAR}/"),
    ("ministerium", f"/steuerung/{YEAR}/gebiet/06635/"),
    ("ministerium", f"/kennzahlen/{YEAR}/"),
    ("ministerium", f"/programmjahre/{YEAR}/"),
    ("ministerium", f"/programmjahre/{YEAR}/gebietskoerperschaften/06635/"),
    ("ministerium", "/zielvereinbarungen/"),
    ("ministerium", "/foerderung/"),
    ("ministerium", "/regionen/"),
    ("ministerium", "/regionen/06635/"),
    ("rp", "/foerderung/"),
    ("rp", "/foerderung/arbeitsliste/"),
    ("rp", f"/foerderung/haushalt/{YEAR}/"),
    ("region", "/foerderung/"),
    ("region", "/foerderung/06635/aufgaben/"),
    ("region", "/zielvereinbarungen/"),
    ("region", f"/kennzahlen/{YEAR}/gebiet/06635/"),
    ("region", "/foerderung/bescheide/{notice}/"),
    ("region", "/foerderung/bescheide/{notice}/mittelabrufe/"),
    ("region", "/zielvereinbarungen/{agreement}/"),
    ("public", "/oeffentlich/"),
    ("public", f"/oeffentlich/{YEAR}/"),
    ("public", "/oeffentlich/regionen/06635/"),
    ("public", "/opendata/"),
]


def _agreement(ministry, region, py) -> None:
    """A draft agreement with two projects and targets, as the demo builds the 25 drafts."""
    from aqb.agreements import services as ag
    from aqb.demo import targets as targets_demo

    a = ag.agreement_create_draft(actor=ministry, region=region, programme_year=py,
                                  is_demo=True)
    for number, name in ((1, f"Ausbildungsvorbereitung {region.ags}"),
                         (3, f"Qualifizierung {region.ags}")):
        ag.agreement_add_project(actor=ministry, agreement=a, measure_number=number,
                                 name=name, short_name="", label="")
    targets_demo.load(ministry=ministry, agreement=a)


def _build(stages: dict[str, str], *, ministry, authority, region_user) -> None:
    from aqb.budgets.models import ProgrammeYear
    from aqb.demo import funding as funding_demo
    from aqb.demo import monitoring as monitoring_demo

    py = ProgrammeYear.objects.get(year=YEAR)
    for ags, stage in stages.items():
        region = Region.objects.get(ags=ags)
        _agreement(ministry, region, py)
        actor = region_user if ags == "06635" else funding_demo.SYSTEM
        funding_demo._carry(region, py, stage, actor, authority)
    monitoring_demo.load()


def _more_in_06635(*, ministry, authority, region_user) -> None:
    """More records of the one region whose own pages are counted: a project more in its
    agreement, two more payment requests (paid) on its notice, more participants."""
    import datetime
    from decimal import Decimal

    from aqb.agreements import services as ag
    from aqb.agreements.models import Agreement
    from aqb.demo import monitoring as monitoring_demo
    from aqb.funding import payments
    from aqb.funding.models import Notice
    from aqb.monitoring.records import participants_store

    agreement = Agreement.objects.get(region__ags="06635", programme_year__year=YEAR)
    ag.agreement_add_project(actor=ministry, agreement=agreement, measure_number=3,
                             name="Noch ein Projekt", short_name="", label="")
    notice = Notice.objects.get(region__ags="06635")
    for month in (10, 11):
        request = payments.payment_request(
            actor=region_user, notice=notice, date=datetime.date(YEAR, month, 1),
            amount=Decimal("10000"), needed_by=datetime.date(YEAR, month, 20),
            reason="Weitere Kosten", use_of_earlier="Verwendet.")
        payments.payment_release_and_pay(actor=authority, payment=request,
                                         paid_on=datetime.date(YEAR, month, 5))
    project = monitoring_demo.projects_2025().filter(region__ags="06635").first()
    rng = __import__("random").Random(13)
    rows = []
    for number in range(90000, 90200):
        rows += monitoring_demo._person(rng, number, "06635", ["06635", "06611"], 0.03)
    participants_store(actor=ministry, project=project, year=YEAR, rows=rows)


def _count(clients: dict[str, Client]) -> dict[tuple[str, str], int]:
    from aqb.agreements.models import Agreement
    from aqb.funding.models import Notice

    ids = {"notice": Notice.objects.get(region__ags="06635").pk,
           "agreement": Agreement.objects.get(region__ags="06635", programme_year__year=YEAR).pk}
    counts = {}
    for who, path in PAGES:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = clients[who].get(path.format(**ids))
        assert response.status_code == 200, (who, path, response.status_code)
        counts[(who, path)] = len(ctx.captured_queries)
    return counts


@pytest.mark.django_db
def test_heavy_pages_do_not_read_more_with_more_regions_and_records():
    from decimal import Decimal

    from aqb.budgets import services as budget_services
    from aqb.opendata.services import year_publish

    ministry = make_user("ministerium", Role.MINISTRY)
    authority = make_user("rp", Role.AUTHORITY)
    region_user = make_user("wf", Role.REGION, region=Region.objects.get(ags="06635"))
    py = budget_services.programme_year_create(actor=ministry, year=YEAR,
                                               total=Decimal("28700000"))
    for n, region in enumerate(Region.objects.order_by("ags")):
        budget_services.allocation_set(actor=ministry, programme_year=py, region=region,
                                       amount=Decimal(500_000 + 10_000 * n))
    _build(FIRST, ministry=ministry, authority=authority, region_user=region_user)
    year_publish(actor=ministry, programme_year=py)

    clients = {"public": Client()}
    for who, user in (("ministerium", ministry), ("rp", authority), ("region", region_user)):
        clients[who] = Client()
        clients[who].force_login(user)
    few = _count(clients)
    _build(MORE, ministry=ministry, authority=authority, region_user=region_user)
    _more_in_06635(ministry=ministry, authority=authority, region_user=region_user)
    more = _count(clients)

    grown = {key: (few[key], more[key]) for key in few if more[key] > few[key] + SLACK}
    report = "\n".join(f"{who:12} {path:50} {few[(who, path)]:4} -> {more[(who, path)]:4}"
                       for who, path in few)
    print(report)
    assert not grown, "Abfragen wachsen mit den Daten:\n" + "\n".join(
        f"{who} {path}: {a} -> {b}" for (who, path), (a, b) in grown.items())
