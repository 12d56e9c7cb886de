"""Demo participants (docs/monitoring.md, "Demodaten"): synthetic, plainly marked records for
every 2025 project of the demo, a few hundred per region, so that every chart of the figures
has something to show.

- pseudonyms "t:DEMO-00001" … (a provider's id, obviously not a person), rows `is_demo`;
- invented, but shaped like the programme: entries over the year with peaks at the start of
  training years (February, August/September), three in four left by mid-2026 (a quarter
  early), outcomes at exit, consent for about four in ten with an outcome after six months
  where six months have passed, some re-entries, attributes in plausible proportions,
  residence mostly in the project's own district;
- a few projects with only one or two participants, so small-cell suppression shows.

Stored through `participants_store` (bulk, builds the counts, one audit entry per project) by
the SYSTEM. Deterministic (seeded per region) and idempotent: a project that already has
records for 2025 is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q

from aqb.accounts.policy import SYSTEM
from aqb.monitoring.models import Participant
from aqb.monitoring.records import ParticipantData, participants_store
from aqb.projects.models import Project
from aqb.regions.models import Region

YEAR = 2025
FOLLOW_UP_BY = datetime.date(2026, 6, 1)   # exits up to here have a six-month outcome
LAST_EXIT = datetime.date(2026, 6, 30)

MONTHS = {1: 5, 2: 14, 3: 9, 4: 6, 5: 5, 6: 4, 7: 5, 8: 18, 9: 16, 10: 8, 11: 6, 12: 4}
GENDER = {"w": 44, "m": 52, "d": 1, "x": 3}
AGE = {(15, 17): 22, (18, 24): 50, (25, 29): 14, (30, 54): 12, (55, 62): 2}
SCHEME = {"sgb2": 50, "sgb3": 24, "sgb8": 10, "sgb12": 2, "asylblg": 9, "keiner": 5}
EMPLOYMENT = {"al": 34, "lzal": 20, "ne": 38, "et": 4, "": 4}
EDUCATION = {"isced02": 58, "isced34": 34, "isced58": 4, "": 4}
NATIONALITY = {"de": 58, "eu": 12, "dritt": 27, "": 3}
DISABILITY = {"ja": 5, "nein": 83, "x": 12}
OUTCOME = {"ausbildung": 30, "beschaeftigung": 19, "schule": 9, "massnahme": 15,
           "arbeitsuchend": 16, "sonstiges": 5, "unbekannt": 6}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _person(rng: random.Random, number: int, home: str, districts: list[str],
            part_time_share: float) -> list[ParticipantData]:
    month = _pick(rng, MONTHS)
    entry = datetime.date(YEAR, month, rng.randint(1, 28))
    low, high = _pick(rng, AGE)
    exit_date = exit_reason = outcome = outcome_6m = ""
    exit_date = None
    if rng.random() < 0.75:
        exit_date = min(entry + datetime.timedelta(days=rng.randint(60, 330)), LAST_EXIT)
        exit_reason = "vorzeitig" if rng.random() < 0.25 else "regulaer"
        outcome = _pick(rng, OUTCOME)
    consent = rng.random() < 0.4
    if consent and exit_date is not None and exit_date <= FOLLOW_UP_BY and rng.random() < 0.8:
        outcome_6m = _pick(rng, OUTCOME)
    data = ParticipantData(
        pseudonym=f"t:DEMO-{number:05}", pseudonym_kind="provider", entry_date=entry,
        exit_date=exit_date, gender=_pick(rng, GENDER),
        birth_year=YEAR - rng.randint(low, high), scheme=_pick(rng, SCHEME),
        employment=_pick(rng, EMPLOYMENT), education=_pick(rng, EDUCATION),
        nationality=_pick(rng, NATIONALITY), disability=_pick(rng, DISABILITY),
        residence_ags=home if rng.random() < 0.92 else rng.choice(districts),
        part_time=None if rng.random() < 0.05 else rng.random() < part_time_share,
        exit_reason=exit_reason, outcome=outcome, outcome_6m=outcome_6m, consent=consent)
    rows = [data]
    # about three in a hundred came back later in the year (a re-entry of the same person)
    if exit_date is not None and exit_date.year == YEAR and exit_date.month < 11 \
            and rng.random() < 0.03:
        again = datetime.date(YEAR, min(exit_date.month + 1, 12), rng.randint(1, 28))
        rows.append(ParticipantData(**{**data.__dict__, "entry_date": again,
                                       "exit_date": None, "exit_reason": "", "outcome": "",
                                       "outcome_6m": ""}))
    return rows


def projects_2025():
    return (Project.objects.filter(first_year__lte=YEAR)
            .filter(Q(last_year__isnull=True) | Q(last_year__gte=YEAR))
            .select_related("region").order_by("region__ags", "measure_number", "pk"))


def load() -> int:
    """Store the demo participants; returns how many records were written."""
    districts = list(Region.objects.values_list("ags", flat=True))
    done = set(Participant.objects.filter(year=YEAR).values_list("project_id", flat=True)
               .distinct())
    by_region: dict[str, list[Project]] = {}
    for project in projects_2025():
        by_region.setdefault(project.region.ags, []).append(project)
    written = 0
    for ags, projects in by_region.items():
        rng = random.Random(f"aqb-demo-participants-{ags}")
        target = rng.randint(150, 320)   # a few hundred per region
        number = 0
        for i, project in enumerate(projects):
            if i == len(projects) - 1 and len(projects) > 2 and rng.random() < 0.5:
                size = rng.randint(1, 2)      # a small group: suppression shows
            else:
                size = max(5, round(target / len(projects) * rng.uniform(0.6, 1.4)))
            part_time_share = 0.6 if project.measure_number == 4 else 0.03
            rows = []
            for _ in range(size):
                number += 1
                rows += _person(rng, number, ags, districts, part_time_share)
            if project.pk in done:
                continue
            result = participants_store(actor=SYSTEM, project=project, year=YEAR, rows=rows,
                                        source="Demodaten", is_demo=True)
            written += result.created
    return written
