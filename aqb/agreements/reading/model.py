"""Result types and errors of the agreement reader.

Everything here is plain, immutable data: the reader does not touch the database.
The service layer maps a :class:`ParsedAgreement` onto its models.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from aqb.german.money import quantize_money

__all__ = [
    "MISSING_KEYS",
    "AgreementReadError",
    "Budget",
    "Measure",
    "NotAnAgreementError",
    "ParsedAgreement",
    "Party",
    "Project",
    "RegionRef",
    "Signature",
    "region_refs_from_csv",
]

Party = Literal["ministry", "region"]

#: The stable keys of :attr:`ParsedAgreement.missing`, in the order they are reported.
MISSING_KEYS: tuple[str, ...] = (
    "year",
    "ministry",
    "region",
    "budgets",
    "budget_lines",
    "measures",
    "granting_authority",
    "signature:ministry",
    "signature:region",
)


class AgreementReadError(ValueError):
    """A file could not be read as an agreement; the message is German and user-facing."""

    def __init__(self, message: str, *, filename: str | None = None) -> None:
        self.filename = filename
        super().__init__(message)


class NotAnAgreementError(AgreementReadError):
    """The text is readable but clearly not a target agreement (Zielvereinbarung)."""


@dataclass(frozen=True)
class RegionRef:
    """One of the 26 regions as the caller knows it.

    ``names`` holds every known spelling; the first is the designation reported
    in :meth:`ParsedAgreement.to_json_dict` (e.g. ``("Stadt Darmstadt",
    "Wissenschaftsstadt Darmstadt")``).
    """

    ags: str
    names: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.names:
            raise ValueError(f"Region {self.ags} braucht mindestens einen Namen.")

    @property
    def name(self) -> str:
        """The designation used in results."""
        return self.names[0]


def region_refs_from_csv(path: Path) -> tuple[RegionRef, ...]:
    """Build region references from a CSV like ``shared/domain/regions.csv``.

    Needs the columns ``ags`` and ``name_in_state_geodata``; ``self_designation``
    is added as a second spelling when it differs.
    """
    refs: list[RegionRef] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [row["name_in_state_geodata"].strip()]
            other = (row.get("self_designation") or "").strip()
            if other and other not in names:
                names.append(other)
            refs.append(RegionRef(ags=row["ags"].strip(), names=tuple(names)))
    return tuple(refs)


@dataclass(frozen=True)
class Budget:
    """A budget line: ``name`` as written (dative singular), ``amount`` in euros or ``None``."""

    name: str
    amount: Decimal | None
    year: int | None = None

    def to_json_dict(self) -> dict[str, Any]:
        amount = None if self.amount is None else format(quantize_money(self.amount), "f")
        return {"name": self.name, "amount": amount}


@dataclass(frozen=True)
class Project:
    """A named project under a measure type.

    ``short`` is the abbreviation of ``"X (Y)"`` labels where one side is a single
    word; otherwise ``short == long == label``.
    """

    label: str
    short: str
    long: str
    #: Targets § 5 names after the label ("geplante Eintritte: 24; geplante Mittel: …"),
    #: when the programme year lists them (docs/steering.md); None where not named.
    planned_participants: int | None = None
    planned_amount: Decimal | None = None
    outcome_target: Decimal | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {"label": self.label, "short": self.short, "long": self.long}

    @property
    def has_targets(self) -> bool:
        return any(v is not None for v in (self.planned_participants, self.planned_amount,
                                           self.outcome_target))

    def targets_json(self) -> dict[str, Any]:
        """The targets as `aqb.agreements.data.agreement_data` gives them."""
        return {
            "planned_participants": self.planned_participants,
            "planned_amount": None if self.planned_amount is None
            else format(quantize_money(self.planned_amount), "f"),
            "outcome_target": None if self.outcome_target is None
            else format(self.outcome_target.quantize(Decimal("0.01")), "f"),
        }


@dataclass(frozen=True)
class Measure:
    """A numbered measure type (Maßnahmeart) with its projects (possibly none)."""

    number: int
    title: str
    projects: tuple[Project, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "projects": [project.to_json_dict() for project in self.projects],
        }


@dataclass(frozen=True)
class Signature:
    """One signature block. ``institution`` is kept for reference, not exported."""

    party: Party
    place: str | None
    date: date | None
    name: str | None
    title: str | None
    institution: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "name": self.name,
            "title": self.title,
        }


@dataclass(frozen=True)
class ParsedAgreement:
    """What the reader found in one agreement; absent parts are ``None`` or empty."""

    year: int | None
    ministry: str | None
    region: RegionRef | None
    budgets: tuple[Budget, ...]
    measures: tuple[Measure, ...]
    granting_authority: str | None
    signatures: tuple[Signature, ...]
    #: German notes on what looked like part of the agreement but could not be read (an
    #: amount of § 4 without a readable budget name, a total that differs from its lines).
    unread: tuple[str, ...] = ()

    def signature(self, party: Party) -> Signature | None:
        """The signature of ``party`` or ``None``."""
        return next((s for s in self.signatures if s.party == party), None)

    @property
    def missing(self) -> tuple[str, ...]:
        """Keys of the absent parts (see :data:`MISSING_KEYS`).

        ``"budgets"`` is reported when no budget line with an amount was found,
        ``"budget_lines"`` when a part of § 4 could not be read (see :attr:`unread`).
        """
        present = {
            "year": self.year is not None,
            "ministry": bool(self.ministry),
            "region": self.region is not None,
            "budgets": any(b.amount is not None for b in self.budgets),
            "budget_lines": not self.unread,
            "measures": bool(self.measures),
            "granting_authority": bool(self.granting_authority),
            "signature:ministry": self.signature("ministry") is not None,
            "signature:region": self.signature("region") is not None,
        }
        return tuple(key for key in MISSING_KEYS if not present[key])

    @property
    def is_complete(self) -> bool:
        """True when every part of :data:`MISSING_KEYS` was found."""
        return not self.missing

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (dates ISO, amounts as two-place strings)."""
        region = None
        if self.region is not None:
            region = {"ags": self.region.ags, "name": self.region.name}
        return {
            "year": self.year,
            "ministry": self.ministry,
            "region": region,
            "budgets": [budget.to_json_dict() for budget in self.budgets],
            "measures": [measure.to_json_dict() for measure in self.measures],
            "granting_authority": self.granting_authority,
            "signatures": [s.to_json_dict() for s in _ordered(self.signatures)],
            "missing": list(self.missing),
            "unread": list(self.unread),
            # only when the document names targets (§ 5 lists them in some years only)
            **({"targets": self.targets_json()} if self.has_targets else {}),
        }

    @property
    def has_targets(self) -> bool:
        return any(p.has_targets for m in self.measures for p in m.projects)

    def targets_json(self) -> list[dict[str, Any]]:
        """Per project of § 5 (in order): measure, label and targets (None where not named)."""
        return [{"measure": m.number, "label": p.label, **p.targets_json()}
                for m in self.measures for p in m.projects]


def _ordered(signatures: Iterable[Signature]) -> list[Signature]:
    """Ministry first, then region (the order of signing)."""
    return sorted(signatures, key=lambda s: 0 if s.party == "ministry" else 1)
