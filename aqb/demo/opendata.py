"""Demo: programme year 2025 published for the public (pages /oeffentlich/, files and
catalogue under /opendata/, the public API)."""

from aqb.budgets.models import ProgrammeYear
from aqb.opendata.models import PublishedYear
from aqb.opendata.services import year_publish


def load(*, ministry, year: int = 2025) -> None:
    py = ProgrammeYear.objects.get(year=year)
    if not PublishedYear.objects.filter(programme_year=py).exists():
        year_publish(actor=ministry, programme_year=py)
