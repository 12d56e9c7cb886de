"""The base-rate table as the interest functions take it, read from the ministry's table
(`BaseRate`); the published values of :mod:`.base_rates` when the table is empty."""

from __future__ import annotations

from .base_rates import BASE_RATES, BaseRateTable, check_table
from .models import BaseRate


def base_rate_table() -> BaseRateTable:
    rows = tuple(BaseRate.objects.order_by("valid_from").values_list("valid_from", "percent"))
    table = rows or BASE_RATES
    check_table(table)
    return table
