"""What every letter of the authority to a region shares: letterhead, address, wording of
amounts and dates."""

from __future__ import annotations

from decimal import Decimal

from aqb.agreements.document import region_institution
from aqb.german.money import format_number
from aqb.regions.selectors import granting_authority

from . import Sender

#: When the master data hold no authority (a fresh database): its statutory name.
FALLBACK = Sender(name="Regierungspräsidium Kassel")


def sender() -> Sender:
    """The letterhead from the granting authority's master data."""
    a = granting_authority()
    if a is None:
        return FALLBACK
    return Sender(name=a.name, department=a.department, street=a.street,
                  city=f"{a.postal_code} {a.city}".strip())


def recipient(region) -> tuple[str, ...]:
    """The address: the body that represents the region in law (Kreisausschuss of a
    district, Magistrat of a city) with the region's genitive, and its seat:
    ("Kreisausschuss des Landkreises Waldeck-Frankenberg", "Korbach")."""
    return (" ".join(region_institution(region, with_person=False)), region.seat)


def region_dative(region) -> str:
    """ "dem Landkreis Waldeck-Frankenberg", "der Stadt Kassel" (never a doubled word)."""
    return region.forms.dative


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def euro(amount: Decimal) -> str:
    """Amounts in letters: "80.000,00 Euro"."""
    return f"{format_number(amount, 2)} Euro"


def percent(value: Decimal) -> str:
    return f"{format_number(value, 2)} %"
