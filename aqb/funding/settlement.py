"""The recognised amount of a grant and the refund (settlement after the proof of use).

Pure arithmetic, no database. The financing type of the notice decides which part of the
actual costs the grant covers (VV Nr. 2.2 zu § 44 LHO; see docs/funding.md, "Berechnungen"):

* Anteilfinanzierung: ``share_percent`` of the actual eligible costs, at most the grant.
* Fehlbedarfsfinanzierung: actual eligible costs minus own and third-party funds, at most
  the grant, never below 0.
* Festbetragsfinanzierung: the fixed amount, unless the actual eligible costs fall below it;
  then the costs.
* Vollfinanzierung: the actual eligible costs, at most the grant.

Every amount is Decimal, checked and rounded half up to the cent by :mod:`aqb.german.money`.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from aqb.german.money import money_check, round_cents

__all__ = ["Financing", "recognised_amount", "refund_amount"]


class Financing(models.TextChoices):
    """Financing type of a grant notice (Finanzierungsart)."""

    ANTEIL = "anteil", "Anteilfinanzierung"
    FEHLBEDARF = "fehlbedarf", "Fehlbedarfsfinanzierung"
    FESTBETRAG = "festbetrag", "Festbetragsfinanzierung"
    VOLLFINANZIERUNG = "vollfinanzierung", "Vollfinanzierung"


_HUNDRED = Decimal(100)


def _financing(value: Financing | str) -> Financing:
    try:
        return Financing(value)
    except ValueError:
        raise ValueError(f"„{value}“ ist keine bekannte Finanzierungsart (möglich: "
                         f"{', '.join(Financing.values)}).") from None


def _share(value: Decimal | int | None) -> Decimal:
    if value is None:
        raise ValueError("Für die Anteilfinanzierung fehlt der Anteil in Prozent.")
    if isinstance(value, float | bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"„Anteil in Prozent“: „{value}“ ist keine Dezimalzahl.")
    share = Decimal(value)
    if not share.is_finite() or not 0 < share <= _HUNDRED:
        raise ValueError("„Anteil in Prozent“: Der Anteil muss größer als 0 und höchstens "
                         "100 Prozent sein.")
    return share


def recognised_amount(*, financing: Financing | str, granted: Decimal | int,
                      actual_costs: Decimal | int, eligible_actual: Decimal | int | None = None,
                      share_percent: Decimal | int | None = None,
                      own_funds: Decimal | int = 0, third_party: Decimal | int = 0,
                      fixed_amount: Decimal | int | None = None) -> Decimal:
    """The amount of the grant recognised after the proof of use (anerkannte Zuwendung).

    ``granted`` is the amount of the notice; ``actual_costs`` the actual costs shown in the
    proof and ``eligible_actual`` the eligible part of them (default: all of them; never
    more than ``actual_costs``). ``share_percent`` is needed for Anteilfinanzierung,
    ``own_funds``/``third_party`` are used by Fehlbedarfsfinanzierung, ``fixed_amount`` by
    Festbetragsfinanzierung (default: the granted amount); each is ignored by the other
    types. German ``ValueError`` for bad input; the result is never negative and never
    above ``granted``."""
    kind = _financing(financing)
    granted = money_check(granted, field="Bewilligter Betrag")
    actual = money_check(actual_costs, field="Tatsächliche Ausgaben")
    eligible = actual if eligible_actual is None else money_check(
        eligible_actual, field="Zuwendungsfähige Ausgaben")
    if eligible > actual:
        raise ValueError("Die zuwendungsfähigen Ausgaben können nicht höher sein als die "
                         "tatsächlichen Ausgaben.")
    if kind == Financing.ANTEIL:
        share = _share(share_percent)
        recognised = round_cents(eligible * share / _HUNDRED)
    elif kind == Financing.FEHLBEDARF:
        own = money_check(own_funds, field="Eigenmittel")
        third = money_check(third_party, field="Drittmittel")
        recognised = max(Decimal(0), eligible - own - third)
    elif kind == Financing.FESTBETRAG:
        fixed = granted if fixed_amount is None else money_check(fixed_amount,
                                                                  field="Festbetrag")
        recognised = min(fixed, eligible)
    else:
        recognised = eligible
    return round_cents(min(recognised, granted))


def refund_amount(paid: Decimal | int, recognised: Decimal | int) -> Decimal:
    """The amount to be refunded: ``paid`` minus ``recognised`` when positive, else 0
    (a grant paid short is not topped up by a refund notice)."""
    paid = money_check(paid, field="Ausgezahlter Betrag")
    recognised = money_check(recognised, field="Anerkannter Betrag")
    return round_cents(max(Decimal(0), paid - recognised))
