"""Tests for aqb.german.grammar."""

import pytest

from aqb.german.grammar import GrammarError, NameForms, name_forms, normalise_name

HESSIAN_DESIGNATIONS = [
    ("Wissenschaftsstadt Darmstadt", "die", "der", "der Wissenschaftsstadt Darmstadt"),
    ("Stadt Frankfurt am Main", "die", "der", "der Stadt Frankfurt am Main"),
    ("Stadt Offenbach am Main", "die", "der", "der Stadt Offenbach am Main"),
    ("Landeshauptstadt Wiesbaden", "die", "der", "der Landeshauptstadt Wiesbaden"),
    ("Kreis Bergstraße", "der", "dem", "des Kreises Bergstraße"),
    ("Landkreis Darmstadt-Dieburg", "der", "dem", "des Landkreises Darmstadt-Dieburg"),
    ("Kreis Groß-Gerau", "der", "dem", "des Kreises Groß-Gerau"),
    ("Hochtaunuskreis", "der", "dem", "des Hochtaunuskreises"),
    ("Main-Kinzig-Kreis", "der", "dem", "des Main-Kinzig-Kreises"),
    ("Main-Taunus-Kreis", "der", "dem", "des Main-Taunus-Kreises"),
    ("Odenwaldkreis", "der", "dem", "des Odenwaldkreises"),
    ("Kreis Offenbach", "der", "dem", "des Kreises Offenbach"),
    ("Rheingau-Taunus-Kreis", "der", "dem", "des Rheingau-Taunus-Kreises"),
    ("Wetteraukreis", "der", "dem", "des Wetteraukreises"),
    ("Landkreis Gießen", "der", "dem", "des Landkreises Gießen"),
    ("Lahn-Dill-Kreis", "der", "dem", "des Lahn-Dill-Kreises"),
    ("Landkreis Limburg-Weilburg", "der", "dem", "des Landkreises Limburg-Weilburg"),
    ("Landkreis Marburg-Biedenkopf", "der", "dem", "des Landkreises Marburg-Biedenkopf"),
    ("Vogelsbergkreis", "der", "dem", "des Vogelsbergkreises"),
    ("Stadt Kassel", "die", "der", "der Stadt Kassel"),
    ("Landkreis Fulda", "der", "dem", "des Landkreises Fulda"),
    ("Landkreis Hersfeld-Rotenburg", "der", "dem", "des Landkreises Hersfeld-Rotenburg"),
    ("Landkreis Kassel", "der", "dem", "des Landkreises Kassel"),
    ("Schwalm-Eder-Kreis", "der", "dem", "des Schwalm-Eder-Kreises"),
    ("Landkreis Waldeck-Frankenberg", "der", "dem", "des Landkreises Waldeck-Frankenberg"),
    ("Werra-Meißner-Kreis", "der", "dem", "des Werra-Meißner-Kreises"),
]


def test_there_are_26_hessian_designations() -> None:
    assert len({name for name, *_ in HESSIAN_DESIGNATIONS}) == 26


@pytest.mark.parametrize(("name", "nom", "dat", "genitive"), HESSIAN_DESIGNATIONS)
def test_it_derives_the_forms_of_every_hessian_district_and_city(
    name: str, nom: str, dat: str, genitive: str
) -> None:
    assert name_forms(name) == NameForms(f"{nom} {name}", f"{dat} {name}", genitive)


@pytest.mark.parametrize(("name", "nom", "dat", "genitive"), HESSIAN_DESIGNATIONS)
def test_it_capitalises_the_nominative_and_gives_the_bare_name(
    name: str, nom: str, dat: str, genitive: str
) -> None:
    forms = name_forms(name)
    assert forms.nominative_capitalized == f"{nom.capitalize()} {name}"
    assert forms.bare == name


def test_it_derives_forms_from_a_messy_name() -> None:
    forms = name_forms("Landkreis  Landkreis Waldeck-\nFrankenberg")
    assert forms.genitive == "des Landkreises Waldeck-Frankenberg"


def test_name_forms_are_immutable() -> None:
    forms = name_forms("Stadt Kassel")
    with pytest.raises(AttributeError):
        forms.nominative = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "name",
    [
        "Kassel",
        "Gemeinde Lohfelden",
        "Kreis",
        "Stadt",
        "stadt Kassel",
        "Kreisfreie Stadt Kassel",
        "Bezirk Nordhessen",
        "",
    ],
)
def test_it_refuses_to_guess_unknown_designations(name: str) -> None:
    with pytest.raises(GrammarError, match="nicht abgeleitet"):
        name_forms(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Stadt\u00a0Kassel \n", "Stadt Kassel"),
        ("Landkreis\n  Fulda", "Landkreis Fulda"),
        ("Main - Kinzig - Kreis", "Main-Kinzig-Kreis"),
        ("Main\u2011Kinzig\u2011Kreis", "Main-Kinzig-Kreis"),
        ("Landkreis Landkreis Waldeck-Frankenberg", "Landkreis Waldeck-Frankenberg"),
        ("Kreis Kreis Offenbach", "Kreis Offenbach"),
        ("Stadt Stadt Kassel", "Stadt Kassel"),
        ("Waldeck-\nFrankenberg", "Waldeck-Frankenberg"),
        ("Landkreis Waldeck-\r\n  Frankenberg", "Landkreis Waldeck-Frankenberg"),
        ("Stadt Stadtallendorf", "Stadt Stadtallendorf"),
    ],
)
def test_it_normalises_names_from_documents(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


def test_accusative_follows_gender():
    from aqb.german.grammar import name_forms

    assert name_forms("Landkreis Kassel").accusative == "den Landkreis Kassel"
    assert name_forms("Main-Kinzig-Kreis").accusative == "den Main-Kinzig-Kreis"
    assert name_forms("Stadt Kassel").accusative == "die Stadt Kassel"


@pytest.mark.parametrize("name, nom, dat, gen", [
    ("Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
     "das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales",
     "dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales",
     "des Hessischen Ministeriums für Arbeit, Integration, Jugend und Soziales"),
    ("Hessisches Ministerium für Soziales und Integration",
     "das Hessische Ministerium für Soziales und Integration",
     "dem Hessischen Ministerium für Soziales und Integration",
     "des Hessischen Ministeriums für Soziales und Integration"),
    ("Hessisches Sozialministerium", "das Hessische Sozialministerium",
     "dem Hessischen Sozialministerium", "des Hessischen Sozialministeriums"),
])
def test_ministry_names_decline(name, nom, dat, gen):
    from aqb.german.grammar import ministry_forms

    f = ministry_forms(name)
    assert (f.nominative, f.dative, f.genitive) == (nom, dat, gen)


def test_an_unusual_ministry_name_is_not_guessed():
    from aqb.german.grammar import GrammarError, ministry_forms

    with pytest.raises(GrammarError):
        ministry_forms("Staatskanzlei")
