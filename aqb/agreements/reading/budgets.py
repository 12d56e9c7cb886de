"""The budget lines of § 4 (Haushaltsmittel), read generously and without silent loss.

Accepted wordings (amounts may be "452.700 Euro", "452.700,00 €", "83.100,50 EUR", a
placeholder "___ Euro" or the renderer's "(Betrag nicht festgelegt)")::

    ... Haushaltsmittel in Höhe von insgesamt 452.700 Euro aus dem Ausbildungs- und
    Qualifizierungsbudget 2020 und 83.100 Euro aus dem Arbeitsmarktbudget 2020 zur Verfügung.

    Das Budget von insgesamt 535.800 Euro setzt sich zusammen aus: 452.700 Euro aus dem
    Budget A; 83.100 Euro aus der Zweckbindung B.

    Ausbildungs- und Qualifizierungsbudget 2020: 452.700 Euro
    Arbeitsmarktbudget 2020: 83.100 Euro

A line is an amount followed by its source ("aus dem/der/den ...", "für das ...", "zu
Lasten des ..."), or a name followed by ":" and an amount. The name runs to the next
"zur Verfügung", punctuation or amount, so free names ("Zweckbindung Jugendberufshilfe")
are read as well as names ending in "budget". An amount that is neither a line nor the
total of the lines (the sum of their amounts) is reported in ``unread``: the caller
treats the agreement as incomplete instead of dropping a line.

Budgets named without any amount ("zur Umsetzung des hessischen Ausbildungs- und
Qualifizierungsbudgets und des Arbeitsmarktbudgets", "aus dem ... zur Verfügung") are
listed with amount ``None``.

Every search runs over a bounded window after or before an amount, so reading stays linear
in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from aqb.german.money import GermanNumberError, format_euro, parse_decimal

from .model import Budget
from .text import collapse

__all__ = ["find_budgets"]

_YEAR = r"(?:19|20)\d{2}"
#: An amount with its currency, or a placeholder for one. Possessive quantifiers and the
#: look-behinds keep the search linear on long runs of digits or underscores.
_AMOUNT = re.compile(
    r"(?:(?<![\w.,])(?P<number>\d{1,3}(?:[. ]\d{3})++(?:,\d{1,2}|,-{1,2})?+|\d++(?:,\d{1,2})?+)"
    r"|(?<![\w…?.])(?P<blank>[_…?]{2,}+|[xX]{2,}+|\.{3,}+))"
    r"\s*+(?:Euro|EUR|€)(?![\wäöüß])"
    r"|(?P<unset>\(Betrag nicht festgelegt\)|(?<=: )Betrag nicht festgelegt\b)"
)
#: A time phrase between amount and source: "773.920 Euro im Jahr 2025 aus dem ...".
_TIME = re.compile(rf"\s*(?:(?:im|für\s+das)\s+(?:Haushalts|Förder)?[Jj]ahr\s+{_YEAR})?")
#: The source after an amount: "aus dem", "aus der", "für das", "zu Lasten des", ...
_SOURCE = re.compile(
    r"\s*+(?:aus(?:\s+(?:dem|der|den|des))?|für\s+(?:das|die|den)|"
    r"zu\s+Lasten\s+(?:des|der)|im\s+Rahmen\s+(?:des|der)|im)\s+(?=\S)"
)
#: Where a name after its source ends.
_NAME_END = re.compile(
    r"\s+zur\s+Verfügung|\s+(?:bereit|zugewiesen|gewährt)\b|\s*[;:,]|\.(?=\s|$)|"
    r"\s+(?:und|sowie|sowie\s+weitere)\s+(?=\d|_|\(Betrag|aus\s)|"
    r"\s+(?:im|für\s+das)\s+(?:Haushalts|Förder)?[Jj]ahr\s+(?:19|20)\d{2}\b|"
    r"\s*\((?=Betrag)|\s+(?=\d{1,3}(?:[. ]\d{3})*(?:,\d{1,2})?\s*(?:Euro|EUR|€))|$"
)
#: Text before an amount that makes a list item "Name 2020: 452.700 Euro".
_LIST_SEPARATOR = re.compile(r"\s*(?:[:=–]|\s-|in\s+Höhe\s+von)\s*$")
#: Where the name of a list item begins (looking back from its separator).
_ITEM_START = re.compile(r".*(?:[:;]|\.(?=\s)|^)\s*", re.DOTALL)
#: Words of a sentence, not of a list item's name.
_SENTENCE = re.compile(r"\b(?:stellt|stellen|zur\s+Verfügung|erhält|erhalten|Haushaltsmittel|"
                       r"folgende)\b")
_BUDGET_AT_END = re.compile(
    rf"(?:[A-ZÄÖÜ][\wäöüß]*-\s*(?:und|oder)\s+)?[A-ZÄÖÜ][\wäöüß-]*budgets?(?:\s+{_YEAR})?$"
)
#: A list item that is the total: "Summe: 535.800 Euro".
_TOTAL_NAME = re.compile(r"(?:Summe|Gesamt\w*|Insgesamt|Zusammen)(?:\s+\S+){0,2}", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-–—•*]|\d{1,2}[.)])\s+")
_TRAILING_YEAR = re.compile(
    rf"\s+(?:(?:im|für\s+das)\s+(?:Haushalts|Förder)?[Jj]ahr\s+)?(?P<year>{_YEAR})$"
)
_TOTAL_HINT = re.compile(r"(?:insgesamt|gesamt|Summe|Gesamtbetrag)\W*(?:von\s+)?$", re.IGNORECASE)

#: A budget named without amount: "... budget(s)" after "des"/"dem" or spelled "AQB".
_BUDGET_NAME = (
    r"(?P<name>(?:[A-ZÄÖÜ][\wäöüß]*-\s*(?:und|oder)\s+)?[A-ZÄÖÜ][\wäöüß-]*budget|AQB)s?"
    rf"(?:\s+(?P<year>{_YEAR}))?(?![\wäöüß])"
)
_NAMED_IN_HEAD = re.compile(rf"(?:des|dem|das)\s+(?:hessischen\s+)?{_BUDGET_NAME}")
_NAMED_IN_BODY = re.compile(
    rf"aus\s+dem\s+(?:hessischen\s+)?{_BUDGET_NAME}(?=\s+(?:zur\s+Verfügung|und|sowie)\b|[.,;])"
)

#: How far a name may run (characters, words): longer is not a name but a sentence.
_NAME_WINDOW = 200
_NAME_WORDS = 15


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    amount: Decimal | None


def _amount(match: re.Match[str]) -> Decimal | None:
    if not match["number"]:
        return None  # a placeholder: "___ Euro", "(Betrag nicht festgelegt)"
    number = match["number"].replace(" ", ".").removesuffix(",--").removesuffix(",-")
    try:
        return parse_decimal(number)
    except GermanNumberError:
        return None


def _clean_name(raw: str) -> tuple[str, int | None] | None:
    """The name and year of a budget as written; ``None`` if it does not look like a name."""
    name = _BULLET.sub("", collapse(raw)).strip(" -–")
    year = None
    if match := _TRAILING_YEAR.search(name):
        year = int(match["year"])
        name = name[: match.start()].strip()
    name = re.sub(r"^(?:den\s+)?Mitteln\s+(?:des|der)\s+", "", name)  # "aus Mitteln des ..."
    name = re.sub(r"^hessischen\s+", "", name)
    if name == "AQB":
        name = "Ausbildungs- und Qualifizierungsbudget"
    name = re.sub(r"-\s*(und|oder)\s+", r"- \1 ", name)
    name = re.sub(r"(budget)s$", r"\1", name)
    if (not name or not name[0].isalpha() or len(name) > _NAME_WINDOW
            or len(name.split()) > _NAME_WORDS):
        return None
    return name, year


def _source_name(text: str, token: _Token) -> tuple[str, int | None] | None | bool:
    """The name after an amount's source; ``False`` if no source follows the amount,
    ``None`` if one does but no readable name."""
    position = _TIME.match(text, token.end).end()
    source = _SOURCE.match(text, position)
    if source is None:
        return False
    window = text[source.end() : source.end() + _NAME_WINDOW + 1]
    end = _NAME_END.search(window)
    if end is None or end.start() > _NAME_WINDOW:
        return None
    return _clean_name(window[: end.start()])


def _list_name(text: str, token: _Token, floor: int) -> tuple[str, int | None] | None:
    """The name of a list item "Name 2020: 452.700 Euro" ending at the amount."""
    before = text[max(floor, token.start - _NAME_WINDOW) : token.start]
    separator = _LIST_SEPARATOR.search(before)
    if separator is None:
        return None
    head = before[: separator.start()]
    if "Höhe" in separator.group():  # "Arbeitsmarktbudget in Höhe von 83.100 Euro"
        budget = _BUDGET_AT_END.search(head[-_NAME_WINDOW:])
        return _clean_name(budget.group()) if budget else None
    candidate = head[_ITEM_START.match(head).end() :]
    if _SENTENCE.search(candidate) and "\n" in candidate:
        candidate = candidate[candidate.rindex("\n") + 1 :]  # the item is the last line
    if _SENTENCE.search(candidate) or _TOTAL_NAME.fullmatch(collapse(candidate).strip(" -–•*")):
        return None
    return _clean_name(candidate)


def _section_budgets(text: str) -> tuple[list[Budget], list[str]]:
    """Budget lines of one section and the amounts that could not be attributed."""
    tokens = [_Token(m.start(), m.end(), m.group(), _amount(m)) for m in _AMOUNT.finditer(text)]
    lines: list[Budget] = []
    others: list[_Token] = []
    unreadable: list[_Token] = []
    floor = 0
    for token in tokens:
        found = _source_name(text, token)
        if found is False:
            found = _list_name(text, token, floor) or False
        if found:
            name, year = found
            lines.append(Budget(name, token.amount, year))
        elif found is None:
            unreadable.append(token)
        else:
            others.append(token)
        floor = token.end
    notes = [f"Zum Betrag in „{_context(text, t)}“ ist keine lesbare Bezeichnung "
             "der Haushaltsmittel zu finden." for t in unreadable]
    known = [line.amount for line in lines]
    total = sum(known, Decimal(0)) if lines and None not in known else None
    for token in others:
        if token.amount is not None and token.amount == total:
            continue  # the total of the lines
        if lines and _TOTAL_HINT.search(text[max(0, token.start - 40) : token.start]):
            if total is None:
                continue  # a total beside lines without amount: nothing to compare
            notes.append(
                f"Der Gesamtbetrag der Haushaltsmittel {format_euro(token.amount)} weicht von "
                f"der Summe der gelesenen Zeilen ({format_euro(total)}) ab."
                if token.amount is not None else
                f"Der Gesamtbetrag der Haushaltsmittel in „{_context(text, token)}“ ist nicht "
                "lesbar.")
            continue
        if lines or _mentions_budget(text):
            notes.append(f"Der Betrag in „{_context(text, token)}“ ist keiner Zeile der "
                         "Haushaltsmittel zuzuordnen.")
    return lines, notes


def _mentions_budget(text: str) -> bool:
    return bool(re.search(r"Haushaltsmittel|[Bb]udget", text))


def _context(text: str, token: _Token) -> str:
    """A short quotation around an amount for messages."""
    start = max(0, token.start - 40)
    end = min(len(text), token.end + 60)
    while 0 < start < token.start and not text[start - 1].isspace():
        start += 1  # begin and end the quotation at whole words
    while token.end < end < len(text) and not text[end].isspace():
        end -= 1
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{collapse(text[start:end])}{suffix}"


def _same(a: Budget, b: Budget) -> bool:
    return a.name.casefold() == b.name.casefold()


def find_budgets(head: str, sections: Sequence[str]) -> tuple[tuple[Budget, ...], tuple[str, ...]]:
    """Budget lines in document order and German notes on what could not be read.

    ``head`` is the joined text before the first section, ``sections`` the joined text of
    each section of the body (split at "§" headings; the line breaks of the layout may be
    kept as "\\n", see :func:`~aqb.agreements.reading.text.join_wrapped`).
    """
    lines: list[Budget] = []
    notes: list[str] = []
    for text in sections:
        found, unread = _section_budgets(text)
        lines.extend(found)
        notes.extend(unread)
    named: list[Budget] = []
    for text in sections:
        for match in _NAMED_IN_BODY.finditer(text):
            named.append(Budget(_clean_name(match["name"])[0], None,
                                int(match["year"]) if match["year"] else None))
    in_head = [Budget(_clean_name(match["name"])[0], None, None)
               for match in _NAMED_IN_HEAD.finditer(head)]
    if len(in_head) >= 2 or not lines:  # "... des Ausbildungs- und ... und des Arbeits..."
        named.extend(in_head)
    for budget in named:
        if not any(_same(budget, other) for other in lines):
            lines.append(budget)
    return tuple(lines), tuple(notes)
