"""Demo targets (docs/steering.md, "Targets"): planned entries, amounts and outcome targets on
the project lines of every 2025 demo agreement, set through the audited drafting service
before the agreement is agreed and signed, as the ministry would negotiate them.

Invented but plausible and deterministic (seeded per region): the planned entries of a region
lie around the few hundred the demo participants bring, some regions a good deal above, so the
goal assessment shows regions on track, to watch and behind; the planned amounts split the
region's allocation over its projects (in whole hundreds, the last takes the rest); measure
types 1 and 3 aim at 45 % of exits into training or employment.
"""

from __future__ import annotations

import random
from decimal import Decimal

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement, AgreementProject
from aqb.budgets.models import Allocation

OUTCOME = {1: Decimal("45"), 3: Decimal("45")}


def load(*, ministry, agreement: Agreement) -> int:
    """Targets for the draft's project lines that have none; returns how many were set."""
    lines = list(AgreementProject.objects.filter(
        measure__agreement=agreement, planned_participants__isnull=True).order_by(
        "measure__number", "order", "pk").select_related("measure"))
    if not lines:
        return 0
    rng = random.Random(f"aqb-demo-targets-{agreement.region.ags}")
    planned_total = rng.randint(150, 320) * rng.choice((0.95, 1.05, 1.2, 1.35, 1.6))
    alloc = Allocation.objects.filter(programme_year=agreement.programme_year,
                                      region=agreement.region).first()
    amount = alloc.amount if alloc else Decimal("0")
    share = (amount / len(lines) / 100).to_integral_value() * 100
    targets, rest = {}, amount
    for n, line in enumerate(lines):
        last = n == len(lines) - 1
        targets[line.pk] = {
            "planned_participants": max(5, round(planned_total / len(lines)
                                                 * rng.uniform(0.8, 1.2))),
            "planned_amount": rest if last else share,
            "outcome_target": OUTCOME.get(line.measure.number),
        }
        rest -= share
    ag.agreement_set_targets(actor=ministry, agreement=agreement, targets=targets)
    return len(targets)
