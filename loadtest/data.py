"""Ids of the demo data the journeys of loadtest/locustfile.py open (run inside Django by
scripts/loadtest.sh; the result goes to the locust process as JSON, so locust never imports
Django)."""

from __future__ import annotations

YEAR = 2025
REGION = "06635"


def ids() -> dict:
    from aqb.accounts.models import Membership, Role
    from aqb.agreements.models import Agreement
    from aqb.funding.models import Application, Notice
    from aqb.opendata.selectors import public_years
    from aqb.projects.models import Project
    from aqb.regions.models import Region

    provider = Membership.objects.filter(
        user__username="traeger-demo", role=Role.PROVIDER).values_list("provider", flat=True)
    projects = [p.pk for p in Project.objects.filter(provider__in=list(provider)).order_by("pk")
                if p.runs_in(YEAR)]
    region_projects = [p.pk for p in Project.objects.filter(region__ags=REGION).order_by("pk")
                       if p.runs_in(YEAR)]
    return {
        "year": YEAR,
        "region": REGION,
        "regions": list(Region.objects.order_by("ags").values_list("ags", flat=True)),
        "public_years": [int(y) for y in public_years()],
        "agreements": list(Agreement.objects.filter(programme_year__year=YEAR)
                           .order_by("pk").values_list("pk", flat=True)),
        "region_agreements": list(Agreement.objects.filter(
            programme_year__year=YEAR, region__ags=REGION).values_list("pk", flat=True)),
        "applications": list(Application.objects.filter(region__ags=REGION)
                             .values_list("pk", flat=True)),
        "notices": list(Notice.objects.filter(region__ags=REGION)
                        .values_list("pk", flat=True)),
        "all_notices": list(Notice.objects.values_list("pk", flat=True)),
        "provider_projects": projects,
        "region_projects": region_projects,
    }
