"""Tests for aqb.german.money."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aqb.german.money import (
    MAX_AMOUNT,
    GermanNumberError,
    MoneyError,
    format_eur,
    format_euro,
    format_number,
    money_check,
    parse_decimal,
    parse_money,
    round_cents,
)

money = st.decimals(min_value=-(10**12), max_value=10**12, places=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234.567", "1234567"),
        ("773.920 Euro", "773920"),
        ("452.700,00 €", "452700.00"),
        ("€ 12,50", "12.50"),
        ("EUR 5", "5"),
        ("Euro 5", "5"),
        ("-1.234,5", "-1234.5"),
        ("-1.234,00\u00a0€", "-1234.00"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1,234,567.89", "1234567.89"),
        ("  42 \n", "42"),
        ("0", "0"),
    ],
)
def test_it_parses_german_and_currency_input(text: str, expected: str) -> None:
    assert parse_decimal(text) == Decimal(expected)


def test_it_parses_german_thousands() -> None:
    assert parse_decimal("1.234") == Decimal(1234)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1234.56", "1234.56"), ("0.5", "0.5"), ("1.5", "1.5"), ("0.500", "0.500")],
)
def test_it_treats_a_single_dot_not_followed_by_a_thousands_group_as_decimal_point(
    text: str, expected: str
) -> None:
    assert parse_decimal(text) == Decimal(expected)


def test_it_keeps_the_places_of_the_input() -> None:
    assert str(parse_decimal("452.700,00 €")) == "452700.00"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "12a",
        "1,2,3",
        "1..2",
        "1,234,567",
        "12 34",
        "1.23.4",
        "-",
        "€",
        ",5",
        "5,",
        "1.234,5.6",
        "1e5",
        "NaN",
        "Infinity",
        "١٢٣",
    ],
)
def test_it_rejects_invalid_numbers(text: str) -> None:
    with pytest.raises(GermanNumberError):
        parse_decimal(text)


def test_the_error_message_is_german_and_names_the_text() -> None:
    with pytest.raises(GermanNumberError, match="„12,3,4“ ist keine gültige Zahl."):
        parse_decimal("12,3,4")


def test_it_rounds_money_half_up() -> None:
    assert round_cents(Decimal("0.125")) == Decimal("0.13")
    assert round_cents(Decimal("-0.125")) == Decimal("-0.13")
    assert str(round_cents(5)) == "5.00"


def test_it_formats_agreement_style_euro() -> None:
    assert format_euro(Decimal("773920")) == "773.920 Euro"
    assert format_euro(Decimal("773920.00")) == "773.920 Euro"
    assert format_euro(Decimal("773920.5")) == "773.920,50 Euro"
    assert format_euro(0) == "0 Euro"


def test_it_formats_eur_with_two_places_and_no_break_space() -> None:
    assert format_eur(Decimal("1140300")) == "1.140.300,00\u00a0€"
    assert format_eur(-1234) == "-1.234,00\u00a0€"
    assert format_eur(Decimal("0.005")) == "0,01\u00a0€"


def test_it_formats_numbers_with_german_grouping() -> None:
    assert format_number(Decimal("1234.5")) == "1.234,5"
    assert format_number(Decimal("1234.5"), 2) == "1.234,50"
    assert format_number(1234567) == "1.234.567"
    assert format_number(Decimal("1E+3")) == "1.000"
    assert format_number(Decimal("-0.004"), 2) == "0,00"
    assert format_number(Decimal("999.5"), 0) == "1.000"


@pytest.mark.parametrize("function", [round_cents, format_eur, format_euro, format_number])
def test_it_rejects_float(function) -> None:
    with pytest.raises(TypeError):
        function(1.5)


def test_it_rejects_non_string_input_to_parse() -> None:
    with pytest.raises(TypeError):
        parse_decimal(1.5)  # type: ignore[arg-type]


@given(money)
def test_formatted_eur_parses_back(value: Decimal) -> None:
    assert parse_decimal(format_eur(value)) == value


@given(money)
def test_formatted_number_parses_back(value: Decimal) -> None:
    assert parse_decimal(format_number(value, 2)) == value


@given(money)
def test_formatted_euro_parses_back(value: Decimal) -> None:
    assert parse_decimal(format_euro(value)) == value


def test_the_one_rounding_rule_rounds_half_a_cent_up() -> None:
    assert round_cents(Decimal("1.005")) == Decimal("1.01")
    assert parse_money("1,005") == Decimal("1.01")
    assert parse_money("1.234,565") == Decimal("1234.57")
    assert parse_money("0,005") == Decimal("0.01")
    assert parse_money("0,004") == Decimal("0.00")


def test_round_cents_survives_thirty_digits() -> None:
    big = Decimal("9" * 30 + ".995")
    assert round_cents(big) == Decimal("1" + "0" * 30)
    assert format_eur(big).startswith("1.000.000")


@pytest.mark.parametrize("text", ["9" * 27, "9" * 100 + ",99", "1.000.000.000,01",
                                  "1000000000.01"])
def test_amounts_above_one_billion_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(MoneyError) as exc:
        parse_money(text, field="Abfluss 2026 (Euro)")
    assert exc.value.code == "too_large"
    assert str(exc.value).startswith("„Abfluss 2026 (Euro)“: Der Betrag ist zu hoch")
    assert "1.000.000.000,00" in str(exc.value)


def test_one_billion_itself_is_accepted() -> None:
    assert parse_money("1.000.000.000,00") == MAX_AMOUNT
    assert money_check(MAX_AMOUNT) == MAX_AMOUNT


def test_money_check_refuses_negative_and_float_but_allows_signed_deltas() -> None:
    with pytest.raises(MoneyError) as exc:
        money_check(Decimal("-1"), field="Betrag")
    assert exc.value.code == "negative"
    assert money_check(Decimal("-1.005"), negative=True) == Decimal("-1.01")
    with pytest.raises(MoneyError):
        money_check(-MAX_AMOUNT - 1, negative=True)
    with pytest.raises(TypeError):
        money_check(1.5)  # type: ignore[arg-type]


def test_a_long_invalid_text_is_shortened_in_the_message() -> None:
    with pytest.raises(MoneyError) as exc:
        parse_money("x" * 5000, field="Betrag")
    assert exc.value.code == "invalid"
    assert len(str(exc.value)) < 200


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT, places=3))
def test_parse_money_rounds_half_up_like_round_cents(value: Decimal) -> None:
    text = format_number(value)
    expected = (value * 100 + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR") / 100
    assert parse_money(text) == expected
