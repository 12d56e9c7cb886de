"""Parsing the text of a target agreement (Zielvereinbarung) into a :class:`ParsedAgreement`.

The text is split into three zones:

* the head, up to "Präambel" or the first "§": year, ministry, region;
* the body: budgets (§ 4, see :mod:`.budgets`), measures (§ 5), the granting authority;
* the signature zone, from the first "Ort, den Datum" line after the last "§".

Searches in running text work on the zone joined into one line with hyphenation
at line breaks undone (see :func:`~aqb.agreements.reading.text.join_wrapped`),
so layout line breaks do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aqb.german.grammar import normalise_name

from .budgets import find_budgets
from .extract import extract_text
from .measures import find_measures
from .model import (
    Budget,
    NotAnAgreementError,
    ParsedAgreement,
    RegionRef,
)
from .regions import RegionMatcher
from .signatures import find_signatures, signature_start
from .text import collapse, join_wrapped, normalise_text

__all__ = ["parse_agreement", "read_agreement"]

#: A section heading: "§ 4" alone or followed by its title ("§ 4 Haushaltsmittel").
_HEADING = re.compile(r"§\s*\d+[a-z]?(?:\s+[A-ZÄÖÜ].{0,100})?")
_HEAD_END = re.compile(rf"{_HEADING.pattern}|Präambel")
_YEAR = r"(?:19|20)\d{2}"
_TITLE_YEAR = re.compile(
    rf"Zielvereinbarung(?:en)?\s+(?:(?:für\s+)?(?:das\s+)?(?:Förder|Haushalts)?[Jj]ahr\s+)?"
    rf"(?P<year>{_YEAR})\b"
)
_BUDGET_YEAR = re.compile(rf"budgets?\s+(?P<year>{_YEAR})\b|\bim\s+Jahr\s+(?P<in_year>{_YEAR})\b")

_WORD = r"[A-ZÄÖÜ][\wäöüß-]*"
#: "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
#: "dem Hessischen Sozialministerium": the scope is a list of capitalised nouns.
_MINISTRY = re.compile(
    rf"(?:(?P<adjective>Hessische[nmrs]?)\s+)?(?P<noun>(?:[A-ZÄÖÜ][a-zäöüß]*)?[Mm]inisterium)"
    rf"(?P<scope>\s+(?:für|der|des)\s+{_WORD}(?:\s*,\s*{_WORD})*(?:\s+(?:und|sowie)\s+{_WORD})?)?"
)

_AUTHORITY = re.compile(r"Regierungspräsidiums?\s+(?P<seat>Kassel|Darmstadt|Gießen)")
_WIBANK = re.compile(r"Wirtschafts-\s*und\s+Infrastrukturbank\s+Hessen|WIBank")


@dataclass(frozen=True)
class _Zones:
    """The text's lines split into head, body and signature zone."""

    head: list[str]
    body: list[str]
    signatures: list[str]

    @classmethod
    def of(cls, text: str) -> _Zones:
        lines = normalise_text(text).split("\n")
        stripped = [collapse(line) for line in lines]
        head_end = next(
            (i for i, line in enumerate(stripped) if _HEAD_END.fullmatch(line)),
            min(len(lines), 20),
        )
        headings = [i for i, line in enumerate(stripped) if _HEADING.fullmatch(line)]
        search_from = headings[-1] if headings else head_end
        start = signature_start(lines[search_from:])
        sig_start = len(lines) if start is None else search_from + start
        head_end = min(head_end, sig_start)
        return cls(lines[:head_end], lines[head_end:sig_start], lines[sig_start:])


def _ministry_name(match: re.Match[str]) -> str:
    """The nominative ("Hessisches Ministerium ...") of a matched ministry name."""
    adjective = "Hessisches " if match["adjective"] else ""
    return collapse(f"{adjective}{match['noun']}{match['scope'] or ''}")


def _after_between(head: str) -> str:
    """The part of the head after "zwischen" (the parties), else the whole head."""
    between = re.search(r"\bzwischen\s+(?P<rest>.*)", head)
    return between["rest"] if between else head


def _find_ministry(head: str, body: str, signatures: str) -> str | None:
    """The ministry named in the head, else in the body or the signatures."""
    for text in (_after_between(head), head, body, signatures):
        for match in _MINISTRY.finditer(text):
            if match["adjective"] or match["scope"]:
                return _ministry_name(match)
    return None


def _find_region(head: str, body: str, matcher: RegionMatcher) -> RegionRef | None:
    """The partner named in the head ("und dem Landkreis X"), else the most frequent one."""
    parties = _after_between(head)
    for partner in re.finditer(
        r"\bund\s+(?:dem|der|die|den)\s+(?P<name>.+?)(?=\s+(?:zur|über|für)\s|$)", parties
    ):
        region = matcher.first(normalise_name(partner["name"]))
        if region is not None:
            return region
    return matcher.first(parties) or matcher.most_frequent(body)


def _find_year(head: str, body: str, budgets: Sequence[Budget]) -> int | None:
    """The agreement's year: from the title, else the budgets' or "im Jahr" year."""
    match = _TITLE_YEAR.search(head)
    if match:
        return int(match["year"])
    standalone = re.search(rf"(?:^|\s)(?P<year>{_YEAR})(?:\s|$)", head)
    if standalone and "Zielvereinbarung" in head:
        return int(standalone["year"])
    years = [budget.year for budget in budgets if budget.year]
    if years:
        return years[0]
    match = _BUDGET_YEAR.search(body)
    if match:
        return int(match["year"] or match["in_year"])
    return None


def _sections(body: Sequence[str]) -> list[str]:
    """The body's text per "§" section, joined with the layout's line breaks kept."""
    sections: list[list[str]] = [[]]
    for line in body:
        if _HEADING.fullmatch(collapse(line)):
            sections.append([])
        sections[-1].append(line)
    return [join_wrapped(lines, keep_breaks=True) for lines in sections if lines]


def _find_granting_authority(text: str) -> str | None:
    """The authority that grants the money ("Regierungspräsidium Kassel")."""
    match = _AUTHORITY.search(text)
    if match:
        return f"Regierungspräsidium {match['seat']}"
    if _WIBANK.search(text):
        return "Wirtschafts- und Infrastrukturbank Hessen"
    return None


def parse_agreement(text: str, *, regions: Sequence[RegionRef]) -> ParsedAgreement:
    """Parse the text of a target agreement.

    ``regions`` are the regions the agreement may name (normally all 26). Parts
    that cannot be found are left empty and listed in
    :attr:`ParsedAgreement.missing`.

    Raises :class:`NotAnAgreementError` when the text neither says
    "Zielvereinbarung" nor has enough recognisable parts of one.
    """
    zones = _Zones.of(text)
    head = join_wrapped(zones.head)
    body = join_wrapped(zones.body)
    signature_text = join_wrapped(zones.signatures)
    budgets, unread = find_budgets(head, _sections(zones.body))
    agreement = ParsedAgreement(
        year=_find_year(head, body, budgets),
        ministry=_find_ministry(head, body, signature_text),
        region=_find_region(head, body, RegionMatcher(regions)),
        budgets=budgets,
        measures=find_measures(zones.body),
        granting_authority=_find_granting_authority(body),
        signatures=find_signatures(zones.signatures),
        unread=unread,
    )
    if not _looks_like_agreement(text, agreement):
        raise NotAnAgreementError(
            "Der Text ist keine Zielvereinbarung: Es fehlen das Wort „Zielvereinbarung“ "
            "und die typischen Bestandteile (Haushaltsmittel, Maßnahmearten, Unterschriften)."
        )
    return agreement


def _looks_like_agreement(text: str, agreement: ParsedAgreement) -> bool:
    """True if the text says "Zielvereinbarung" or has at least three typical parts."""
    if re.search(r"zielvereinbarung", text, re.IGNORECASE):
        return True
    parts = [
        agreement.ministry,
        agreement.region,
        any(b.amount is not None for b in agreement.budgets),
        agreement.measures,
        agreement.granting_authority,
        agreement.signatures,
    ]
    return sum(bool(part) for part in parts) >= 3


def read_agreement(
    path: Path, *, regions: Sequence[RegionRef], filename: str | None = None
) -> ParsedAgreement:
    """Extract the text of an agreement file and parse it.

    Raises :class:`AgreementReadError` for unreadable files and
    :class:`NotAnAgreementError` (naming the file) for files that hold no agreement.
    """
    shown = filename or Path(path).name
    text = extract_text(Path(path), filename=filename)
    try:
        return parse_agreement(text, regions=regions)
    except NotAnAgreementError as error:
        raise NotAnAgreementError(
            f"Die Datei „{shown}“ enthält keine erkennbare Zielvereinbarung.", filename=shown
        ) from error
