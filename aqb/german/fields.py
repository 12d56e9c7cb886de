"""Form fields that take German input (money "1.234,56", dates "13.08.2025")."""

from datetime import date, datetime
from decimal import Decimal

from django import forms

from .money import MAX_AMOUNT, MoneyError, format_number, money_check, parse_money


class MoneyInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return format_number(value, 2)
        return super().format_value(value)


class MoneyField(forms.Field):
    """Euro amount in German or plain notation: Decimal rounded half up to the cent
    (:func:`aqb.german.money.round_cents`), never negative, at most ``max_value`` (default
    :data:`~aqb.german.money.MAX_AMOUNT`, 1 Mrd. Euro)."""

    widget = MoneyInput

    def __init__(self, *, max_value: Decimal = MAX_AMOUNT, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        # The page names the field (its label beside the input and in the error summary),
        # so the message itself does not repeat it.
        try:
            if isinstance(value, Decimal | int) and not isinstance(value, bool):
                return money_check(value, maximum=self.max_value)
            return parse_money(str(value).strip(), maximum=self.max_value)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc), code=exc.code) from exc


class GermanDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


#: The dates any date input accepts. Python knows 0001-01-01 to 9999-12-31, but a date at
#: either end breaks the first computation with it (a deadline plus two months, the
#: conversion of a local time to UTC: OverflowError, a 500). Birth dates reach back to 1900;
#: nothing of the programme lies after 2100 (the year fields end there too).
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
DATE_RANGE_MESSAGE = "Bitte ein Datum zwischen dem 01.01.1900 und dem 31.12.2100 eingeben."

#: The largest count (participants, places) any number input accepts; it fits every integer
#: column of the database (PostgreSQL ``integer`` ends at 2.147.483.647).
COUNT_MAX = 1_000_000

#: The largest row id a hidden id field accepts (a ``bigint`` column).
ID_MAX = 2**63 - 1


def _check_date_range(value: date | None) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if day is not None and not DATE_MIN <= day <= DATE_MAX:
        raise forms.ValidationError(DATE_RANGE_MESSAGE, code="date_range")


class GermanDateField(forms.DateField):
    """A date typed as "31.03.2025", "31.03.25" or "2025-03-31" (the date picker), between
    :data:`DATE_MIN` and :data:`DATE_MAX`."""

    widget = GermanDateInput
    input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
    default_error_messages = {"invalid": "Bitte ein Datum wie „31.03.2025“ eingeben."}

    def validate(self, value):
        super().validate(value)
        _check_date_range(value)


class GermanDateTimeField(forms.DateTimeField):
    """A date with time ("2025-03-31T10:00" from the picker or "31.03.2025 10:00"), its day
    between :data:`DATE_MIN` and :data:`DATE_MAX`."""

    input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
    default_error_messages = {
        "invalid": "Bitte Datum und Uhrzeit wie „31.03.2025 10:00“ eingeben."}

    def validate(self, value):
        super().validate(value)
        _check_date_range(value)


class CountField(forms.IntegerField):
    """A whole number of people or places: not negative, at most :data:`COUNT_MAX`."""

    default_error_messages = {
        "invalid": "Bitte eine ganze Zahl eingeben.",
        "min_value": "Die Zahl darf nicht kleiner als %(limit_value)s sein.",
        "max_value": "Die Zahl darf höchstens %(limit_value)s sein.",
    }

    def __init__(self, *, min_value: int = 0, max_value: int = COUNT_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
