"""Signature blocks at the end of an agreement.

A block starts with place and date ("Wiesbaden, den 2. 8. 2025"), followed by the
signer's name (often twice: the text of the signature image and the printed
name), the title ("Staatsministerin") and the institution. Blocks come one after
the other or side by side in two columns (see :mod:`.text` for the column hint).
The ministry signs first, then the region.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from aqb.german.dates import GermanDateError, find_date, parse_date
from aqb.german.grammar import normalise_name

from .model import Party, Signature
from .text import collapse, merge_hyphenated, split_columns

__all__ = ["find_signatures", "signature_start"]

#: A place name: "Wiesbaden", "Frankfurt am Main", "Limburg a. d. Lahn", "Friedberg (Hessen)".
_PLACE = r"[A-ZÄÖÜ][\w.()-]*(?:\s+(?:am|an|a\.|d\.|der|vor|im|in|ob|[A-ZÄÖÜ(][\w.()-]*)){0,5}"
#: "Wiesbaden, den 2. 8. 2025", "Erbach, 23.06.2020", "Kassel, am 1. Juli 2024", and an
#: undated "Wiesbaden, den ________" (the date written by hand).
_PLACE_DATE = re.compile(
    rf"(?P<place>{_PLACE})\s*,\s*(?:(?:(?:den|am)\s+)?(?P<date>\d{{1,2}}\s*\..*)|(?:den|am)[\s_.…]*)"
)
_PREFIX = re.compile(r"^(?:gez\.|i\.\s?V\.|i\.\s?A\.|In Vertretung|Im Auftrag)\s*", re.IGNORECASE)
_FILLER = re.compile(r"[_.…\s-]*|\(?(?:Unterschrift|Siegel|Stempel|Ort,? Datum)\)?", re.IGNORECASE)
#: Words of official titles (a block whose first line is a title has no name line).
_TITLE = re.compile(
    r"minister|staatssekret|landr(?:at|ätin)|bürgermeister|beigeordnet|dezernent|"
    r"stadtr(?:at|ätin)|präsident|abteilungsleit|referatsleit|kreisdirektor",
    re.IGNORECASE,
)
#: Lines that begin the institution, so they are not a title.
_INSTITUTION = re.compile(
    r"(?:des|der|für|Hessische[sn]?|Landkreis|Kreis|Stadt|Magistrat|Kreisausschuss|"
    r"Ministerium)\b"
)
_MINISTRY_HINT = re.compile(r"minist|staatssekret", re.IGNORECASE)
_REGION_HINT = re.compile(
    r"kreis|stadt|landr(?:at|ätin)|bürgermeister|magistrat|stadtr(?:at|ätin)|dezernent",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Block:
    """A signature block before it is assigned to a party."""

    place: str
    date: date | None
    name: str | None
    title: str | None
    institution: str | None

    @property
    def is_signed(self) -> bool:
        """A signature has a date and a name; a draft's block ("Wiesbaden, den ____",
        a signature line, perhaps the signatory's printed name) has not."""
        return self.date is not None and bool(self.name)

    def hint(self) -> Party | None:
        """The party suggested by title and institution, if unambiguous."""
        text = " ".join(filter(None, (self.title, self.institution)))
        ministry = bool(_MINISTRY_HINT.search(text))
        region = bool(_REGION_HINT.search(text))
        if ministry != region:
            return "ministry" if ministry else "region"
        return None


def _place_date(segment: str) -> re.Match[str] | None:
    return _PLACE_DATE.fullmatch(collapse(segment))


def signature_start(lines: Sequence[str]) -> int | None:
    """Index of the first line whose first column holds place and date."""
    for index, line in enumerate(lines):
        _, segments = split_columns(line)
        if segments and _place_date(segments[0]):
            return index
    return None


def _columns(lines: Sequence[str]) -> list[list[str]]:
    """Split the zone into one list of lines per column (one or two columns)."""
    split = [split_columns(line) for line in lines]
    if not any(len(segments) >= 2 for _, segments in split):
        return [[collapse(line) for line in lines]]
    left: list[str] = []
    right: list[str] = []
    for leading, segments in split:
        if len(segments) >= 2:
            left.append(segments[0])
            right.append(" ".join(segments[1:]))
        elif segments and leading:
            right.append(segments[0])
        elif segments:
            left.append(segments[0])
        else:
            left.append("")
            right.append("")
    return [left, right]


def _parse_date(text: str, following: str | None) -> tuple[date | None, bool]:
    """The date of a block; may continue on the next line ("2. 8." / "2025").

    Returns the date and whether the following line was used.
    """
    try:
        return parse_date(text), False
    except GermanDateError:
        pass
    if following:
        try:
            return parse_date(f"{text} {following}"), True
        except GermanDateError:
            pass
    return find_date(text), False


def _blocks(lines: Sequence[str]) -> list[_Block]:
    """The signature blocks of one column, in order."""
    starts = [i for i, line in enumerate(lines) if _place_date(line)]
    blocks = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        match = _place_date(lines[start])
        assert match is not None
        rest = [line for line in lines[start + 1 : end] if line]
        when, used = None, False
        if match["date"]:
            when, used = _parse_date(match["date"], rest[0] if rest else None)
        if used:
            rest = rest[1:]
        blocks.append(_block(match["place"].strip(), when, rest))
    return blocks


def _block(place: str, when: date | None, lines: list[str]) -> _Block:
    """Name, title and institution from the lines after place and date."""
    cleaned: list[str] = []
    for line in merge_hyphenated(lines):
        line = _PREFIX.sub("", line).strip()
        if not line or _FILLER.fullmatch(line):
            continue
        if cleaned and cleaned[-1] == line:  # signature image text + printed name
            continue
        cleaned.append(line)
    if cleaned and "," in cleaned[0]:  # "Heike Hofmann, Staatsministerin"
        first, _, second = cleaned[0].partition(",")
        if _TITLE.search(second) and not _TITLE.search(first):
            cleaned[0:1] = [first.strip(), second.strip()]
    name = title = None
    if cleaned and not _TITLE.search(cleaned[0]) and not _INSTITUTION.match(cleaned[0]):
        name = normalise_name(cleaned.pop(0))
        while cleaned and normalise_name(cleaned[0]) == name:
            cleaned.pop(0)
    if cleaned and not _INSTITUTION.match(cleaned[0]):
        title = cleaned.pop(0)
    institution = normalise_name(" ".join(cleaned)) if cleaned else None
    return _Block(place, when, name, title, institution)


def find_signatures(zone: Sequence[str]) -> tuple[Signature, ...]:
    """Signatures in the zone that starts at :func:`signature_start`.

    A block is the ministry's or the region's by its title and institution;
    where those do not tell, by order (the ministry signs first). Blocks without a date
    or without a name are not signatures (the empty blocks of a draft).
    """
    blocks = [block for column in _columns(zone) for block in _blocks(column)]
    parties: list[Party | None] = [block.hint() for block in blocks]
    taken = set(parties)
    for index, party in enumerate(parties):
        if party is None:
            parties[index] = next((p for p in ("ministry", "region") if p not in taken), None)
            taken.add(parties[index])
    result: list[Signature] = []
    for block, party in zip(blocks, parties, strict=True):
        if party is None or any(s.party == party for s in result):
            continue
        if not block.is_signed:
            continue  # an empty block of a draft: place and a line, or a name printed in advance
        result.append(
            Signature(
                party=party,
                place=block.place,
                date=block.date,
                name=block.name,
                title=block.title,
                institution=block.institution,
            )
        )
    return tuple(result)
