"""Demo targets: every 2025 agreement line has its targets, the amounts split each region's
allocation exactly, and the goal assessment shows regions in every rating."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Sum

from aqb.accounts.models import User
from aqb.agreements.models import AgreementProject
from aqb.budgets.models import Allocation
from aqb.steering.assessment import BEHIND, ON_TRACK, WATCH, assessment


@pytest.mark.django_db
def test_demo_targets_set_and_rated():
    call_command("demo_load")
    lines = AgreementProject.objects.filter(measure__agreement__programme_year__year=2025)
    assert lines.exists() and not lines.filter(planned_participants__isnull=True).exists()
    for alloc in Allocation.objects.filter(programme_year__year=2025):
        planned = lines.filter(measure__agreement__region=alloc.region).aggregate(
            s=Sum("planned_amount"))["s"]
        assert planned == alloc.amount, alloc.region.ags
    result = assessment(user=User.objects.get(username="ministerium"), year=2025,
                        on=datetime.date(2025, 12, 31))
    ratings = Counter(ra.total.rating for ra in result.regions)
    assert ratings[ON_TRACK] and ratings[WATCH] and ratings[BEHIND], ratings
