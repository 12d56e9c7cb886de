"""Parsing and formatting of German dates ("13. August 2025", "13.08.2025")."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

__all__ = [
    "MONTHS",
    "GermanDateError",
    "find_date",
    "format_date",
    "format_date_numeric",
    "parse_date",
]

#: German month names; ``MONTHS[1] == "Januar"`` (index 0 is empty, like ``calendar``).
MONTHS: tuple[str, ...] = (
    "",
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

_MONTH_LOOKUP: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTHS) if name},
    **{name[:3].lower(): number for number, name in enumerate(MONTHS) if name},
    "sept": 9,
    "mrz": 3,
    "maerz": 3,
}

_DATE = re.compile(
    r"(?<![\d.])(?:"
    r"(?P<day>\d{1,2})\.\s*(?P<month>\d{1,2})\.\s*(?P<year>\d{4}|\d{2})"
    r"|(?P<tday>\d{1,2})\.\s*(?P<tmonth>[^\W\d_]+)\.?\s*(?P<tyear>\d{4})"
    r"|(?P<iyear>\d{4})-(?P<imonth>\d{2})-(?P<iday>\d{2})"
    r")(?![\d])"
)


def _clean(text: str) -> str:
    """NFC-normalise (umlauts from PDFs) and collapse whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


class GermanDateError(ValueError):
    """Raised when a text is not a valid German date."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"„{text}“ ist kein gültiges Datum.")


def format_date(d: date) -> str:
    """Format as ``"13. August 2025"`` / ``"2. August 2025"`` (no leading zero)."""
    return f"{d.day}. {MONTHS[d.month]} {d.year}"


def format_date_numeric(d: date) -> str:
    """Format as ``"13.08.2025"``."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def _to_date(match: re.Match[str]) -> date | None:
    """Build the date from a ``_DATE`` match, or ``None`` if it is impossible."""
    groups = match.groupdict()
    if groups["day"]:
        day, month, year = int(groups["day"]), int(groups["month"]), groups["year"]
    elif groups["tday"]:
        month_number = _MONTH_LOOKUP.get(groups["tmonth"].lower())
        if month_number is None:
            return None
        day, month, year = int(groups["tday"]), month_number, groups["tyear"]
    else:
        day, month, year = int(groups["iday"]), int(groups["imonth"]), groups["iyear"]
    try:
        # Two-digit years always mean 20xx ("13.08.25" is 13 August 2025).
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date:
    """Parse a German date.

    Accepted: ``"13.08.2025"``, ``"2.8.2025"``, ``"2. 8. 2025"``, ``"13.08.25"``
    (two-digit years are 20xx), ``"13. Aug. 2025"``, ``"13. August 2025"``,
    ``"1. März 2024"`` (full month names and common abbreviations, case-insensitive)
    and ISO ``"2025-08-13"``. Raises :class:`GermanDateError` for anything else,
    including impossible dates such as ``"31.02.2025"``.
    """
    match = _DATE.fullmatch(_clean(text))
    result = _to_date(match) if match else None
    if result is None:
        raise GermanDateError(text)
    return result


def find_date(text: str) -> date | None:
    """Return the first valid date in a longer text ("Korbach, den 13. Aug. 2025")."""
    for match in _DATE.finditer(_clean(text)):
        result = _to_date(match)
        if result is not None:
            return result
    return None


def add_months(day: date, months: int) -> date:
    """The same day number `months` calendar months later; if that month is shorter, its last
    day (31.12. + 2 months = 28./29.02.; 30.04. + 2 months = 30.06.), like
    `dateutil.relativedelta` and the end of a period of months in § 188 (2), (3) BGB."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
