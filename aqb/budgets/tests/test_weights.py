"""Scenario weights: the help text's own example works, names match tolerantly, errors read
well (no doubled prefix, singular and plural)."""

from decimal import Decimal

import pytest

from aqb.budgets import planning, services
from aqb.budgets.allocation import AllocationError, indicator_key, resolve_weight_names
from aqb.budgets.models import Scenario

from .helpers import write_csv

INDICATORS = ["Arbeitslose SGB II", "Einwohnerinnen und Einwohner 15–64",
              "Jugendliche ohne Ausbildungsplatz"]


@pytest.mark.parametrize("typed", ["Einwohnerinnen und Einwohner 15-64",
                                   "einwohnerinnen  und einwohner 15 – 64",
                                   "EINWOHNERINNEN UND EINWOHNER 15—64",
                                   "Einwohnerinnen und Einwohner 15\u221264"])
def test_names_match_regardless_of_case_spaces_and_dashes(typed):
    assert resolve_weight_names({typed: Decimal(1)}, INDICATORS) == \
        {"Einwohnerinnen und Einwohner 15–64": Decimal(1)}


def test_umlauts_match_their_spelling_with_e():
    assert indicator_key("Schulabgänger ohne Abschluss") == \
        indicator_key("schulabgaenger ohne abschluss")
    assert indicator_key("Groß") == indicator_key("gross")


def test_a_unique_beginning_is_enough_and_an_ambiguous_one_is_refused():
    assert list(resolve_weight_names({"arbeitslose": Decimal(1)}, INDICATORS)) == \
        ["Arbeitslose SGB II"]
    with pytest.raises(AllocationError, match="passt zu mehreren Indikatoren"):
        resolve_weight_names({"a": Decimal(1)}, ["Arbeitslose", "Alleinerziehende"])


def test_two_names_for_one_indicator_are_refused():
    with pytest.raises(AllocationError, match="meinen beide"):
        resolve_weight_names({"arbeitslose": Decimal(1), "Arbeitslose SGB II": Decimal(1)},
                             INDICATORS)


def test_unknown_names_use_singular_and_plural():
    with pytest.raises(AllocationError) as one:
        resolve_weight_names({"foo": Decimal(1)}, INDICATORS, dataset="Daten")
    assert str(one.value).startswith("„foo“ ist kein Indikator des Datensatzes „Daten“")
    with pytest.raises(AllocationError) as two:
        resolve_weight_names({"foo": Decimal(1), "bar": Decimal(1)}, INDICATORS)
    assert str(two.value).startswith("„foo“ und „bar“ sind keine Indikatoren")


@pytest.fixture
def year(ministry_user, tmp_path):
    py = services.programme_year_create(actor=ministry_user, year=2025,
                                        total=Decimal("28700000"))
    rows = [(ags, a, e) for ags, a, e in _rows()]
    planning.indicator_set_create(
        actor=ministry_user, programme_year=py, name="Daten 2024", filename="ind.csv",
        path=write_csv(tmp_path / "ind.csv", rows,
                       header="ags;Arbeitslose SGB II;Einwohnerinnen und Einwohner 15–64"))
    return py


def _rows():
    from .helpers import indicator_rows

    return indicator_rows()


def _post(client, py, weights, name="S"):
    return client.post("/programmjahre/2025/planung/szenarien/neu/", {
        "name": name, "indicator_set": py.indicator_sets.get().pk, "total": "",
        "weights": weights, "floor": "0", "unit": "10", "max_change": ""})


@pytest.mark.django_db
def test_the_help_text_example_is_accepted(client, ministry_user, year):
    client.force_login(ministry_user)
    page = client.get("/programmjahre/2025/planung/szenarien/neu/").content.decode()
    assert "arbeitslose=0,5; einwohner=0,5" in page
    assert "„Einwohnerinnen und Einwohner 15–64“" in page   # the names to choose from
    response = _post(client, year, "arbeitslose=0,5; einwohner=0,5")
    assert response.status_code == 302
    assert Scenario.objects.get(name="S").weights == {
        "Arbeitslose SGB II": "0.5", "Einwohnerinnen und Einwohner 15–64": "0.5"}


@pytest.mark.django_db
def test_a_hyphen_for_the_en_dash_is_accepted(client, ministry_user, year):
    client.force_login(ministry_user)
    response = _post(client, year, "Arbeitslose SGB II=1; Einwohnerinnen und Einwohner 15-64=1")
    assert response.status_code == 302


@pytest.mark.django_db
def test_unknown_names_are_named_once_in_plural(client, ministry_user, year):
    client.force_login(ministry_user)
    body = _post(client, year, "foo=1; bar=1").content.decode()
    assert "„foo“ und „bar“ sind keine Indikatoren des Datensatzes „Daten 2024“" in body
    assert "Gewichte: Gewichte:" not in body
    assert Scenario.objects.count() == 0


@pytest.mark.parametrize(("indicator", "label"), [
    ("Arbeitslose SGB II", "Euro je Arbeitslosen SGB II"),
    ("Jugendliche ohne Ausbildungsplatz", "Euro je Jugendlichen ohne Ausbildungsplatz"),
    ("Einwohnerinnen und Einwohner 15–64", "Euro je Einwohnerin oder Einwohner 15–64"),
    ("einwohner", "Euro je einwohner"),
    ("Langzeitarbeitslose", "Euro je Langzeitarbeitslosen"),
    ("Bedarfsgemeinschaften", "Euro je Bedarfsgemeinschaft"),
    ("Sozialversicherungspflichtig Beschäftigte", "Euro je Einheit „Sozialversicherungspflichtig "
     "Beschäftigte“"),
    ("Beschäftigte", "Euro je Beschäftigten"),
    ("Quote", "Euro je Einheit „Quote“"),
    ("Fälle 2024", "Euro je Einheit „Fälle 2024“"),
])
def test_chart_labels_inflect_the_indicator_after_je(indicator, label):
    from aqb.budgets.tables import per_unit_label

    assert per_unit_label(indicator) == label
