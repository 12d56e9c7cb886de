from decimal import Decimal

import pytest

from aqb.agreements import services as ag
from aqb.budgets.models import Allocation, ProgrammeYear
from aqb.regions.models import Region

from .helpers import notice_of, ready_application_of

ALLOCATION = Decimal("500000")


@pytest.fixture
def year(db, ministry_user):
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    for n in range(1, 5):
        py.measure_types.create(number=n, title=f"Maßnahmeart {n}")
    for ags in ("06635", "06411"):
        region = Region.objects.get(ags=ags)
        Allocation.objects.create(programme_year=py, region=region, amount=ALLOCATION)
        a = ag.agreement_create_draft(actor=ministry_user, region=region, programme_year=py)
        ag.agreement_add_project(actor=ministry_user, agreement=a, measure_number=1,
                                 name=f"Ausbildungsprojekt {ags}")
        ag.agreement_add_project(actor=ministry_user, agreement=a, measure_number=2,
                                 name=f"Qualifizierungsprojekt {ags}")
    return py


@pytest.fixture
def projects(year):
    from aqb.funding.selectors import agreement_projects_unscoped

    return list(agreement_projects_unscoped(Region.objects.get(ags="06635"), year))


@pytest.fixture
def ready_application(year, projects, region_user, authority_user):
    """An application of Landkreis Waldeck-Frankenberg, ready for the notice (80 000 EUR
    requested on 100 000 EUR costs)."""
    return ready_application_of(projects[0], region_user=region_user,
                                authority_user=authority_user,
                                region=Region.objects.get(ags="06635"), programme_year=year)


@pytest.fixture
def notice(ready_application, authority_user):
    """The notice over 80 000 EUR (Anteilfinanzierung 80 %) for `ready_application`."""
    return notice_of(ready_application, authority_user=authority_user)


@pytest.fixture
def proof(notice, projects, region_user):
    """The region's final proof of `notice` (submitted: 55 000 personnel, 35 000 material,
    20 000 own funds)."""
    from datetime import date

    from aqb.funding import proofs as ps
    from aqb.funding.models import ProofKind

    return ps.proof_submit(actor=region_user, notice=notice, kind=ProofKind.FINAL,
                           date=date(2026, 3, 1), report="Sachbericht 2025",
                           lines=[ps.ProofLineInput(project_id=projects[0].pk,
                                                    personnel_costs=Decimal("55000"),
                                                    material_costs=Decimal("35000"),
                                                    own_funds=Decimal("20000"))])
