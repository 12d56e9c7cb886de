"""Tests for aqb.german.dates."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aqb.german.dates import (
    MONTHS,
    GermanDateError,
    find_date,
    format_date,
    format_date_numeric,
    parse_date,
)

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def test_month_names_are_indexed_from_one() -> None:
    assert MONTHS[1] == "Januar"
    assert MONTHS[3] == "März"
    assert MONTHS[12] == "Dezember"


def test_it_formats_dates_without_leading_zero() -> None:
    assert format_date(date(2025, 8, 13)) == "13. August 2025"
    assert format_date(date(2025, 8, 2)) == "2. August 2025"


def test_it_formats_numeric_dates_with_leading_zeros() -> None:
    assert format_date_numeric(date(2025, 8, 13)) == "13.08.2025"
    assert format_date_numeric(date(2025, 1, 2)) == "02.01.2025"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13.08.2025", date(2025, 8, 13)),
        ("2.8.2025", date(2025, 8, 2)),
        ("2. 8. 2025", date(2025, 8, 2)),
        ("13. Aug. 2025", date(2025, 8, 13)),
        ("13. August 2025", date(2025, 8, 13)),
        ("23. Juni 2020", date(2020, 6, 23)),
        ("1. März 2024", date(2024, 3, 1)),
        ("1. Ma\u0308rz 2024", date(2024, 3, 1)),
        ("2025-08-13", date(2025, 8, 13)),
        ("13.08.25", date(2025, 8, 13)),
        ("  13.08.2025\n", date(2025, 8, 13)),
    ],
)
def test_it_parses_german_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("abbreviation", "month"),
    [
        ("Jan.", 1),
        ("Feb.", 2),
        ("Mär.", 3),
        ("März", 3),
        ("Apr.", 4),
        ("Mai", 5),
        ("Jun.", 6),
        ("Juni", 6),
        ("Jul.", 7),
        ("Juli", 7),
        ("Aug.", 8),
        ("Sep.", 9),
        ("Sept.", 9),
        ("Okt.", 10),
        ("Nov.", 11),
        ("Dez.", 12),
    ],
)
def test_it_accepts_month_abbreviations(abbreviation: str, month: int) -> None:
    assert parse_date(f"1. {abbreviation} 2024") == date(2024, month, 1)


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2025",
        "32.1.2025",
        "1.13.2025",
        "13.08.202",
        "13. Foo 2025",
        "2025-8-13",
        "",
        "gestern",
        "Korbach, den 13.08.2025",
    ],
)
def test_it_rejects_impossible_dates_and_garbage(text: str) -> None:
    with pytest.raises(GermanDateError):
        parse_date(text)


def test_the_error_message_is_german_and_names_the_text() -> None:
    with pytest.raises(GermanDateError, match="„31.02.2025“ ist kein gültiges Datum."):
        parse_date("31.02.2025")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Korbach, den 13. Aug. 2025", date(2025, 8, 13)),
        ("Wiesbaden, den 2. 8. 2025", date(2025, 8, 2)),
        ("Kassel,\nden 13.08.2025 (Unterschrift)", date(2025, 8, 13)),
        ("ungültig 31.02.2025, gültig 1.1.2024", date(2024, 1, 1)),
        ("vom 1. März 2024 bis 31. Dez. 2024", date(2024, 3, 1)),
    ],
)
def test_it_finds_the_first_date_in_a_text(text: str, expected: date) -> None:
    assert find_date(text) == expected


def test_it_finds_no_date_where_there_is_none() -> None:
    assert find_date("Betrag: 1.234,56 Euro") is None


@given(dates)
def test_formatted_date_parses_back(value: date) -> None:
    assert parse_date(format_date(value)) == value


@given(dates)
def test_numeric_date_parses_back(value: date) -> None:
    assert parse_date(format_date_numeric(value)) == value
