"""Parsing and formatting of German money amounts and numbers.

Money is always :class:`~decimal.Decimal`; floats are rejected with ``TypeError``.

The one rounding rule of AQB: :func:`round_cents` rounds half up to the cent ("1,005" ->
1,01). Every place that stores an amount goes through it, usually via :func:`money_check`
(Decimal/int in a service) or :func:`parse_money` (German text), which also refuse negative
amounts and amounts above :data:`MAX_AMOUNT` with a German message naming the field.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

__all__ = [
    "MAX_AMOUNT",
    "GermanNumberError",
    "MoneyError",
    "format_eur",
    "format_euro",
    "format_number",
    "money_check",
    "parse_decimal",
    "parse_money",
    "round_cents",
]

_CURRENCY = re.compile(r"^(?:€|Euro|EUR)\s*|\s*(?:€|Euro|EUR)$", re.IGNORECASE)
_SIGN = re.compile(r"([+\-\u2212]?)\s*(.*)", re.DOTALL)
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_GROUPED_THOUSAND = re.compile(r"[1-9]\d{0,2}\.\d{3}")
_INTEGER = re.compile(r"\d+|[1-9]\d{0,2}(?P<sep>[., ])\d{3}(?:(?P=sep)\d{3})*")
_CENT = Decimal("0.01")
NBSP = "\u00a0"


class GermanNumberError(ValueError):
    """Raised when a text is not a valid (German or plain) number."""

    def __init__(self, text: str) -> None:
        self.text = text
        shown = text if len(text) <= 40 else text[:40] + "…"
        super().__init__(f"„{shown}“ ist keine gültige Zahl.")


#: The largest amount any money input accepts: 1 Mrd. Euro (the whole AQB is about 30 Mio.
#: Euro a year; the database columns hold up to 12 integer digits). See docs/decisions.md.
MAX_AMOUNT = Decimal("1000000000.00")


class MoneyError(ValueError):
    """An amount that cannot be stored: not a number, negative or too large. ``str(error)``
    is a German sentence naming the field; ``code`` is "invalid", "negative" or "too_large"."""

    def __init__(self, message: str, *, code: str) -> None:
        self.code = code
        super().__init__(message)


def _check_type(value: object) -> Decimal:
    """Return ``value`` as Decimal; accept int/Decimal, refuse float and bool."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"Decimal oder int erwartet, nicht {type(value).__name__}.")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"„{value}“ ist keine endliche Zahl.")
    return result


def parse_decimal(text: str) -> Decimal:
    """Parse a German (or plain) number, optionally with currency, into a Decimal.

    Accepted: ``"1.234,56"``, ``"1234,56"``, ``"1.234.567"``, ``"-1.234,5"``,
    ``"1 234,56"`` (space, no-break or narrow no-break space as thousands separator),
    ``"773.920 Euro"``, ``"452.700,00 €"``, ``"€ 12,50"``, ``"EUR 5"``, plain
    ``"1234.56"``/``"0.5"`` and ``"1,234,567.89"``.

    Ambiguity rules:

    * ``"1.234"`` is one thousand two hundred thirty-four (German thousands
      separator): a single dot is a thousands separator only if it follows a
      1-3 digit group not starting with 0 and is followed by exactly three
      digits. Otherwise (``"0.5"``, ``"1234.56"``, ``"0.500"``) it is a decimal point.
    * Several dots are always thousands separators (``"1.234.567"``).
    * If both ``.`` and ``,`` occur, the last one is the decimal separator.
    * Several commas without a dot (``"1,2,3"``, also ``"1,234,567"``) are rejected.

    The value is never converted via float. Raises :class:`GermanNumberError`.
    """
    if not isinstance(text, str):
        raise TypeError(f"str erwartet, nicht {type(text).__name__}.")
    body = _CURRENCY.sub("", text.strip(), count=1).strip()
    sign_match = _SIGN.fullmatch(body)
    assert sign_match is not None  # the pattern matches every string
    sign, body = sign_match.groups()
    body = _SPACES.sub(" ", body)
    separators = [c for c in body if c in ".,"]
    if "," in separators and "." in separators:
        decimal_sep: str | None = separators[-1]
    elif "," in separators:
        if len(separators) > 1:
            raise GermanNumberError(text)
        decimal_sep = ","
    elif len(separators) == 1 and not _GROUPED_THOUSAND.fullmatch(body):
        decimal_sep = "."
    else:
        decimal_sep = None
    if decimal_sep is None:
        integer, fraction = body, ""
    else:
        integer, _, fraction = body.rpartition(decimal_sep)
        if not (fraction.isascii() and fraction.isdigit()):
            raise GermanNumberError(text)
    if not integer.isascii() or not _INTEGER.fullmatch(integer):
        raise GermanNumberError(text)
    number = re.sub(r"\D", "", integer) + (f".{fraction}" if fraction else "")
    return -Decimal(number) if sign in ("-", "\u2212") else Decimal(number)


def round_cents(value: Decimal | int) -> Decimal:
    """Round to the cent, half up: ``1.005`` -> ``1.01``, ``-1.005`` -> ``-1.01``.

    The one rounding rule for money in AQB. Works for any finite size (the precision is
    raised as needed, so 30 digits do not raise ``InvalidOperation``)."""
    number = _check_type(value)
    with localcontext() as ctx:
        ctx.prec = max(28, number.adjusted() + 4)
        return number.quantize(_CENT, rounding=ROUND_HALF_UP)


#: Older name of :func:`round_cents`.
quantize_money = round_cents


def _field(field: str) -> str:
    return f"„{field}“: " if field else ""


def money_check(value: Decimal | int, *, field: str = "", maximum: Decimal = MAX_AMOUNT,
                negative: bool = False) -> Decimal:
    """``value`` rounded to the cent (:func:`round_cents`), or :class:`MoneyError` if it is
    negative (unless ``negative``) or its magnitude is above ``maximum``. ``field`` is the
    label shown in the message. A float is a programming error (``TypeError``)."""
    if isinstance(value, float):
        raise TypeError("Geldbeträge dürfen keine Gleitkommazahlen sein.")
    number = _check_type(value)
    if number < 0 and not negative:
        raise MoneyError(f"{_field(field)}Der Betrag darf nicht negativ sein.", code="negative")
    if abs(number) > maximum:
        raise MoneyError(f"{_field(field)}Der Betrag ist zu hoch; höchstens "
                         f"{format_eur(maximum)} sind möglich.", code="too_large")
    return round_cents(number)


def parse_money(text: str, *, field: str = "", maximum: Decimal = MAX_AMOUNT,
                negative: bool = False) -> Decimal:
    """A German amount text („1.234,565 €“) as Decimal rounded half up to the cent, checked
    like :func:`money_check`; :class:`MoneyError` with a German message naming ``field``."""
    try:
        number = parse_decimal(text)
    except GermanNumberError as exc:
        raise MoneyError(f"{_field(field)}{exc} Bitte einen Betrag wie „1.234,56“ eingeben.",
                         code="invalid") from exc
    return money_check(number, field=field, maximum=maximum, negative=negative)


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """Format with German grouping, e.g. ``"1.234,5"``.

    ``places=None`` keeps the value's own decimal places; otherwise the value is
    rounded ROUND_HALF_UP to ``places`` decimals.
    """
    number = _check_type(value)
    if places is not None:
        with localcontext() as ctx:
            ctx.prec = max(28, number.adjusted() + places + 2)
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    integer, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    sign = "-" if number < 0 else ""
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_eur(amount: Decimal | int) -> str:
    """Format as ``"1.140.300,00 €"`` (two places, no-break space U+00A0 before €)."""
    return f"{format_number(amount, 2)}{NBSP}€"


def format_euro(amount: Decimal | int) -> str:
    """Format in agreement style: ``"773.920 Euro"``, with cents ``"773.920,50 Euro"``."""
    money = round_cents(amount)
    return f"{format_number(money, 0 if money == money.to_integral_value() else 2)} Euro"
