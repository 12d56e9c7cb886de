"""Plausibility rules of a participant record, shared by the form (and usable by the import):
each rule names the column of the file (the form maps it to its field) and says in German what
is wrong.

- age at entry (year of entry minus year of birth) between 14 and 80,
- a year of birth that agrees with a given birth date,
- exit not before entry,
- residence in one of Hessen's 26 districts (the programme's area),
- an outcome after six months only with the person's consent.
"""

from __future__ import annotations

import datetime

from django.utils.functional import lazy

AGE_MIN, AGE_MAX = 14, 80


def district_keys() -> frozenset[str]:
    """The official keys (AGS) of Hessen's 26 districts and district-free cities."""
    from aqb.regions.models import Region

    return frozenset(Region.objects.values_list("ags", flat=True))


def _date(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def plausibility(*, entry_date: datetime.date | None, birth_year: int | None,
                 birth_date: datetime.date | None = None,
                 exit_date: datetime.date | None = None, residence_ags: str | None = None,
                 outcome_6m: str = "", consent: bool = False,
                 districts: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """The rule violations as (column, message); empty when the record is plausible. Values
    that are missing are not checked here (the field's own check says they are missing)."""
    errors: list[tuple[str, str]] = []
    if birth_date is not None and birth_year is not None and birth_date.year != birth_year:
        errors.append(("geburtsjahr", f"Das Geburtsjahr {birth_year} passt nicht zum "
                                      f"Geburtsdatum {_date(birth_date)}."))
    elif entry_date is not None and birth_year is not None:
        age = entry_date.year - birth_year
        if not AGE_MIN <= age <= AGE_MAX:
            errors.append(("geburtsjahr", f"Das Alter bei Eintritt muss zwischen {AGE_MIN} und "
                                          f"{AGE_MAX} Jahren liegen (hier {age} Jahre)."))
    if entry_date is not None and exit_date is not None and exit_date < entry_date:
        errors.append(("austritt", f"Der Austritt ({_date(exit_date)}) liegt vor dem Eintritt "
                                   f"({_date(entry_date)})."))
    if residence_ags:
        keys = districts if districts is not None else district_keys()
        if residence_ags not in keys:
            errors.append(("wohnort_ags", f"„{residence_ags}“ ist kein Kreisschlüssel eines der "
                                          "26 hessischen Landkreise und kreisfreien Städte."))
    if outcome_6m and not consent:
        errors.append(("verbleib_6_monate", "Den Verbleib nach sechs Monaten nur mit "
                                            "Einwilligung der Person angeben."))
    return errors


rules_text = lazy(lambda: (
    f"Alter bei Eintritt {AGE_MIN} bis {AGE_MAX} Jahre; Geburtsjahr passend zum "
    "Geburtsdatum; Austritt nicht vor Eintritt; Wohnort in einem der 26 hessischen Kreise; "
    "Verbleib nach sechs Monaten nur mit Einwilligung."), str)()
