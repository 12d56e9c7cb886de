"""{{ value|cell }}: German display of a typed table cell (see aqb.budgets.tables)."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils.html import format_html

from aqb.budgets.tables import Link, Percent, Plain
from aqb.german.dates import format_date
from aqb.german.money import format_eur, format_number

register = template.Library()


@register.filter
def cell(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, Link):
        return format_html('<a class="kern-link" href="{}">{}</a>', value.url, str(value))
    if isinstance(value, Percent):
        return f"{'+' if value > 0 else ''}{format_number(value, 1)} %"
    if isinstance(value, Plain):
        return format_number(value)
    if isinstance(value, Decimal):
        return format_eur(value)
    if isinstance(value, date):
        return format_date(value)
    return value


@register.filter
def is_number(value) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
