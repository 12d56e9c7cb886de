"""Demo participants: plainly marked, a few hundred per region, every attribute used, small
groups for suppression, re-entries, counts built; loading twice adds nothing."""

import pytest
from django.db.models import Count

from aqb.demo import monitoring as demo
from aqb.monitoring.models import Participant, Tally
from aqb.projects.models import Project
from aqb.regions.models import Region


@pytest.mark.django_db
def test_demo_participants_are_marked_plausible_and_idempotent():
    for ags in ("06635", "06411"):
        region = Region.objects.get(ags=ags)
        for n in range(1, 5):
            Project.objects.create(region=region, measure_number=n, name=f"Demo {ags} {n}",
                                   first_year=2025, is_demo=True)
    Project.objects.create(region=region, measure_number=1, name="Später", first_year=2026)
    written = demo.load()
    assert written == Participant.objects.count() > 0
    assert not Participant.objects.filter(project__first_year=2026).exists()
    assert not Participant.objects.filter(is_demo=False).exists()
    assert not Participant.objects.exclude(pseudonym__startswith="t:DEMO-").exists()
    per_region = dict(Participant.objects.values_list("project__region__ags")
                      .annotate(n=Count("id")))
    assert all(100 <= n <= 500 for n in per_region.values()), per_region
    assert Participant.objects.filter(entries__gt=1).exists()
    assert Participant.objects.exclude(outcome_6m="").filter(consent=True).exists()
    assert not Participant.objects.exclude(outcome_6m="").filter(consent=False).exists()
    for field in ("gender", "scheme", "employment", "education", "nationality", "disability",
                  "outcome"):
        assert Participant.objects.values(field).distinct().count() >= 3, field
    sizes = Participant.objects.values("project").annotate(n=Count("id"))
    assert any(s["n"] <= 2 for s in sizes)  # small groups: suppression shows
    assert Tally.objects.filter(is_demo=True, attribute="").count() > 0
    assert demo.load() == 0 and Participant.objects.count() == written
