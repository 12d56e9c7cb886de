"""Tests for aqb.budgets.allocation (the default distribution method)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aqb.budgets.allocation import (
    AllocationError,
    AllocationKey,
    AllocationResult,
    allocation_compute,
    parse_weights,
)

D = Decimal

HESSEN_AGS = [
    "06411", "06412", "06413", "06414",
    "06431", "06432", "06433", "06434", "06435", "06436", "06437", "06438", "06439", "06440",
    "06531", "06532", "06533", "06534", "06535",
    "06611", "06631", "06632", "06633", "06634", "06635", "06636",
]  # fmt: skip


# --- independent reference implementation of the documented method ------------------


def reference_allocation(
    total: Fraction,
    indicators: Mapping[str, Mapping[str, Decimal]],
    weights: Mapping[str, Decimal],
    floor: Fraction,
    unit: Fraction,
) -> dict[str, Fraction]:
    """Steps a)-d) of docs/allocation.md written literally (iterative floor step)."""
    regions = sorted(indicators)
    weight_sum = sum(Fraction(w) for w in weights.values())
    scores = dict.fromkeys(regions, Fraction(0))
    for name, weight in weights.items():
        if weight == 0:
            continue
        column_sum = sum(Fraction(indicators[a][name]) for a in regions)
        for a in regions:
            scores[a] += Fraction(weight) / weight_sum * Fraction(indicators[a][name]) / column_sum
    floored: set[str] = set()
    while True:
        free = [a for a in regions if a not in floored]
        rest = total - floor * len(floored)
        score_sum = sum(scores[a] for a in free)
        exact = {a: floor for a in floored}
        exact.update({a: rest * scores[a] / score_sum for a in free})
        below = {a for a in free if exact[a] < floor}
        if not below:
            break
        floored |= below
    units = {a: int(exact[a] / unit) for a in regions}  # exact >= 0: int() rounds down
    leftover = int(total / unit) - sum(units.values())
    by_remainder = sorted(regions, key=lambda a: (-(exact[a] / unit - units[a]), a))
    for a in by_remainder[:leftover]:
        units[a] += 1
    return {a: units[a] * unit for a in regions}


# --- strategies -------------------------------------------------------------------------

UNITS = [D("0.01"), D("1"), D("10"), D("1000")]


@st.composite
def allocation_cases(draw: st.DrawFn, *, with_floor: bool = True) -> dict:
    codes = draw(st.sets(st.integers(1000, 99999), min_size=1, max_size=30))
    regions = [f"{code:05d}" for code in codes]
    names = draw(
        st.lists(
            st.sampled_from(["arbeitslose", "schueler", "betriebe"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    value = st.one_of(
        st.integers(0, 100_000).map(Decimal),
        st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False),
    )
    indicators = {a: {n: draw(value) for n in names} for a in regions}
    for n in names:
        assume(sum(indicators[a][n] for a in regions) > 0)
    weights = {
        n: draw(
            st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False)
        )
        for n in names
    }
    assume(any(w > 0 for w in weights.values()))
    unit = draw(st.sampled_from(UNITS))
    units_total = draw(st.integers(len(regions), 10_000_000))
    floor_units = draw(st.integers(0, units_total // len(regions))) if with_floor else 0
    return {
        "total": units_total * unit,
        "indicators": indicators,
        "key": AllocationKey(weights=weights, floor=floor_units * unit, unit=unit),
    }


def check_invariants(result: AllocationResult, case: dict) -> None:
    key: AllocationKey = case["key"]
    assert list(result.amounts) == sorted(case["indicators"])
    assert sum(result.amounts.values()) == case["total"]
    assert result.total == case["total"]
    for amount in result.amounts.values():
        assert amount.as_tuple().exponent == -2
        assert amount >= 0
        assert amount % key.unit == 0
        assert amount >= key.floor
    assert sum(result.scores.values()) == 1


# --- property tests ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(allocation_cases())
def test_sum_units_floors_nonnegative(case: dict) -> None:
    check_invariants(allocation_compute(**case), case)


@settings(max_examples=200, deadline=None)
@given(allocation_cases())
def test_matches_literal_iterative_reference(case: dict) -> None:
    key: AllocationKey = case["key"]
    result = allocation_compute(**case)
    expected = reference_allocation(
        Fraction(case["total"]),
        case["indicators"],
        key.weights,
        Fraction(key.floor),
        Fraction(key.unit),
    )
    assert {a: Fraction(v) for a, v in result.amounts.items()} == expected


@settings(max_examples=200, deadline=None)
@given(allocation_cases(with_floor=False))
def test_larger_score_never_gets_less_without_floor(case: dict) -> None:
    result = allocation_compute(**case)
    unit = case["key"].unit
    ordered = sorted(result.scores, key=result.scores.__getitem__)
    for smaller, larger in zip(ordered, ordered[1:], strict=False):
        if result.scores[larger] > result.scores[smaller]:
            # the brief allows one unit of rounding; largest remainder even keeps order
            assert result.amounts[larger] >= result.amounts[smaller]
        else:
            assert abs(result.amounts[larger] - result.amounts[smaller]) <= unit


@settings(max_examples=200, deadline=None)
@given(allocation_cases())
def test_larger_score_never_gets_less_with_floor(case: dict) -> None:
    result = allocation_compute(**case)
    for a in result.scores:
        for b in result.scores:
            if result.scores[a] > result.scores[b]:
                assert result.amounts[a] >= result.amounts[b]


@settings(max_examples=100, deadline=None)
@given(allocation_cases(), st.randoms(use_true_random=False))
def test_deterministic_and_independent_of_input_order(case: dict, rnd: random.Random) -> None:
    first = allocation_compute(**case)
    assert allocation_compute(**case) == first
    regions = list(case["indicators"])
    rnd.shuffle(regions)
    shuffled = {}
    for a in regions:
        names = list(case["indicators"][a])
        rnd.shuffle(names)
        shuffled[a] = {n: case["indicators"][a][n] for n in names}
    weight_names = list(case["key"].weights)
    rnd.shuffle(weight_names)
    key = AllocationKey(
        weights={n: case["key"].weights[n] for n in weight_names},
        floor=case["key"].floor,
        unit=case["key"].unit,
    )
    second = allocation_compute(total=case["total"], indicators=shuffled, key=key)
    assert second.amounts == first.amounts
    assert list(second.amounts) == list(first.amounts)
    assert second.scores == first.scores
    assert second.floored == first.floored


@st.composite
def change_limit_cases(draw: st.DrawFn) -> dict:
    case = draw(allocation_cases())
    key: AllocationKey = case["key"]
    regions = sorted(case["indicators"])
    previous = {}
    for a in regions:
        if draw(st.booleans()):
            previous[a] = draw(st.integers(0, int(case["total"] / key.unit))) * key.unit
    limit = draw(st.sampled_from([D("0"), D("0.05"), D("0.1"), D("0.25"), D("1"), D("2")]))
    case["key"] = AllocationKey(
        weights=key.weights, floor=key.floor, unit=key.unit, max_change=limit
    )
    case["previous"] = previous
    return case


@settings(max_examples=300, deadline=None)
@given(change_limit_cases())
def test_change_limit_holds_exactly_or_german_error(case: dict) -> None:
    key: AllocationKey = case["key"]
    try:
        result = allocation_compute(**case)
    except AllocationError as error:
        assert "Änderungsgrenze" in str(error)
        return
    check_invariants(result, case)
    assert key.max_change is not None
    for a, prev in case["previous"].items():
        if prev == 0:
            continue
        amount = result.amounts[a]
        low = max(key.floor, prev * (1 - key.max_change))
        high = max(key.floor, prev * (1 + key.max_change))
        assert low <= amount <= high


@settings(max_examples=100, deadline=None)
@given(allocation_cases())
def test_non_binding_change_limit_changes_nothing(case: dict) -> None:
    plain = allocation_compute(**case)
    key: AllocationKey = case["key"]
    limited = allocation_compute(
        total=case["total"],
        indicators=case["indicators"],
        key=AllocationKey(weights=key.weights, floor=key.floor, unit=key.unit, max_change=D(1)),
        previous=dict.fromkeys(case["indicators"], case["total"]),
    )
    assert limited.amounts == plain.amounts
    assert limited.clamped == frozenset()


# --- examples ---------------------------------------------------------------------------


def hessen_indicators() -> dict[str, dict[str, Decimal]]:
    """Deterministic, plausible indicator values for the 26 Hessian regions."""
    rnd = random.Random(2025)
    data = {}
    for a in HESSEN_AGS:
        data[a] = {
            "arbeitslose": D(rnd.randint(2_000, 30_000)),
            "schulabgaenger_ohne_abschluss": D(rnd.randint(50, 900)),
            "sgb2_quote": D(rnd.randint(20, 140)) / 10,
        }
    data["06611"]["arbeitslose"] = D(900)  # a small region that needs the floor
    data["06611"]["schulabgaenger_ohne_abschluss"] = D(20)
    data["06611"]["sgb2_quote"] = D("2.0")
    return data


def test_hessen_example_26_regions() -> None:
    key = AllocationKey(
        weights=parse_weights("arbeitslose=0.5,schulabgaenger_ohne_abschluss=0.3,sgb2_quote=0.2"),
        floor=D(300_000),
        unit=D(10),
    )
    result = allocation_compute(total=D(27_700_000), indicators=hessen_indicators(), key=key)
    assert len(result.amounts) == 26
    assert list(result.amounts) == HESSEN_AGS
    assert sum(result.amounts.values()) == D("27700000.00")
    assert all(v % 10 == 0 and v >= 300_000 for v in result.amounts.values())
    assert "06611" in result.floored
    assert result.amounts["06611"] == D("300000.00")
    assert result.clamped == frozenset()
    assert "Mindestbetrag" in result.explain("06611")
    assert result == allocation_compute(
        total=D(27_700_000), indicators=hessen_indicators(), key=key
    )


def test_small_example_by_hand() -> None:
    indicators = {"06411": {"x": D(50)}, "06412": {"x": D(30)}, "06413": {"x": D(20)}}
    result = allocation_compute(
        total=D(1000), indicators=indicators, key=AllocationKey(weights={"x": D(1)})
    )
    assert result.amounts == {"06411": D("500.00"), "06412": D("300.00"), "06413": D("200.00")}
    assert result.scores == {
        "06411": Fraction(1, 2),
        "06412": Fraction(3, 10),
        "06413": Fraction(1, 5),
    }

    # floor 250: 06413 gets 250, 750 is split 5:3 -> 468.75 / 281.25, rounded to 10
    key = AllocationKey(weights={"x": D(1)}, floor=D(250), unit=D(10))
    result = allocation_compute(total=D(1000), indicators=indicators, key=key)
    assert result.amounts == {"06411": D("470.00"), "06412": D("280.00"), "06413": D("250.00")}
    assert result.floored == {"06413"}


def test_floor_iterates_until_no_region_below() -> None:
    # first pass floors only 06414 (5); then 06413 (12.6) falls below the floor
    indicators = {
        "06411": {"x": D(50)},
        "06412": {"x": D(33)},
        "06413": {"x": D(12)},
        "06414": {"x": D(5)},
    }
    key = AllocationKey(weights={"x": D(1)}, floor=D(13), unit=D("0.01"))
    result = allocation_compute(total=D(100), indicators=indicators, key=key)
    assert result.floored == {"06413", "06414"}
    # 74 over scores 50:33 -> 44.578..., 29.421...
    assert result.amounts == {
        "06411": D("44.58"), "06412": D("29.42"), "06413": D("13.00"), "06414": D("13.00"),
    }  # fmt: skip


def test_rounding_ties_go_to_smaller_ags() -> None:
    indicators = {a: {"x": D(1)} for a in ["06413", "06411", "06412"]}
    result = allocation_compute(
        total=D(10), indicators=indicators, key=AllocationKey(weights={"x": D(1)})
    )
    assert result.amounts == {"06411": D("4.00"), "06412": D("3.00"), "06413": D("3.00")}


def test_zero_weight_indicator_is_ignored_and_string_values_accepted() -> None:
    indicators = {
        "06411": {"a": "1.500,5", "b": D(0)},
        "06412": {"a": D("1500.5"), "b": D(0)},
    }
    key = AllocationKey(weights={"a": D(1), "b": D(0)}, unit=D("0.01"))
    result = allocation_compute(total=D("100.01"), indicators=indicators, key=key)
    assert result.amounts == {"06411": D("50.01"), "06412": D("50.00")}


# --- change limit (Änderungsgrenze) ----------------------------------------------------

DOC_INDICATORS = {
    "06411": {"x": D(40)},
    "06412": {"x": D(30)},
    "06413": {"x": D(25)},
    "06414": {"x": D(5)},
}
DOC_PREVIOUS = {"06411": D(300_000), "06412": D(320_000), "06413": D(250_000)}


def test_change_limit_worked_example_from_docs() -> None:
    key = AllocationKey(weights={"x": D(1)}, floor=D(100_000), unit=D(1000), max_change=D("0.10"))
    result = allocation_compute(
        total=D(1_000_000), indicators=DOC_INDICATORS, key=key, previous=DOC_PREVIOUS
    )
    assert result.amounts == {
        "06411": D("330000.00"),
        "06412": D("311000.00"),
        "06413": D("259000.00"),
        "06414": D("100000.00"),
    }
    assert result.clamped == {"06411"}
    assert result.floored == {"06414"}
    assert "Änderungsgrenze von ±10" in result.explain("06411")
    assert "weder" in result.explain("06412")

    without = allocation_compute(
        total=D(1_000_000),
        indicators=DOC_INDICATORS,
        key=AllocationKey(weights={"x": D(1)}, floor=D(100_000), unit=D(1000)),
    )
    assert without.amounts == {
        "06411": D("379000.00"),
        "06412": D("284000.00"),
        "06413": D("237000.00"),
        "06414": D("100000.00"),
    }


def test_change_limit_equal_scores_get_equal_amounts() -> None:
    # 06412 (limited) and 06413 (no previous amount) have the same score and both
    # end inside their corridors: they get the same amount.
    indicators = {"06411": {"x": D(2)}, "06412": {"x": D(1)}, "06413": {"x": D(1)}}
    key = AllocationKey(weights={"x": D(1)}, max_change=D("0.1"))
    result = allocation_compute(
        total=D(300), indicators=indicators, key=key, previous={"06411": D(100), "06412": D(100)}
    )
    assert result.amounts == {"06411": D("110.00"), "06412": D("95.00"), "06413": D("95.00")}
    assert result.clamped == {"06411"}


def test_change_limit_lower_bound_and_floor_priority() -> None:
    indicators = {"06411": {"x": D(9)}, "06412": {"x": D(1)}}
    # 06412 had 500 last year: -10 % gives at least 450 instead of 100
    key = AllocationKey(weights={"x": D(1)}, floor=D(50), max_change=D("0.1"))
    result = allocation_compute(
        total=D(1000), indicators=indicators, key=key, previous={"06412": D(500)}
    )
    assert result.amounts == {"06411": D("550.00"), "06412": D("450.00")}
    assert result.clamped == {"06412"}
    # the floor wins over the upper limit: 20 + 10 % < floor 300
    key = AllocationKey(weights={"x": D(1)}, floor=D(300), max_change=D("0.1"))
    result = allocation_compute(
        total=D(1000), indicators=indicators, key=key, previous={"06412": D(20)}
    )
    assert result.amounts == {"06411": D("700.00"), "06412": D("300.00")}
    assert result.floored == {"06412"}


def test_change_limit_ignored_without_previous_or_zero_previous() -> None:
    indicators = {"06411": {"x": D(3)}, "06412": {"x": D(1)}}
    key = AllocationKey(weights={"x": D(1)}, max_change=D("0.1"))
    result = allocation_compute(
        total=D(400), indicators=indicators, key=key, previous={"06411": D(0)}
    )
    assert result.amounts == {"06411": D("300.00"), "06412": D("100.00")}
    assert result.clamped == frozenset()


def test_change_limit_corridor_rounded_inwards_to_unit() -> None:
    indicators = {"06411": {"x": D(1)}, "06412": {"x": D(1)}}
    key = AllocationKey(weights={"x": D(1)}, unit=D(10), max_change=D("0.1"))
    # corridor of 06411: [90.9, 111.1] -> [100, 110]; 06412 takes the rest
    result = allocation_compute(
        total=D(400), indicators=indicators, key=key, previous={"06411": D(101)}
    )
    assert result.amounts == {"06411": D("110.00"), "06412": D("290.00")}


@pytest.mark.parametrize(
    ("previous", "fragment"),
    [
        ({"06411": D(1000), "06412": D(1000)}, "übersteigen das Gesamtbudget"),
        ({"06411": D(10), "06412": D(10)}, "nicht vollständig verteilen"),
    ],
)
def test_change_limit_infeasible(previous: dict[str, Decimal], fragment: str) -> None:
    indicators = {"06411": {"x": D(1)}, "06412": {"x": D(1)}}
    key = AllocationKey(weights={"x": D(1)}, max_change=D("0.1"))
    with pytest.raises(AllocationError, match="Änderungsgrenze ist nicht einhaltbar") as info:
        allocation_compute(total=D(100), indicators=indicators, key=key, previous=previous)
    assert fragment in str(info.value)


def test_change_limit_corridor_without_multiple_of_unit() -> None:
    indicators = {"06411": {"x": D(1)}, "06412": {"x": D(1)}}
    key = AllocationKey(weights={"x": D(1)}, unit=D(10), max_change=D(0))
    with pytest.raises(AllocationError, match="06411.*kein.*Vielfaches|06411.*keinen Betrag"):
        allocation_compute(total=D(100), indicators=indicators, key=key, previous={"06411": D(55)})


# --- errors --------------------------------------------------------------------------

SIMPLE = {"06411": {"x": D(1), "y": D(2)}, "06412": {"x": D(3), "y": D(0)}}


@pytest.mark.parametrize(
    ("total", "key", "message"),
    [
        (D(1005), AllocationKey(weights={"x": D(1)}, unit=D(10)), "Gesamtbudget von 1.005,00"),
        (
            D(1000),
            AllocationKey(weights={"x": D(1)}, floor=D(15), unit=D(10)),
            "Mindestbetrag von 15,00",
        ),
        (D(1000), AllocationKey(weights={"x": D(1)}, floor=D(600)), "übersteigt das Gesamtbudget"),
        (D(1000), AllocationKey(weights={"z": D(1)}), "„z“"),
        (D(1000), AllocationKey(weights={"x": D(-1), "y": D(2)}), "nicht negativ"),
        (D(1000), AllocationKey(weights={"x": D(0)}), "größer als 0"),
        (D(1000), AllocationKey(weights={}), "keine Gewichte"),
        (D(1000), AllocationKey(weights={"x": D(1)}, unit=D("0.001")), "Rundungseinheit"),
        (D(0), AllocationKey(weights={"x": D(1)}), "größer als 0"),
        (D(1000), AllocationKey(weights={"x": 0.5}), "Dezimalzahl"),  # type: ignore[dict-item]
    ],
)
def test_errors(total: Decimal, key: AllocationKey, message: str) -> None:
    with pytest.raises(AllocationError) as info:
        allocation_compute(total=total, indicators=SIMPLE, key=key)
    assert message in str(info.value)


def test_error_total_not_multiple_of_unit_message() -> None:
    with pytest.raises(AllocationError) as info:
        allocation_compute(
            total=D("27700005"),
            indicators=SIMPLE,
            key=AllocationKey(weights={"x": D(1)}, unit=D(10)),
        )
    assert str(info.value) == (
        "Das Gesamtbudget von 27.700.005,00\u00a0€ ist kein Vielfaches der "
        "Rundungseinheit von 10,00\u00a0€."
    )


def test_error_floor_too_high_message() -> None:
    key = AllocationKey(weights={"x": D(1)}, floor=D(300_000), unit=D(10))
    indicators = {a: {"x": D(1)} for a in HESSEN_AGS}
    with pytest.raises(AllocationError, match="26 Regionen ergibt 7.800.000,00"):
        allocation_compute(total=D(7_799_990), indicators=indicators, key=key)


def test_error_unknown_weight_name_lists_available() -> None:
    with pytest.raises(AllocationError) as info:
        allocation_compute(
            total=D(100), indicators=SIMPLE, key=AllocationKey(weights={"arbeitslos": D(1)})
        )
    assert "„arbeitslos“" in str(info.value)
    assert "„x“, „y“" in str(info.value)


def test_error_indicator_sum_zero_and_missing_and_negative() -> None:
    with pytest.raises(AllocationError, match="„y“ ist in allen Regionen 0"):
        allocation_compute(
            total=D(100),
            indicators={"06411": {"y": D(0)}, "06412": {"y": D(0)}},
            key=AllocationKey(weights={"y": D(1)}),
        )
    with pytest.raises(AllocationError, match="Region 06412 fehlt der Indikator „y“"):
        allocation_compute(
            total=D(100),
            indicators={"06411": {"y": D(1)}, "06412": {"x": D(0)}},
            key=AllocationKey(weights={"y": D(1)}),
        )
    with pytest.raises(AllocationError, match="negativ"):
        allocation_compute(
            total=D(100),
            indicators={"06411": {"y": D(1)}, "06412": {"y": D(-1)}},
            key=AllocationKey(weights={"y": D(1)}),
        )


def test_error_previous_for_unknown_region() -> None:
    with pytest.raises(AllocationError, match="06999"):
        allocation_compute(
            total=D(100),
            indicators=SIMPLE,
            key=AllocationKey(weights={"x": D(1)}, max_change=D("0.1")),
            previous={"06999": D(5)},
        )


def test_explain_unknown_region() -> None:
    result = allocation_compute(
        total=D(100), indicators=SIMPLE, key=AllocationKey(weights={"x": D(1)})
    )
    with pytest.raises(AllocationError, match="06999"):
        result.explain("06999")
    assert result.explain("06411").startswith("Region 06411: Punktwert 25,0000")


# --- parse_weights -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a=0.5,b=0.5", {"a": D("0.5"), "b": D("0.5")}),
        (" a = 1 , b=2 ,", {"a": D(1), "b": D(2)}),
        ("a=0,5;b=0,5", {"a": D("0.5"), "b": D("0.5")}),
        ("arbeitslose=0,25; schüler=0,75;", {"arbeitslose": D("0.25"), "schüler": D("0.75")}),
        ("a=1;b=0", {"a": D(1), "b": D(0)}),
        ("a=50", {"a": D(50)}),
    ],
)
def test_parse_weights(text: str, expected: dict[str, Decimal]) -> None:
    assert parse_weights(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "keine Gewichte"),
        ("a=0,5", "„5“ ist keine Angabe"),
        ("a=0,5", "mit „;“ trennen"),
        ("a=x,b=1", "In „a=x“ ist „x“ keine gültige Zahl"),
        ("a=1,5;b=eins", "In „b=eins“ ist „eins“ keine gültige Zahl"),
        ("=1", "fehlt der Name"),
        ("a=", "In „a=“ fehlt das Gewicht"),
        ("a=1,a=2", "„a“ ist mehrfach"),
        ("a=-1,b=1", "In „a=-1“ ist das Gewicht negativ"),
        ("a=0,b=0", "größer als 0"),
        ("a=1.5e3", "keine gültige Zahl"),
    ],
)
def test_parse_weights_errors(text: str, fragment: str) -> None:
    with pytest.raises(AllocationError) as info:
        parse_weights(text)
    assert fragment in str(info.value)
