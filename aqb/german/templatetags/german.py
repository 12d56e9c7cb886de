"""Template filters for German money and dates: {{ amount|eur }}, {{ day|datum }}."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from aqb.german.dates import format_date
from aqb.german.money import format_eur, format_euro, format_number

register = template.Library()


@register.filter
def eur(value):
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_eur(value)
    return "–" if value in (None, "") else value


@register.filter
def euro(value):
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_euro(value)
    return "–" if value in (None, "") else value


@register.filter
def datum(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    if isinstance(value, date):
        return format_date(value)
    return "–" if value in (None, "") else value


def _number(value):
    """Decimal or int for numbers and numeric strings; None for anything else."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return value
    return None


@register.filter
def zahl(value):
    """A number in German notation without forcing places: 0.5 -> "0,5"."""
    number = _number(value)
    if number is None:
        return "–" if value in (None, "") else value
    return format_number(number.normalize() if isinstance(number, Decimal) else number)


@register.filter
def prozent(value):
    """A fraction as percent: 0.1 -> "10 %"."""
    number = _number(value)
    if number is None:
        return "–" if value in (None, "") else value
    return f"{format_number((Decimal(number) * 100).normalize())}\u00a0%"
