import datetime

import pytest

from aqb.monitoring.records import ParticipantData
from aqb.projects.models import Project


@pytest.fixture
def project(region_wf, provider):
    """A 2025 project of Landkreis Waldeck-Frankenberg run by the test provider."""
    return Project.objects.create(region=region_wf, measure_number=1, name="Ausbildung plus",
                                  short_name="AP", provider=provider, first_year=2025,
                                  planned_participants=40)


@pytest.fixture
def foreign_project(region_foreign):
    return Project.objects.create(region=region_foreign, measure_number=2,
                                  name="Fremdes Projekt", short_name="FP", first_year=2025)


def person(pseudonym="t:A-1", entry=datetime.date(2025, 2, 3), **more) -> ParticipantData:
    """Checked input of one participant (provider id pseudonym)."""
    values = dict(pseudonym=pseudonym, pseudonym_kind="provider", entry_date=entry,
                  gender="w", birth_year=2004, scheme="sgb2", residence_ags="06635")
    values.update(more)
    return ParticipantData(**values)
