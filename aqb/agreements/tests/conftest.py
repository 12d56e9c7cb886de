from datetime import date
from decimal import Decimal

import pytest

from aqb.agreements import services as ag
from aqb.budgets.models import Allocation, ProgrammeYear
from aqb.regions.models import Region


@pytest.fixture
def year_2025(db):
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    from aqb.budgets.models import DEFAULT_MEASURE_TYPES

    for n, title in DEFAULT_MEASURE_TYPES.items():
        py.measure_types.create(number=n, title=title)
    return py


@pytest.fixture
def wf_draft(year_2025, ministry_user):
    region = Region.objects.get(ags="06635")
    Allocation.objects.create(programme_year=year_2025, region=region, amount=Decimal("773920"))
    return ag.agreement_create_draft(actor=ministry_user, region=region,
                                     programme_year=year_2025)


def sign_both(agreement, actor, region_actor=None):
    ag.agreement_sign(actor=actor, agreement=agreement, party="ministry", place="Wiesbaden",
                      day=date(2025, 8, 2), name="Heike Hofmann", title="Staatsministerin")
    return ag.agreement_sign(actor=region_actor or actor, agreement=agreement, party="region",
                             place="Korbach", day=date(2025, 8, 13),
                             name="Karl-Friedrich Frese", title="Erster Kreisbeigeordneter")
