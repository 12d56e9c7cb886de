from decimal import Decimal

import pytest

from aqb.agreements import services as ag
from aqb.budgets.models import Allocation, ProgrammeYear
from aqb.regions.models import Region

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
    from aqb.funding import services as fs

    region = Region.objects.get(ags="06635")
    app = fs.application_create(actor=region_user, region=region, programme_year=year)
    fs.application_set_plan(actor=region_user, application=app, lines=[
        fs.LineInput(project_id=projects[0].pk, personnel_costs=Decimal("60000"),
                     material_costs=Decimal("40000"), own_funds=Decimal("20000")),
    ])
    fs.application_submit(actor=region_user, application=app)
    fs.application_start_review(actor=authority_user, application=app)
    fs.application_sign_off(actor=authority_user, application=app, part="content")
    fs.application_sign_off(actor=authority_user, application=app, part="arithmetic")
    fs.application_mark_ready(actor=authority_user, application=app)
    app.refresh_from_db()
    return app


@pytest.fixture
def notice(ready_application, authority_user):
    """The notice over 80 000 EUR (Anteilfinanzierung 80 %) for `ready_application`."""
    from datetime import date

    from aqb.funding.notices import NoticeInput, notice_issue

    return notice_issue(actor=authority_user, application=ready_application,
                        data=NoticeInput(date=date(2025, 4, 15), share_percent=Decimal("80")))
