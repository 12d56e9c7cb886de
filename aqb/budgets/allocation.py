"""Distribution of the yearly budget over the regions (Verteilungsschlüssel).

Pure Python, no Django. The method is documented in ``docs/allocation.md``;
this module is its reference implementation. In short:

a) every weighted indicator becomes shares (value of the region / sum over all regions);
b) score of a region = sum of normalised weight x share (scores sum to exactly 1);
c) floors (Mindestbetrag): ``amount = max(floor, lam * score)`` with one common factor
   ``lam`` so that the amounts sum to the total;
e) optional change limit (Änderungsgrenze) against the previous year's amount:
   ``amount = min(upper, max(lower, lam * score))`` with per-region corridors
   ``[lower, upper]`` that contain the floor rule;
d) rounding to multiples of the unit by the largest-remainder method
   (ties to the smaller AGS).

All intermediate arithmetic is exact (:class:`fractions.Fraction`); only the final
amounts are :class:`~decimal.Decimal` with two places. User-facing messages are German.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from aqb.german.money import GermanNumberError, format_eur, format_number, parse_decimal

__all__ = [
    "AllocationError",
    "AllocationKey",
    "AllocationResult",
    "allocation_compute",
    "parse_weights",
]

_CENT = Fraction(1, 100)
Number = Decimal | int | str | Fraction


class AllocationError(ValueError):
    """The allocation cannot be computed; the message is German and user-facing."""


@dataclass(frozen=True)
class AllocationKey:
    """Parameters of the distribution (Verteilungsschlüssel).

    ``weights``: indicator name -> weight (>= 0, at least one > 0; normalised to sum 1).
    ``floor``: minimum amount per region (Mindestbetrag), a multiple of ``unit``.
    ``unit``: rounding unit (Rundungseinheit), a positive multiple of 0.01.
    ``max_change``: optional change limit as a fraction of the previous year's
    amount, e.g. ``Decimal("0.10")`` for +-10 % (Änderungsgrenze).
    """

    weights: Mapping[str, Decimal]
    floor: Decimal = Decimal("0")
    unit: Decimal = Decimal("1")
    max_change: Decimal | None = None


@dataclass(frozen=True)
class AllocationResult:
    """Outcome of :func:`allocation_compute`.

    ``amounts``: AGS -> amount (Decimal, two places), sorted by AGS; sums to ``total``.
    ``scores``: AGS -> exact score (weighted share of the indicators; sums to 1).
    ``floored``: regions lifted to the floor (their proportional part was below it).
    ``clamped``: regions held at a bound of their change corridor.
    ``key`` / ``previous``: the parameters used, kept for :meth:`explain`.
    """

    total: Decimal
    amounts: dict[str, Decimal]
    scores: dict[str, Fraction]
    floored: frozenset[str]
    clamped: frozenset[str]
    key: AllocationKey | None = None
    previous: Mapping[str, Decimal] = field(default_factory=dict)

    def explain(self, ags: str) -> str:
        """One German sentence on how the amount of region ``ags`` came about."""
        if ags not in self.amounts:
            raise AllocationError(f"Die Region {ags} ist nicht Teil dieser Verteilung.")
        amount = self.amounts[ags]
        share = Fraction(amount) / Fraction(self.total) if self.total else Fraction(0)
        text = (
            f"Region {ags}: Punktwert {_percent(self.scores[ags], 4)} "
            f"(gewichteter Anteil an den Indikatoren), Betrag {format_eur(amount)} "
            f"= {_percent(share, 2)} des Gesamtbudgets; "
        )
        if ags in self.floored:
            floor = self.key.floor if self.key is not None else amount
            return text + f"auf den Mindestbetrag von {format_eur(Decimal(floor))} angehoben."
        if ags in self.clamped:
            limit = self.key.max_change if self.key is not None else None
            previous = self.previous.get(ags)
            if limit is not None and previous is not None:
                return text + (
                    f"durch die Änderungsgrenze von ±{_plain_percent(limit)} "
                    f"gegenüber dem Vorjahresbetrag von {format_eur(Decimal(previous))} begrenzt."
                )
            return text + "durch die Änderungsgrenze begrenzt."
        return text + "weder Mindestbetrag noch Änderungsgrenze angewendet."


def parse_weights(text: str) -> dict[str, Decimal]:
    """Parse weights like ``"arbeitslose=0.5,schulabgaenger=0.5"``.

    Two notations, chosen by the presence of a semicolon:

    * without ``;``: pairs separated by ``,``, decimal point ``.`` (``"a=0.5,b=1.5"``);
    * with ``;``: pairs separated by ``;``, German numbers with decimal comma
      (``"a=0,5; b=1,5"``; parsed with :func:`aqb.german.money.parse_decimal`).

    Whitespace around names and values is ignored, empty pairs (e.g. a trailing
    separator) are skipped. Weights must be >= 0, at least one > 0, names unique.
    Raises :class:`AllocationError` naming the offending part.
    """
    if not text or not text.strip():
        raise AllocationError("Es wurden keine Gewichte angegeben.")
    german = ";" in text
    separator = ";" if german else ","
    weights: dict[str, Decimal] = {}
    for raw in text.split(separator):
        part = raw.strip()
        if not part:
            continue
        name, equals, value_text = (piece.strip() for piece in part.partition("="))
        if not equals:
            hint = (
                " Bei Dezimalkomma die Paare bitte mit „;“ trennen (z. B. „a=0,5;b=0,5“)."
                if not german and re.fullmatch(r"\d+", part)
                else ""
            )
            raise AllocationError(f"„{part}“ ist keine Angabe der Form „Indikator=Gewicht“.{hint}")
        if not name:
            raise AllocationError(f"In „{part}“ fehlt der Name des Indikators.")
        if name in weights:
            raise AllocationError(f"Der Indikator „{name}“ ist mehrfach gewichtet.")
        weights[name] = _parse_weight_value(value_text, part, german=german)
    if not weights:
        raise AllocationError("Es wurden keine Gewichte angegeben.")
    if not any(weight > 0 for weight in weights.values()):
        raise AllocationError("Mindestens ein Gewicht muss größer als 0 sein.")
    return weights


_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_FOLDS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))


def indicator_key(name: str) -> str:
    """The form in which indicator names are compared: case, runs of whitespace, all kinds
    of dashes (- – — − ‐) and umlauts against their spelling with e (ä = ae, ß = ss) do not
    matter. „Einwohner 15-64“ and „einwohner  15–64“ are the same indicator."""
    text = _DASHES.sub("-", str(name).replace("\u00ad", "")).casefold()
    for umlaut, plain in _FOLDS:
        text = text.replace(umlaut, plain)
    return " ".join(text.replace("-", " - ").split()).replace(" - ", "-")


def _quoted(names: Sequence[str]) -> str:
    quoted = [f"„{n}“" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " und " + quoted[-1]


def resolve_weight_names(weights: Mapping[str, Decimal], indicators: Sequence[str], *,
                         dataset: str = "") -> dict[str, Decimal]:
    """Map the names typed in ``weights`` to the ``indicators`` of a dataset.

    A name matches an indicator if both are equal after :func:`indicator_key`; otherwise if
    it is the beginning of exactly one indicator („arbeitslose“ for „Arbeitslose SGB II“).
    Returns the weights under the indicators' own names; :class:`AllocationError` names
    every unknown or ambiguous name (with the right singular or plural)."""
    keyed = {indicator_key(i): i for i in indicators}
    resolved: dict[str, Decimal] = {}
    origin: dict[str, str] = {}
    unknown: list[str] = []
    for typed, weight in weights.items():
        key = indicator_key(typed)
        match = keyed.get(key)
        if match is None and key:
            starts = [i for k, i in keyed.items() if k.startswith(key)]
            if len(starts) > 1:
                raise AllocationError(f"„{typed}“ passt zu mehreren Indikatoren "
                                      f"({_quoted(starts)}); bitte genauer angeben.")
            match = starts[0] if starts else None
        if match is None:
            unknown.append(typed)
            continue
        if match in resolved:
            raise AllocationError(f"„{origin[match]}“ und „{typed}“ meinen beide den "
                                  f"Indikator „{match}“.")
        resolved[match], origin[match] = weight, typed
    if unknown:
        where = f" des Datensatzes „{dataset}“" if dataset else ""
        verb = "ist kein Indikator" if len(unknown) == 1 else "sind keine Indikatoren"
        raise AllocationError(f"{_quoted(unknown)} {verb}{where} (vorhanden: "
                              f"{', '.join(f'„{i}“' for i in indicators)}).")
    return resolved


def _parse_weight_value(value_text: str, part: str, *, german: bool) -> Decimal:
    """Parse one weight value of :func:`parse_weights`."""
    if not value_text:
        raise AllocationError(f"In „{part}“ fehlt das Gewicht.")
    if german:
        try:
            value = parse_decimal(value_text)
        except GermanNumberError:
            value = None
    else:
        value = Decimal(value_text) if re.fullmatch(r"[+-]?\d+(\.\d+)?", value_text) else None
    if value is None:
        example = "0,5" if german else "0.5"
        raise AllocationError(
            f"In „{part}“ ist „{value_text}“ keine gültige Zahl (Beispiel: {example})."
        )
    if value < 0:
        raise AllocationError(f"In „{part}“ ist das Gewicht negativ.")
    return value


def allocation_compute(
    *,
    total: Decimal,
    indicators: Mapping[str, Mapping[str, Decimal]],
    key: AllocationKey,
    previous: Mapping[str, Decimal] | None = None,
) -> AllocationResult:
    """Split ``total`` over the regions of ``indicators`` (AGS -> indicator -> value).

    ``previous`` (AGS -> last year's amount) is only used when ``key.max_change`` is
    set. Values may be Decimal, int or German number strings. The result is
    independent of the order of the mappings. Raises :class:`AllocationError`.
    """
    if not indicators:
        raise AllocationError("Es liegen keine Indikatorwerte für Regionen vor.")
    regions = sorted(indicators)
    unit = _to_fraction(key.unit, "Die Rundungseinheit")
    if unit <= 0 or (unit / _CENT).denominator != 1:
        raise AllocationError(
            "Die Rundungseinheit muss ein positives Vielfaches von 0,01 € sein "
            f"(angegeben: {_eur(unit)})."
        )
    total_f = _to_fraction(total, "Das Gesamtbudget")
    if total_f <= 0:
        raise AllocationError("Das Gesamtbudget muss größer als 0 € sein.")
    if (total_f / unit).denominator != 1:
        raise AllocationError(
            f"Das Gesamtbudget von {_eur(total_f)} ist kein Vielfaches der "
            f"Rundungseinheit von {_eur(unit)}."
        )
    floor = _to_fraction(key.floor, "Der Mindestbetrag")
    if floor < 0:
        raise AllocationError("Der Mindestbetrag darf nicht negativ sein.")
    if (floor / unit).denominator != 1:
        raise AllocationError(
            f"Der Mindestbetrag von {_eur(floor)} ist kein Vielfaches der "
            f"Rundungseinheit von {_eur(unit)}."
        )
    if floor * len(regions) > total_f:
        raise AllocationError(
            f"Der Mindestbetrag von {_eur(floor)} für {len(regions)} Regionen ergibt "
            f"{_eur(floor * len(regions))} und übersteigt das Gesamtbudget von {_eur(total_f)}."
        )

    scores = _scores(regions, indicators, key.weights)

    lower = {ags: floor for ags in regions}
    upper: dict[str, Fraction | None] = {ags: None for ags in regions}
    previous_used: dict[str, Fraction] = {}
    if key.max_change is not None:
        previous_used = _previous_amounts(previous or {}, regions)
        _corridors(previous_used, key.max_change, floor, unit, lower, upper)
        _check_feasible(total_f, scores, lower, upper)

    factor = _solve_factor(total_f, scores, lower, upper)
    exact = {ags: _clip(factor * scores[ags], lower[ags], upper[ags]) for ags in regions}
    assert sum(exact.values()) == total_f

    floored = frozenset(
        ags for ags in regions if factor * scores[ags] < lower[ags] and lower[ags] == floor
    )
    clamped = frozenset(
        ags
        for ags in regions
        if ags not in floored
        and (
            factor * scores[ags] < lower[ags]
            or (upper[ags] is not None and factor * scores[ags] > upper[ags])
        )
    )
    units = _round_largest_remainder(exact, unit, total_f)
    amounts = {ags: _to_money(units[ags] * unit) for ags in regions}
    return AllocationResult(
        total=_to_money(total_f),
        amounts=amounts,
        scores={ags: scores[ags] for ags in regions},
        floored=floored,
        clamped=clamped,
        key=key,
        previous={ags: _to_decimal(value) for ags, value in previous_used.items()},
    )


# --- steps -------------------------------------------------------------------------


def _scores(
    regions: list[str],
    indicators: Mapping[str, Mapping[str, Decimal]],
    weights: Mapping[str, Decimal],
) -> dict[str, Fraction]:
    """Steps a) and b): shares per indicator and the weighted score per region."""
    if not weights:
        raise AllocationError("Der Verteilungsschlüssel enthält keine Gewichte.")
    known = {name for ags in regions for name in indicators[ags]}
    weight_f: dict[str, Fraction] = {}
    for name in sorted(weights):
        if name not in known:
            available = ", ".join(f"„{n}“" for n in sorted(known)) or "keine"
            raise AllocationError(
                f"Das Gewicht nennt den Indikator „{name}“, der in den Indikatordaten "
                f"nicht vorkommt (vorhanden: {available})."
            )
        weight = _to_fraction(weights[name], f"Das Gewicht für „{name}“")
        if weight < 0:
            raise AllocationError(f"Das Gewicht für „{name}“ darf nicht negativ sein.")
        weight_f[name] = weight
    weight_sum = sum(weight_f.values(), Fraction(0))
    if weight_sum == 0:
        raise AllocationError("Mindestens ein Gewicht muss größer als 0 sein.")

    scores = {ags: Fraction(0) for ags in regions}
    for name, weight in weight_f.items():
        if weight == 0:
            continue
        values: dict[str, Fraction] = {}
        for ags in regions:
            if name not in indicators[ags]:
                raise AllocationError(f"Für die Region {ags} fehlt der Indikator „{name}“.")
            value = _to_fraction(indicators[ags][name], f"Der Indikator „{name}“ ({ags})")
            if value < 0:
                raise AllocationError(
                    f"Der Indikator „{name}“ ist für die Region {ags} negativ "
                    f"({format_number(_to_decimal(value))})."
                )
            values[ags] = value
        indicator_sum = sum(values.values(), Fraction(0))
        if indicator_sum == 0:
            raise AllocationError(
                f"Der Indikator „{name}“ ist in allen Regionen 0; daraus lassen sich "
                "keine Anteile bilden."
            )
        normalised = weight / weight_sum
        for ags in regions:
            scores[ags] += normalised * values[ags] / indicator_sum
    return scores


def _previous_amounts(previous: Mapping[str, Decimal], regions: list[str]) -> dict[str, Fraction]:
    """Validate the previous year's amounts; zero amounts count as 'no previous amount'."""
    known = set(regions)
    result: dict[str, Fraction] = {}
    for ags in sorted(previous):
        if ags not in known:
            raise AllocationError(
                f"Für die Region {ags} ist ein Vorjahresbetrag angegeben, sie fehlt aber "
                "in den Indikatordaten."
            )
        value = _to_fraction(previous[ags], f"Der Vorjahresbetrag der Region {ags}")
        if value < 0:
            raise AllocationError(f"Der Vorjahresbetrag der Region {ags} ist negativ.")
        if value > 0:
            result[ags] = value
    return result


def _corridors(
    previous: Mapping[str, Fraction],
    max_change: Decimal,
    floor: Fraction,
    unit: Fraction,
    lower: dict[str, Fraction],
    upper: dict[str, Fraction | None],
) -> None:
    """Step e): set the corridor [lower, upper] of every region with a previous amount.

    lower = max(floor, prev * (1 - l) rounded up to the unit),
    upper = max(floor, prev * (1 + l) rounded down to the unit).
    """
    limit = _to_fraction(max_change, "Die Änderungsgrenze")
    if limit < 0:
        raise AllocationError("Die Änderungsgrenze darf nicht negativ sein.")
    for ags, prev in previous.items():
        low = max(floor, _ceil_to(prev * (1 - limit), unit))
        high = max(floor, _floor_to(prev * (1 + limit), unit))
        if low > high:
            raise AllocationError(
                f"Für die Region {ags} enthält der Korridor der Änderungsgrenze "
                f"({_eur(prev * (1 - limit))} bis {_eur(prev * (1 + limit))}) keinen Betrag, "
                f"der ein Vielfaches der Rundungseinheit von {_eur(unit)} ist."
            )
        lower[ags] = low
        upper[ags] = high


def _check_feasible(
    total: Fraction,
    scores: Mapping[str, Fraction],
    lower: Mapping[str, Fraction],
    upper: Mapping[str, Fraction | None],
) -> None:
    """Raise if no common factor can meet the total within the corridors."""
    lower_sum = sum(lower.values(), Fraction(0))
    if lower_sum > total:
        raise AllocationError(
            "Die Änderungsgrenze ist nicht einhaltbar: Mindestbeträge und Untergrenzen "
            f"(Vorjahresbetrag abzüglich Änderungsgrenze) ergeben zusammen {_eur(lower_sum)} "
            f"und übersteigen das Gesamtbudget von {_eur(total)}."
        )
    reachable: Fraction = Fraction(0)
    for ags, score in scores.items():
        bound = upper[ags]
        if score > 0 and bound is None:
            return  # this region can absorb any remainder
        reachable += bound if score > 0 and bound is not None else lower[ags]
    if reachable < total:
        raise AllocationError(
            "Die Änderungsgrenze ist nicht einhaltbar: die Obergrenzen (Vorjahresbetrag "
            f"zuzüglich Änderungsgrenze) ergeben zusammen nur {_eur(reachable)}; das "
            f"Gesamtbudget von {_eur(total)} lässt sich so nicht vollständig verteilen."
        )


def _clip(value: Fraction, low: Fraction, high: Fraction | None) -> Fraction:
    """``min(high, max(low, value))``; ``high=None`` means unbounded."""
    value = max(low, value)
    return value if high is None else min(high, value)


def _solve_factor(
    total: Fraction,
    scores: Mapping[str, Fraction],
    lower: Mapping[str, Fraction],
    upper: Mapping[str, Fraction | None],
) -> Fraction:
    """Smallest factor ``lam >= 0`` with ``sum(clip(lam * score)) == total`` (exact).

    ``g(lam) = sum(clip(lam * score, lower, upper))`` is continuous, non-decreasing and
    linear between the breakpoints ``lower/score`` and ``upper/score``; the root is
    found on the first segment whose end reaches the total. Feasibility is checked
    by the caller (``floor * n <= total``, :func:`_check_feasible`).
    """

    def g(lam: Fraction) -> Fraction:
        return sum(
            (_clip(lam * s, lower[ags], upper[ags]) for ags, s in scores.items()), Fraction(0)
        )

    points = {Fraction(0)}
    for ags, score in scores.items():
        if score > 0:
            points.add(lower[ags] / score)
            bound = upper[ags]
            if bound is not None:
                points.add(bound / score)
    previous_point = Fraction(0)
    previous_value = g(previous_point)
    if previous_value >= total:
        return previous_point
    for point in sorted(points):
        value = g(point)
        if value >= total:
            # g is linear on [previous_point, point]
            return previous_point + (total - previous_value) * (point - previous_point) / (
                value - previous_value
            )
        previous_point, previous_value = point, value
    # beyond the last breakpoint only regions without upper bound still grow
    slope = sum((s for ags, s in scores.items() if s > 0 and upper[ags] is None), Fraction(0))
    if slope == 0:  # pragma: no cover - excluded by the feasibility checks
        raise AllocationError("Das Gesamtbudget lässt sich nicht vollständig verteilen.")
    return previous_point + (total - previous_value) / slope


def _round_largest_remainder(
    exact: Mapping[str, Fraction], unit: Fraction, total: Fraction
) -> dict[str, int]:
    """Step d): amounts in whole units; round down, then hand out the leftover units
    one each by the largest remainder, ties to the smaller AGS."""
    units: dict[str, int] = {}
    remainders: dict[str, Fraction] = {}
    for ags, amount in exact.items():
        quotient = amount / unit
        units[ags] = quotient.numerator // quotient.denominator
        remainders[ags] = quotient - units[ags]
    leftover = int(total / unit) - sum(units.values())
    for ags in sorted(remainders, key=lambda a: (-remainders[a], a))[:leftover]:
        units[ags] += 1
    return units


# --- helpers -------------------------------------------------------------------------


def _to_fraction(value: Number, what: str) -> Fraction:
    """Convert Decimal/int/Fraction/German number string exactly; refuse floats."""
    if isinstance(value, bool):
        raise AllocationError(f"{what} ist keine Zahl.")
    if isinstance(value, str):
        try:
            value = parse_decimal(value)
        except GermanNumberError as error:
            raise AllocationError(f"{what}: „{value}“ ist keine gültige Zahl.") from error
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AllocationError(f"{what} ist keine endliche Zahl.")
        return Fraction(value)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    raise AllocationError(
        f"{what} muss als Dezimalzahl angegeben sein (nicht {type(value).__name__})."
    )


def _floor_to(value: Fraction, unit: Fraction) -> Fraction:
    quotient = value / unit
    return (quotient.numerator // quotient.denominator) * unit


def _ceil_to(value: Fraction, unit: Fraction) -> Fraction:
    quotient = value / unit
    return -((-quotient.numerator) // quotient.denominator) * unit


def _to_money(value: Fraction) -> Decimal:
    """Exact conversion of a whole number of cents to a Decimal with two places."""
    cents = value / _CENT
    assert cents.denominator == 1, value
    return Decimal(cents.numerator).scaleb(-2)


def _to_decimal(value: Fraction, places: int = 2) -> Decimal:
    """Fraction -> Decimal rounded half up to ``places`` (for messages only)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _eur(value: Fraction) -> str:
    return format_eur(_to_decimal(value))


def _plain_percent(value: Decimal) -> str:
    """``Decimal("0.10")`` -> ``"10 %"``, ``Decimal("0.125")`` -> ``"12,5 %"``."""
    return f"{format_number((Decimal(value) * 100).normalize())}\u00a0%"


def _percent(value: Fraction, places: int) -> str:
    return f"{format_number(_to_decimal(value * 100, places))}\u00a0%"
