"""The numbered list of measure types (Maßnahmearten) and their projects.

The list looks like this (titles and project labels may wrap over lines)::

    1. Ausbildungsvorbereitung
     - AVIA (Aktivierung und Vermittlung von Migranten)
    2. Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen
     - keine -
    3. Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung
     • Checkpoint
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..targets import split_targets
from .model import Measure, Project
from .text import collapse, join_wrapped

__all__ = ["find_measures", "project_from_label"]

_NUMBERED = re.compile(r"(?P<number>\d{1,2})\s*[.)]\s+(?P<title>\S.*)")
_BULLET = re.compile(r"(?:[-–—•‣▪◦·*o\u2043\uf0a7\uf0b7\uf02d])\s+(?P<label>\S.*)")
_NONE = re.compile(
    r"[-–—•(\s]*keine(?:\s+(?:Projekte|Maßnahmen|Angebote))?[.\s)–—-]*",
    re.IGNORECASE,
)
#: A line introducing the list ("in den jeweiligen Maßnahmenarten folgende Projekte").
_ANCHOR = re.compile(r"Maßnahme\w*art|folgende\s+(?:Projekte|Maßnahmen)", re.IGNORECASE)
#: Lines that start a new paragraph rather than continue a wrapped item.
_PARAGRAPH_START = re.compile(
    r"(?:§|(?:Die|Der|Das|Dem|Den|Des|Diese[rsmn]?|Im|Mit|Zur|Zum|Bei|Nach)\s)"
)
#: The single-word side of "X (Y)" must look like an abbreviation or a name.
_ONE_WORD = re.compile(r"[^\W\d_][\w.&/+-]*")


def project_from_label(label: str) -> Project:
    """Split "AVIA (Aktivierung ...)" or "Berufs- und Sprachscout Projekt (BSP)".

    When the label is "X (Y)" and one side is a single word, that side is the short
    form (the left one if both are); otherwise short and long are the label.
    """
    label = collapse(label)
    match = re.fullmatch(r"(?P<left>[^()]+?)\s*\((?P<right>[^()]+)\)", label)
    if match and all(re.search(r"[^\W\d_]", side) for side in match.groups()):
        left, right = match["left"].strip(), match["right"].strip()
        if _ONE_WORD.fullmatch(left):
            return Project(label=label, short=left, long=right)
        if _ONE_WORD.fullmatch(right):
            return Project(label=label, short=right, long=left)
    return Project(label=label, short=label, long=label)


@dataclass
class _Item:
    """A measure being collected: title lines and project label lines."""

    number: int
    title: list[str]
    projects: list[list[str]] = field(default_factory=list)

    def build(self) -> Measure:
        labels = (join_wrapped(lines) for lines in self.projects)
        return Measure(
            number=self.number,
            title=join_wrapped(self.title),
            projects=tuple(_project(label) for label in labels if label),
        )


def _project(text: str) -> Project:
    """A project of the list, with the targets § 5 may name after its label."""
    label, targets = split_targets(collapse(text))
    project = project_from_label(label)
    if not targets:
        return project
    return replace(project, planned_participants=targets.planned_participants,
                   planned_amount=targets.planned_amount,
                   outcome_target=targets.outcome_target)


def _start_index(lines: Sequence[str]) -> int | None:
    """Index of the "1." line of the measure list."""
    anchors = [i for i, line in enumerate(lines) if _ANCHOR.search(line)]
    firsts = [
        i for i, line in enumerate(lines) if (m := _NUMBERED.fullmatch(line)) and m["number"] == "1"
    ]
    for anchor in anchors:
        after = [i for i in firsts if i >= anchor]
        if after:
            return after[0]
    for index in firsts:
        if "vorbereitung" in lines[index].lower():
            return index
    return firsts[0] if firsts else None


def _continues(line: str | None, last_number: int) -> bool:
    """After a blank line: does the list go on with ``line`` (the next non-blank line)?"""
    if line is None:
        return False
    numbered = _NUMBERED.fullmatch(line)
    if numbered:
        return int(numbered["number"]) > last_number
    return bool(_BULLET.fullmatch(line) or _NONE.fullmatch(line))


def _next_non_blank(lines: Sequence[str]) -> list[int | None]:
    """For each index the index of the next non-blank line after it (one backward pass,
    so that runs of blank lines cost linear time)."""
    result: list[int | None] = [None] * len(lines)
    following: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        result[index] = following
        if lines[index]:
            following = index
    return result


def find_measures(raw_lines: Sequence[str]) -> tuple[Measure, ...]:
    """Parse the measure list from the body lines (column gaps are ignored)."""
    lines = [collapse(line) for line in raw_lines]
    start = _start_index(lines)
    if start is None:
        return ()
    items: list[_Item] = []
    in_project = False
    following = _next_non_blank(lines)
    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            last = items[-1].number if items else 0
            nxt = following[index]
            if not _continues(None if nxt is None else lines[nxt], last):
                break
            continue
        numbered = _NUMBERED.fullmatch(line)
        if numbered and (not items or int(numbered["number"]) > items[-1].number):
            items.append(_Item(int(numbered["number"]), [numbered["title"]]))
            in_project = False
        elif numbered:
            break  # a new list starts: ours has ended
        elif _NONE.fullmatch(line):
            in_project = False
        elif bullet := _BULLET.fullmatch(line):
            items[-1].projects.append([bullet["label"]])
            in_project = True
        elif _PARAGRAPH_START.match(line):
            break
        elif in_project:
            items[-1].projects[-1].append(line)
        else:
            items[-1].title.append(line)
    return tuple(item.build() for item in items)
