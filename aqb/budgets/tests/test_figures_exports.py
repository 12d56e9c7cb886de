"""Figures and exports without HTTP: tile map, classes, formula neutralising."""

import json
from decimal import Decimal

import pytest
from django.test import override_settings

from aqb.budgets import charts
from aqb.budgets.exports import csv_cell, safe_text, xlsx_cell


@pytest.mark.parametrize("text", ["=1+1", "+49 611", "-x", "@SUM(A1)", "\tx", "\rx"])
def test_dangerous_texts_get_an_apostrophe(text):
    assert safe_text(text) == "'" + text
    assert csv_cell(text) == "'" + text and xlsx_cell(text) == "'" + text


def test_numbers_stay_numbers():
    assert csv_cell(Decimal("-1234.50")) == "-1234,50"
    assert xlsx_cell(Decimal("-1234.50")) == Decimal("-1234.50")
    assert csv_cell("Kreis Bergstraße") == "Kreis Bergstraße"
    with pytest.raises(TypeError):
        csv_cell(1.5)


def _items():
    return [charts.Item(ags, f"Region {ags}", Decimal(n * 1000), f"{n} €")
            for n, ags in enumerate(sorted(charts.TILES), start=1)]


def test_the_tile_map_has_26_tiles_with_titles_and_an_accessible_name():
    svg = charts.region_map(_items(), title="Karte")
    assert svg.count("<rect") == 26 and 'role="img"' in svg
    assert "<title id=" in svg and "Region 06635: " in svg


def test_five_classes_from_light_to_dark():
    bounds = charts.classes([Decimal(n) for n in range(1, 27)])
    assert len(bounds) == 5 and bounds[-1] == 26
    assert charts.class_of(Decimal(1), bounds) == 0
    assert charts.class_of(Decimal(26), bounds) == 4
    assert charts.class_of(None, bounds) is None


def test_geojson_key_may_be_ags_or_a_configured_property(tmp_path):
    square = [[[8.0, 50.0], [8.1, 50.0], [8.1, 50.1], [8.0, 50.1], [8.0, 50.0]]]
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"KEY": "066350000000"},
         "geometry": {"type": "Polygon", "coordinates": square}}]}
    path = tmp_path / "k.geojson"
    path.write_text(json.dumps(data))
    with override_settings(AQB_GEOJSON=str(path), AQB_GEOJSON_KEY="KEY"):
        svg = charts.region_map(_items(), title="Karte")
    assert svg.count("<path d=") == 1 and "Region 06635" in svg
