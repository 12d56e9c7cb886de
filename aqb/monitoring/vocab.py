"""The allowed values of a participant record, shared by the model, the import, the form, the
template files and the figures.

Each attribute is a `TextChoices`: the stored code and the German label. In a file a value is
matched against code and label ignoring case, surrounding spaces, the kind of dash and spaces
around dashes (`normalise`), so "ISCED 0–2", "isced 0-2" and " ISCED 0 - 2 " are one value.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models


class Gender(models.TextChoices):
    FEMALE = "w", "w"
    MALE = "m", "m"
    DIVERSE = "d", "d"
    NONE = "x", "keine Angabe"


class Scheme(models.TextChoices):
    """Rechtskreis: the social-code book under which the person is eligible."""
    SGB2 = "sgb2", "SGB II"
    SGB3 = "sgb3", "SGB III"
    SGB8 = "sgb8", "SGB VIII"
    SGB12 = "sgb12", "SGB XII"
    ASYL = "asylblg", "AsylbLG"
    NONE = "keiner", "keiner"


class Employment(models.TextChoices):
    UNEMPLOYED = "al", "arbeitslos"
    LONG_TERM = "lzal", "langzeitarbeitslos"
    INACTIVE = "ne", "nicht erwerbstätig"
    EMPLOYED = "et", "erwerbstätig"


class Education(models.TextChoices):
    LOW = "isced02", "ISCED 0-2"
    MIDDLE = "isced34", "ISCED 3-4"
    HIGH = "isced58", "ISCED 5-8"


class Nationality(models.TextChoices):
    GERMAN = "de", "deutsch"
    EU = "eu", "EU"
    THIRD = "dritt", "Drittstaat"


class Disability(models.TextChoices):
    YES = "ja", "ja"
    NO = "nein", "nein"
    NONE = "x", "keine Angabe"


class ExitReason(models.TextChoices):
    REGULAR = "regulaer", "regulär"
    EARLY = "vorzeitig", "vorzeitig"


class Outcome(models.TextChoices):
    """Verbleib: what became of the person (within four weeks of exit, or after six months)."""
    TRAINING = "ausbildung", "Ausbildung"
    EMPLOYMENT = "beschaeftigung", "Beschäftigung"
    SCHOOL = "schule", "schulische Bildung"
    MEASURE = "massnahme", "weitere Maßnahme"
    SEEKING = "arbeitsuchend", "arbeitsuchend"
    OTHER = "sonstiges", "sonstiges"
    UNKNOWN = "unbekannt", "unbekannt"


YES_NO = {"ja": True, "nein": False}

# Age at entry in the bands of ESF+ practice (common indicators: below 18, 18-29, 55 and over).
AGE_BANDS = (
    (0, 17, "unter 18"),
    (18, 24, "18 bis 24"),
    (25, 29, "25 bis 29"),
    (30, 54, "30 bis 54"),
    (55, 200, "55 und älter"),
)

_DASHES = re.compile(r"\s*[\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]\s*")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """A value as compared: NFC, no surrounding spaces, one space inside, every dash "-" with no
    spaces around it, lower case."""
    text = unicodedata.normalize("NFC", str(text)).strip()
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).casefold()


def lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """normalised code or label -> stored code."""
    table: dict[str, str] = {}
    for value, label in choices.choices:
        table[normalise(value)] = value
        table[normalise(label)] = value
    return table


def allowed_text(choices: type[models.TextChoices]) -> str:
    """The labels as a German list for messages and the template: "w, m, d, keine Angabe"."""
    return ", ".join(str(label) for _, label in choices.choices)


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return AGE_BANDS[-1][2]
