from datetime import date
from decimal import Decimal

from aqb.funding.base_rates import BASE_RATES
from aqb.funding.models import BaseRate
from aqb.funding.rates import base_rate_table


def test_the_shipped_table_is_the_published_one(db):
    assert base_rate_table() == BASE_RATES


def test_the_ministry_table_wins(db):
    BaseRate.objects.create(valid_from=date(2026, 7, 1), percent=Decimal("1.50"))
    assert base_rate_table()[-1] == (date(2026, 7, 1), Decimal("1.50"))
