"""German grammatical forms of the names of Hessian districts and cities.

Forms are derived by rule from the designation; unknown designations raise
:class:`GrammarError` instead of being guessed, so that an override must be set.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["GrammarError", "NameForms", "ministry_forms", "name_forms", "normalise_name"]

_DESIGNATIONS = r"Landkreis|Kreis|\w*stadt"
_DOUBLED = re.compile(rf"^({_DESIGNATIONS})(?: \1)+(?= )", re.IGNORECASE)
_HYPHENS = "\u2010\u2011"  # typographic and non-breaking hyphen


class GrammarError(ValueError):
    """Raised when the grammatical forms of a name cannot be derived by rule."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"Für „{name}“ können die grammatischen Formen nicht abgeleitet werden; "
            "bitte die Formen manuell hinterlegen."
        )


@dataclass(frozen=True)
class NameForms:
    """Nominative, dative and genitive of a name, each with definite article."""

    nominative: str
    dative: str
    genitive: str

    @property
    def nominative_capitalized(self) -> str:
        """Nominative for the start of a sentence: ``"Der Landkreis Kassel"``."""
        return self.nominative[:1].upper() + self.nominative[1:]

    @property
    def accusative(self) -> str:
        """Accusative, derived from the nominative: masculine "der" becomes "den"
        (``"durch den Landkreis Kassel"``, ``"durch die Stadt Kassel"``)."""
        if self.nominative.startswith("der "):
            return "den " + self.nominative[4:]
        return self.nominative

    @property
    def bare(self) -> str:
        """The name without article: ``"Landkreis Kassel"``."""
        return self.nominative.split(" ", 1)[1]


def normalise_name(text: str) -> str:
    """Clean a name as found in documents.

    Joins hyphenated line breaks (``"Waldeck-\\nFrankenberg"``), collapses
    whitespace including no-break spaces, removes spaces around hyphens
    (``"Main - Kinzig - Kreis"``) and a doubled designation
    (``"Landkreis Landkreis X"``, ``"Kreis Kreis X"``, ``"Stadt Stadt X"``).
    """
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    for hyphen in _HYPHENS:
        text = text.replace(hyphen, "-")
    text = " ".join(text.split())
    text = re.sub(r" ?- ?", "-", text)
    return _DOUBLED.sub(r"\1", text)


def name_forms(name: str) -> NameForms:
    """Derive the forms with article from the designation of ``name``.

    * ``"Landkreis X"`` / ``"Kreis X"``: der/dem/des Landkreises X, des Kreises X.
    * One word ending in ``"kreis"`` (``"Hochtaunuskreis"``, ``"Main-Kinzig-Kreis"``):
      der/dem/des ...kreises.
    * Head noun ending in ``"stadt"`` (``"Stadt Kassel"``, ``"Landeshauptstadt
      Wiesbaden"``): die/der/der (feminine).

    Raises :class:`GrammarError` for anything else.
    """
    clean = normalise_name(name)
    head, _, rest = clean.partition(" ")
    if head in ("Landkreis", "Kreis") and rest:
        return NameForms(f"der {clean}", f"dem {clean}", f"des {head}es {rest}")
    if not rest and re.fullmatch(r"[A-ZÄÖÜ][\w-]*(?:kreis|-Kreis)", head):
        return NameForms(f"der {clean}", f"dem {clean}", f"des {clean}es")
    if rest and re.fullmatch(r"(?:[A-ZÄÖÜ]\w*s|S)tadt", head):
        return NameForms(f"die {clean}", f"der {clean}", f"der {clean}")
    raise GrammarError(name)


def ministry_forms(name: str) -> NameForms:
    """Forms of a ministry's name: ``"Hessisches Ministerium für Soziales und Integration"``
    gives "das Hessische Ministerium für ...", "dem Hessischen Ministerium für ...",
    "des Hessischen Ministeriums für ..."; also "Hessisches Sozialministerium".

    Raises :class:`GrammarError` unless the name is "<Adjective>es ...ministerium [rest]".
    """
    clean = " ".join(name.split())
    m = re.fullmatch(r"([A-ZÄÖÜ]\w*)es (\w*[Mm]inisterium)((?: .*)?)", clean)
    if not m:
        raise GrammarError(name)
    adjective, noun, rest = m.groups()
    return NameForms(
        nominative=f"das {adjective}e {noun}{rest}",
        dative=f"dem {adjective}en {noun}{rest}",
        genitive=f"des {adjective}en {noun}s{rest}",
    )
