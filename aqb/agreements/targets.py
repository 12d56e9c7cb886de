"""Targets (Ziele) of an agreement: per project line, summed per measure type and region.

Each project line of an agreement (`AgreementProject`) carries its targets: planned entries
(`planned_participants`), planned amount (`planned_amount`, euros) and an optional outcome
target (`outcome_target`, percent of exits into training or employment). Sums are computed,
never stored (docs/steering.md, "Targets in the agreement"):

- planned participants and planned amount are summed over the lines that have a value; a sum
  over lines none of which has a value is None ("kein Ziel"), not 0;
- the outcome target of a sum is the mean of the members' outcome targets weighted by their
  planned participants (a line without planned participants weighs 0; if all weigh 0 the
  plain mean), to one decimal place, rounded half up; None if no member has one. This is the
  rule `aqb.steering.assessment` uses for its sum rows.

The same module formats targets for § 5 of the document ("geplante Eintritte: 24; geplante
Mittel: 120.000,00 Euro") and reads that wording back (`parse_target_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from aqb.german.money import format_number, quantize_money

PARTICIPANTS_WORDS = "geplante Eintritte"
AMOUNT_WORDS = "geplante Mittel"
OUTCOME_WORDS = "Ziel Übergänge in Ausbildung oder Arbeit"

#: Labels of the three target fields (forms, errors, tables).
LABELS = {
    "planned_participants": "Ziel Eintritte (Teilnehmende)",
    "planned_amount": "geplante Mittel (Euro)",
    "outcome_target": "Ziel Übergänge in Ausbildung oder Arbeit (Prozent)",
}
FIELDS = tuple(LABELS)


def target_field(name: str, entry_id: int) -> str:
    """The form field (and error key) of a project line's target: "planned_amount_12"."""
    return f"{name}_{entry_id}"

ONE_DECIMAL = Decimal("0.1")
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Targets:
    planned_participants: int | None = None
    planned_amount: Decimal | None = None
    outcome_target: Decimal | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.planned_participants, self.planned_amount,
                                           self.outcome_target))

    def as_json(self) -> dict:
        """Plain JSON: amount and percent as strings with two places (as in the API)."""
        return {
            "planned_participants": self.planned_participants,
            "planned_amount": None if self.planned_amount is None
            else format(quantize_money(self.planned_amount), "f"),
            "outcome_target": None if self.outcome_target is None
            else format(self.outcome_target.quantize(HUNDREDTH, ROUND_HALF_UP), "f"),
        }


@dataclass
class TargetLine:
    """One project line with its targets."""

    entry_id: int | None
    measure: int
    label: str
    project_id: int | None
    targets: Targets

    @property
    def planned_participants(self):
        return self.targets.planned_participants

    @property
    def planned_amount(self):
        return self.targets.planned_amount

    @property
    def outcome_target(self):
        return self.targets.outcome_target


@dataclass
class TargetGroup:
    """A sum: one measure type, or the region (number None)."""

    number: int | None
    title: str
    lines: list[TargetLine] = field(default_factory=list)
    totals: Targets = field(default_factory=Targets)

    @property
    def planned_participants(self):
        return self.totals.planned_participants

    @property
    def planned_amount(self):
        return self.totals.planned_amount

    @property
    def outcome_target(self):
        return self.totals.outcome_target


@dataclass
class AgreementTargets:
    measures: list[TargetGroup]
    region: TargetGroup

    @property
    def lines(self) -> list[TargetLine]:
        return [line for m in self.measures for line in m.lines]

    @property
    def any(self) -> bool:
        return any(line.targets for line in self.lines)


def sum_targets(members: list[Targets]) -> Targets:
    """Sums of targets (see the module docstring for the rule)."""
    people = [m.planned_participants for m in members if m.planned_participants is not None]
    money = [m.planned_amount for m in members if m.planned_amount is not None]
    weighted = [(m.outcome_target, m.planned_participants or 0) for m in members
                if m.outcome_target is not None]
    outcome = None
    if weighted:
        weight = sum(w for _, w in weighted)
        mean = (sum(t * w for t, w in weighted) / weight if weight
                else sum(t for t, _ in weighted) / len(weighted))
        outcome = Decimal(mean).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    return Targets(sum(people) if people else None,
                   quantize_money(sum(money, Decimal(0))) if money else None, outcome)


def targets_of(agreement) -> AgreementTargets:
    """The agreement's targets per project line, summed per measure type and for the region.

    Reads `agreement.measures` with their projects (prefetch `measures__projects` for lists).
    """
    groups = []
    for m in sorted(agreement.measures.all(), key=lambda m: m.number):
        lines = [TargetLine(p.pk, m.number, p.label, p.project_id,
                            Targets(p.planned_participants, p.planned_amount, p.outcome_target))
                 for p in m.projects.all()]
        groups.append(TargetGroup(m.number, m.title, lines,
                                  sum_targets([x.targets for x in lines])))
    every = [line for g in groups for line in g.lines]
    region = TargetGroup(None, agreement.region.name, every,
                         sum_targets([x.targets for x in every]))
    return AgreementTargets(groups, region)


# --- wording in § 5 ------------------------------------------------------------------------

def format_percent(value: Decimal) -> str:
    """ "50 %", "62,5 %" (no trailing zeros)."""
    number = value.quantize(HUNDREDTH, ROUND_HALF_UP).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return f"{format_number(number)} %"


def target_text(targets: Targets) -> str:
    """ "geplante Eintritte: 24; geplante Mittel: 120.000,00 Euro" (only what is set)."""
    parts = []
    if targets.planned_participants is not None:
        parts.append(f"{PARTICIPANTS_WORDS}: {format_number(targets.planned_participants)}")
    if targets.planned_amount is not None:
        parts.append(f"{AMOUNT_WORDS}: {format_number(targets.planned_amount, 2)} Euro")
    if targets.outcome_target is not None:
        parts.append(f"{OUTCOME_WORDS}: {format_percent(targets.outcome_target)}")
    return "; ".join(parts)


def project_line(label: str, targets: Targets) -> str:
    """A project of § 5 with its targets after a semicolon (a line that wraps never starts
    with a bullet-like dash, so the reader keeps it with its project)."""
    text = target_text(targets)
    return f"{label}; {text}" if text else label


_TARGET_START = re.compile(
    rf";\s*(?=(?:{PARTICIPANTS_WORDS}|{AMOUNT_WORDS}|{OUTCOME_WORDS})\s*:)")
_PART = re.compile(r"\s*(?P<key>[^:;]+?)\s*:\s*(?P<value>[^;]+?)\s*(?:;|$)")
_GERMAN_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:,\d+)?")


def _german_decimal(text: str) -> Decimal | None:
    text = " ".join(text.split())
    match = _GERMAN_NUMBER.match(text)
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def split_targets(label: str) -> tuple[str, Targets]:
    """ "AVIA (…); geplante Eintritte: 24; geplante Mittel: 120.000,00 Euro" → the label and
    its targets. A label without that wording comes back unchanged with empty targets."""
    match = _TARGET_START.search(label)
    if not match:
        return label, Targets()
    head, rest = label[:match.start()].rstrip(), label[match.end():]
    values: dict[str, object] = {}
    for part in _PART.finditer(rest):
        key, value = " ".join(part["key"].split()), part["value"]
        number = _german_decimal(value)
        if number is None:
            continue
        if key == PARTICIPANTS_WORDS and number == number.to_integral_value():
            values["planned_participants"] = int(number)
        elif key == AMOUNT_WORDS:
            values["planned_amount"] = quantize_money(number)
        elif key == OUTCOME_WORDS:
            values["outcome_target"] = number.quantize(HUNDREDTH, ROUND_HALF_UP)
    if not values:
        return label, Targets()
    return head, Targets(**values)
