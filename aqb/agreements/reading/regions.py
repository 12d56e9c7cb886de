"""Finding the region (Landkreis or kreisfreie Stadt) named in an agreement."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from aqb.german.grammar import GrammarError, name_forms, normalise_name

from .model import RegionRef

__all__ = ["RegionMatcher"]


def _spellings(name: str) -> set[str]:
    """Spellings of one designation as it may appear in running text.

    Dative and genitive ("des Landkreises X", "des Main-Kinzig-Kreises"), "Kreis X"
    for "Landkreis X" and back, "Stadt X" for "Wissenschaftsstadt X", and "Stadt
    Offenbach" for "Stadt Offenbach am Main".
    """
    clean = normalise_name(name)
    found = {clean}
    try:
        forms = name_forms(clean)
    except GrammarError:
        forms = None
    if forms is not None:
        for form in (forms.dative, forms.genitive):
            found.add(form.split(" ", 1)[1])
    head, _, rest = clean.partition(" ")
    if head == "Landkreis" and rest:
        found |= {f"Kreis {rest}", f"Kreises {rest}"}
    elif head == "Kreis" and rest:
        found |= {f"Landkreis {rest}", f"Landkreises {rest}"}
    elif head.endswith("stadt") and rest:
        found.add(f"Stadt {rest}")
        if rest.endswith(" am Main"):
            found.add(f"Stadt {rest.removesuffix(' am Main')}")
    return found


def _pattern(spelling: str) -> str:
    """A regex for a spelling that tolerates "Main - Kinzig - Kreis" and line wraps."""
    parts = []
    for token in re.split(r"(\s+|-)", spelling):
        if not token:
            continue
        if token == "-":
            parts.append(r"\s*-\s*")
        elif token.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


@dataclass(frozen=True)
class _Hit:
    region: RegionRef
    start: int
    length: int


class RegionMatcher:
    """Matches the caller's regions in text by all their spellings."""

    def __init__(self, regions: Sequence[RegionRef]) -> None:
        self._patterns: list[tuple[RegionRef, re.Pattern[str]]] = []
        for region in regions:
            spellings = set().union(*(_spellings(name) for name in region.names))
            # Longest first so that an alternation prefers "Landkreises X" over "Landkreis X".
            ordered = sorted(spellings, key=len, reverse=True)
            # The left word boundary is checked in hits(): a pattern that starts with plain
            # alternatives lets the regex engine skip ahead to their first letters (about five
            # times faster than a look-behind in front of each spelling).
            alternatives = "|".join(map(_pattern, ordered))
            self._patterns.append(
                (region, re.compile(rf"(?:{alternatives})(?![\w]|\s*-\s*\w)")))

    def hits(self, text: str) -> list[_Hit]:
        """Every mention of a region in ``text`` (not inside a longer word)."""
        found = []
        for region, pattern in self._patterns:
            position = 0
            while match := pattern.search(text, position):
                start = match.start()
                before = text[start - 1] if start else " "
                if before == "-" or before.isalnum() or before == "_":
                    position = start + 1
                    continue
                found.append(_Hit(region, start, match.end() - start))
                position = match.end()
        return found

    def first(self, text: str) -> RegionRef | None:
        """The region mentioned first; at the same place the longest mention wins."""
        hits = self.hits(text)
        if not hits:
            return None
        return min(hits, key=lambda hit: (hit.start, -hit.length)).region

    def most_frequent(self, text: str) -> RegionRef | None:
        """The region mentioned most often (ties: the one mentioned first)."""
        hits = self.hits(text)
        if not hits:
            return None
        counts = Counter(hit.region.ags for hit in hits)
        first_seen: dict[str, int] = {}
        for hit in sorted(hits, key=lambda h: h.start):
            first_seen.setdefault(hit.region.ags, hit.start)
        best = max(counts, key=lambda ags: (counts[ags], -first_seen[ags]))
        return next(hit.region for hit in hits if hit.region.ags == best)
