"""Recognised amount by financing type and refund: worked examples and properties."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aqb.funding.settlement import Financing, recognised_amount, refund_amount

amounts = st.decimals(min_value=0, max_value=Decimal("100000000"), places=2)
shares = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2)
D = Decimal


def test_financing_types_have_german_labels():
    assert Financing.choices == [
        ("anteil", "Anteilfinanzierung"), ("fehlbedarf", "Fehlbedarfsfinanzierung"),
        ("festbetrag", "Festbetragsfinanzierung"), ("vollfinanzierung", "Vollfinanzierung")]


# --- each type's rule -----------------------------------------------------------------------

def test_anteil_is_the_share_of_actual_eligible_costs_at_most_the_grant():
    # granted 80 % of 100.000 = 80.000; costs 90.000 → 72.000
    assert recognised_amount(financing="anteil", granted=D(80000), actual_costs=D(90000),
                             share_percent=D(80)) == D("72000.00")
    # costs 120.000 → 96.000, capped at the grant 80.000
    assert recognised_amount(financing=Financing.ANTEIL, granted=D(80000),
                             actual_costs=D(120000), share_percent=D(80)) == D("80000.00")
    # only 85.000 of 90.000 eligible → 68.000
    assert recognised_amount(financing="anteil", granted=D(80000), actual_costs=D(90000),
                             eligible_actual=D(85000), share_percent=D(80)) == D("68000.00")
    # 33,33 % of 100,01 = 33,333333 → 33,33; of 100,05 = 33,346665 → 33,35 (half up, cents)
    assert recognised_amount(financing="anteil", granted=D(100), actual_costs=D("100.01"),
                             share_percent=D("33.33")) == D("33.33")
    assert recognised_amount(financing="anteil", granted=D(100), actual_costs=D("100.05"),
                             share_percent=D("33.33")) == D("33.35")
    # 50 % of 0,05 = 0,025 → 0,03 (half up)
    assert recognised_amount(financing="anteil", granted=D(100), actual_costs=D("0.05"),
                             share_percent=D(50)) == D("0.03")


def test_fehlbedarf_is_costs_minus_own_and_third_party_funds():
    # 90.000 − 20.000 own − 5.000 third party = 65.000 (grant 80.000)
    assert recognised_amount(financing="fehlbedarf", granted=D(80000), actual_costs=D(90000),
                             own_funds=D(20000), third_party=D(5000)) == D("65000.00")
    # 110.000 − 20.000 = 90.000 → at most the grant 80.000
    assert recognised_amount(financing="fehlbedarf", granted=D(80000), actual_costs=D(110000),
                             own_funds=D(20000)) == D("80000.00")
    # own and third-party funds cover everything → 0, never negative
    assert recognised_amount(financing="fehlbedarf", granted=D(80000), actual_costs=D(15000),
                             own_funds=D(10000), third_party=D(10000)) == D("0.00")


def test_festbetrag_is_the_fixed_amount_unless_costs_fall_below_it():
    assert recognised_amount(financing="festbetrag", granted=D(50000),
                             actual_costs=D(90000)) == D("50000.00")
    assert recognised_amount(financing="festbetrag", granted=D(50000),
                             actual_costs=D("42000.10")) == D("42000.10")
    assert recognised_amount(financing="festbetrag", granted=D(50000), actual_costs=D(90000),
                             fixed_amount=D(30000)) == D("30000.00")
    # own funds do not matter for a fixed amount
    assert recognised_amount(financing="festbetrag", granted=D(50000), actual_costs=D(90000),
                             own_funds=D(80000)) == D("50000.00")


def test_vollfinanzierung_is_the_actual_costs_at_most_the_grant():
    assert recognised_amount(financing="vollfinanzierung", granted=D(80000),
                             actual_costs=D("79999.99")) == D("79999.99")
    assert recognised_amount(financing="vollfinanzierung", granted=D(80000),
                             actual_costs=D(80001)) == D("80000.00")


def test_refund_is_paid_minus_recognised_when_positive():
    assert refund_amount(D(80000), D(72000)) == D("8000.00")
    assert refund_amount(D(50000), D(72000)) == D("0.00")
    assert refund_amount(0, 0) == D("0.00")


def test_bad_input_is_refused_in_german():
    with pytest.raises(ValueError, match="keine bekannte Finanzierungsart"):
        recognised_amount(financing="pauschal", granted=D(1), actual_costs=D(1))
    with pytest.raises(ValueError, match="fehlt der Anteil in Prozent"):
        recognised_amount(financing="anteil", granted=D(1), actual_costs=D(1))
    for share in (D(0), D("100.01"), D(-5)):
        with pytest.raises(ValueError, match="größer als 0 und höchstens 100 Prozent"):
            recognised_amount(financing="anteil", granted=D(1), actual_costs=D(1),
                              share_percent=share)
    with pytest.raises(ValueError, match="keine Dezimalzahl"):
        recognised_amount(financing="anteil", granted=D(1), actual_costs=D(1),
                          share_percent=80.0)
    with pytest.raises(ValueError, match="„Tatsächliche Ausgaben“: .*nicht negativ"):
        recognised_amount(financing="vollfinanzierung", granted=D(1), actual_costs=D(-1))
    with pytest.raises(ValueError, match="„Eigenmittel“: .*nicht negativ"):
        recognised_amount(financing="fehlbedarf", granted=D(1), actual_costs=D(1),
                          own_funds=D(-1))
    with pytest.raises(ValueError, match="nicht höher sein als die tatsächlichen"):
        recognised_amount(financing="vollfinanzierung", granted=D(10), actual_costs=D(5),
                          eligible_actual=D(6))
    with pytest.raises(ValueError, match="„Ausgezahlter Betrag“"):
        refund_amount(D(-1), D(0))
    with pytest.raises(TypeError):
        refund_amount(1.0, D(0))


# --- properties -----------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.sampled_from(Financing), amounts, amounts, st.data(), shares, amounts, amounts,
       amounts, amounts)
def test_recognised_is_between_zero_and_the_grant(financing, granted, actual, data, share,
                                                  own, third, fixed, paid):
    eligible = data.draw(st.decimals(min_value=0, max_value=actual, places=2))
    recognised = recognised_amount(financing=financing, granted=granted, actual_costs=actual,
                                   eligible_actual=eligible, share_percent=share,
                                   own_funds=own, third_party=third, fixed_amount=fixed)
    assert D(0) <= recognised <= granted
    assert recognised <= eligible  # no type recognises more than the eligible costs
    assert recognised == recognised.quantize(D("0.01"))
    refund = refund_amount(paid, recognised)
    assert refund == max(D(0), paid - recognised)
    assert refund + min(paid, recognised) == paid


@settings(max_examples=200, deadline=None)
@given(amounts, amounts, amounts, shares)
def test_each_rule_in_general(granted, actual, own, share):
    assert recognised_amount(financing="vollfinanzierung", granted=granted,
                             actual_costs=actual) == min(granted, actual)
    assert recognised_amount(financing="festbetrag", granted=granted,
                             actual_costs=actual) == min(granted, actual)
    assert recognised_amount(financing="fehlbedarf", granted=granted, actual_costs=actual,
                             own_funds=own) == max(D(0), min(granted, actual - own))
    anteil = recognised_amount(financing="anteil", granted=granted, actual_costs=actual,
                               share_percent=share)
    exact = actual * share / 100
    assert anteil == min(granted, anteil) and abs(min(granted, exact) - anteil) <= D("0.005")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(Financing), amounts, amounts, amounts, shares)
def test_more_costs_never_recognise_less(financing, granted, c1, c2, share):
    low, high = sorted((c1, c2))
    kwargs = {"financing": financing, "granted": granted, "share_percent": share,
              "own_funds": D(1000)}
    assert recognised_amount(actual_costs=low, **kwargs) <= recognised_amount(
        actual_costs=high, **kwargs)
