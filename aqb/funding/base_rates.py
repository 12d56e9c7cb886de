"""The base rate (Basiszinssatz, § 247 BGB) as published by the Deutsche Bundesbank.

The rate changes on 1 January and 1 July. :data:`BASE_RATES` ships the published values; the
ministry-maintained table (a model, later) is passed to the interest functions in the same
shape, a tuple of ``(valid_from, percent)`` sorted by date, so this module stays the default
and the fallback for tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

__all__ = ["BASE_RATES", "BaseRateTable", "base_rate_on", "check_table"]

#: A table of base rates: ``(valid_from, percent per year)``, sorted by ``valid_from``; each
#: rate holds from its date until the day before the next one (the last one open-ended).
BaseRateTable = Sequence[tuple[date, Decimal]]

#: Published values (Deutsche Bundesbank, § 247 Abs. 2 BGB), in percent per year.
BASE_RATES: tuple[tuple[date, Decimal], ...] = (
    (date(2024, 1, 1), Decimal("3.62")),
    (date(2024, 7, 1), Decimal("3.37")),
    (date(2025, 1, 1), Decimal("2.27")),
    (date(2025, 7, 1), Decimal("1.27")),
    (date(2026, 1, 1), Decimal("1.27")),
)


def check_table(table: BaseRateTable) -> None:
    """Raise ``ValueError`` (German) unless ``table`` is non-empty, strictly sorted by date
    and every rate is a finite Decimal."""
    if not table:
        raise ValueError("Die Tabelle der Basiszinssätze ist leer.")
    previous: date | None = None
    for valid_from, percent in table:
        if not isinstance(valid_from, date):
            raise ValueError(f"„{valid_from}“ ist kein Datum für einen Basiszinssatz.")
        if not isinstance(percent, Decimal) or not percent.is_finite():
            raise ValueError(f"Der Basiszinssatz ab {valid_from:%d.%m.%Y} ist keine "
                             f"Dezimalzahl.")
        if previous is not None and valid_from <= previous:
            raise ValueError("Die Basiszinssätze müssen nach dem Datum aufsteigend geordnet "
                             f"sein; {valid_from:%d.%m.%Y} folgt auf {previous:%d.%m.%Y}.")
        previous = valid_from


def base_rate_on(day: date, table: BaseRateTable = BASE_RATES) -> Decimal:
    """The base rate in percent per year on ``day``; German ``ValueError`` if ``day`` lies
    before the first entry of ``table`` (no rate known)."""
    check_table(table)
    rate: Decimal | None = None
    for valid_from, percent in table:
        if valid_from > day:
            break
        rate = percent
    if rate is None:
        raise ValueError(f"Für den {day:%d.%m.%Y} ist kein Basiszinssatz hinterlegt "
                         f"(die Tabelle beginnt am {table[0][0]:%d.%m.%Y}).")
    return rate
