import io
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from aqb.accounts.models import Role
from aqb.budgets.models import ProgrammeYear
from aqb.conferences import services
from aqb.conferences.models import ConferenceStatus
from conftest import make_user


def conference_data(**over) -> services.ConferenceData:
    start = timezone.make_aware(datetime(2030, 10, 15, 9, 30))
    base = dict(title="Herbsttagung", starts_at=start, ends_at=start + timedelta(hours=7),
                place="Wiesbaden", description="Austausch", capacity=2,
                registration_deadline=date(2030, 10, 1), status=ConferenceStatus.OPEN)
    base.update(over)
    return services.ConferenceData(**base)


@pytest.fixture
def ministry(db):
    return make_user("min-c", Role.MINISTRY)


@pytest.fixture
def people(db, region_wf, region_foreign):
    """Three staff of 06635 and one of 06411."""
    return [make_user(f"wf-{n}", Role.REGION, region=region_wf) for n in range(3)] + [
        make_user("da-0", Role.REGION, region=region_foreign)]


@pytest.fixture
def conference(ministry):
    return services.conference_save(actor=ministry, data=conference_data())


@pytest.fixture
def measure(db):
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("1000"))
    return py.measure_types.create(number=2, title="Qualifizierung in Teilzeit")


def office_bytes(kind: str = "docx") -> bytes:
    part = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<x/>")
    return out.getvalue()
