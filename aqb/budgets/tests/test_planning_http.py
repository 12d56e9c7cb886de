"""Through HTTP: uploads with bad rows (CSV and XLSX), scenarios, comparison, adoption,
earmark parts, figures."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

from aqb.budgets import planning
from aqb.budgets.models import Allocation, IndicatorSet, Scenario

from .helpers import indicator_rows, planned_year, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
GEOJSON = Path(__file__).resolve().parents[3] / ".." / "shared" / "geo" / "hessen-kreise.geojson"


@pytest.fixture
def year(ministry_user, tmp_path):
    py, ind, sc = planned_year(ministry_user, tmp_path)
    return py


def upload(client, path: Path, name="Neu"):
    with open(path, "rb") as fh:
        return client.post("/programmjahre/2025/planung/indikatoren/neu/",
                           {"name": name, "file": fh})


def test_bad_csv_upload_names_each_row_and_column_and_keeps_nothing(client, ministry_user,
                                                                    year, tmp_path):
    client.force_login(ministry_user)
    rows = indicator_rows()
    rows[2] = (rows[2][0], "viele", rows[2][2])      # non-numeric, row 4 column B
    rows[4] = (rows[4][0], rows[4][1], "-3")          # negative, row 6 column C
    rows[6] = ("06999", 1, 1)                          # unknown region, row 8 (its own is missing)
    rows.append(rows[0])                               # duplicate 06411, row 28
    response = upload(client, write_csv(tmp_path / "fehler.csv", rows))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Zeile 4, Spalte B (arbeitslose)" in body and "viele" in body
    assert "Zeile 6, Spalte C (einwohner)" in body and "negativ" in body
    assert "06999" in body
    assert "Zeile 28" in body
    assert "es wurde nichts geändert" in body.lower()
    assert IndicatorSet.objects.count() == 1


def test_bad_xlsx_upload_is_refused_the_same_way(client, ministry_user, year, tmp_path):
    client.force_login(ministry_user)
    rows = indicator_rows()[:-1]                       # 06636 missing
    rows[1] = (rows[1][0], "abc", rows[1][2])
    response = upload(client, write_xlsx(tmp_path / "fehler.xlsx", rows))
    body = response.content.decode()
    assert response.status_code == 400
    assert "fehler.xlsx, Zeile 3, Spalte B (arbeitslose)" in body
    assert "06636" in body
    assert IndicatorSet.objects.count() == 1


def test_good_xlsx_upload_is_kept(client, ministry_user, year, tmp_path):
    client.force_login(ministry_user)
    response = upload(client, write_xlsx(tmp_path / "gut.xlsx"), name="Excel")
    assert response.status_code == 302
    assert IndicatorSet.objects.get(name="Excel").indicators == ["arbeitslose", "einwohner"]


def test_weights_that_do_not_parse_show_a_german_message(client, ministry_user, year):
    client.force_login(ministry_user)
    ind = IndicatorSet.objects.get()
    response = client.post("/programmjahre/2025/planung/szenarien/neu/", {
        "name": "B", "indicator_set": ind.pk, "weights": "arbeitslose=0,5,einwohner=0,5",
        "floor": "300.000", "unit": "10"})
    assert response.status_code == 400
    assert "Dezimalkomma" in response.content.decode()
    assert Scenario.objects.count() == 1


def test_compare_two_scenarios_and_adopt_one(client, ministry_user, year):
    client.force_login(ministry_user)
    ind = IndicatorSet.objects.get()
    response = client.post("/programmjahre/2025/planung/szenarien/neu/", {
        "name": "Nur Arbeitslose", "indicator_set": ind.pk, "weights": "arbeitslose=1",
        "floor": "300.000,00", "unit": "10", "max_change": ""})
    assert response.status_code == 302
    a, b = Scenario.objects.order_by("pk")
    page = client.get(f"/programmjahre/2025/planung/vergleich/?s={a.pk}&s={b.pk}")
    body = page.content.decode()
    assert "Differenz Nur Arbeitslose zu A" in body and "%" in body
    export = client.get(f"/programmjahre/2025/planung/vergleich/?s={a.pk}&s={b.pk}&format=csv")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 27 and lines[0].startswith("AGS;Gebietskörperschaft;A;Nur Arbeitslose")
    response = client.post(f"/programmjahre/2025/planung/szenarien/{b.pk}/uebernehmen/")
    assert response.status_code == 302
    assert Allocation.objects.filter(programme_year=year).count() == 26
    detail = client.get("/programmjahre/2025/").content.decode()
    assert "Übernommenes Szenario: „Nur Arbeitslose“" in detail


def test_earmark_fixed_amounts_through_the_form(client, ministry_user, year):
    client.force_login(ministry_user)
    em = year.earmarks.get()
    url = f"/programmjahre/2025/planung/zweckbindungen/{em.pk}/aufteilen/"
    bad = client.post(url, {"mode": "fest", "fest-ags_06635": "100.000"})
    assert bad.status_code == 400 and "Summe muss genau stimmen" in bad.content.decode()
    ok = client.post(url, {"mode": "fest", "fest-ags_06635": "600.000",
                           "fest-ags_06411": "400.000,00"})
    assert ok.status_code == 302
    assert em.shares.count() == 2


def test_region_page_shows_the_parts_of_its_allocation(client, ministry_user, region_user,
                                                       year):
    planning.earmark_distribute_fixed(actor=ministry_user, earmark=year.earmarks.get(),
                                      amounts={"06635": Decimal("600000"),
                                               "06411": Decimal("400000")})
    planning.scenario_adopt(actor=ministry_user, scenario=Scenario.objects.get())
    client.force_login(region_user)
    body = client.get("/programmjahre/2025/gebietskoerperschaften/06635/").content.decode()
    assert "Allgemeiner Anteil" in body and "Teilzeitausbildung" in body
    assert "600.000,00" in body
    assert client.get("/programmjahre/2025/gebietskoerperschaften/06411/").status_code == 404


def test_figures_have_svg_with_title_and_a_table(client, authority_user, ministry_user, year):
    planning.scenario_adopt(actor=ministry_user, scenario=Scenario.objects.get())
    client.force_login(authority_user)
    body = client.get("/programmjahre/2025/grafiken/?bezug=einwohner").content.decode()
    assert body.count('role="img"') == 2
    assert "<title" in body and "Euro je einwohner" in body
    assert "<table" in body and "Landkreis Waldeck-Frankenberg" in body
    export = client.get("/programmjahre/2025/grafiken/?bezug=einwohner&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_map_uses_configured_boundaries(client, authority_user, ministry_user, year):
    if not GEOJSON.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{GEOJSON} fehlt (CI).")
        pytest.skip("GeoJSON der Kreise nicht vorhanden")
    planning.scenario_adopt(actor=ministry_user, scenario=Scenario.objects.get())
    client.force_login(authority_user)
    with override_settings(AQB_GEOJSON=str(GEOJSON)):
        body = client.get("/programmjahre/2025/grafiken/").content.decode()
    assert body.count("<path d=") == 26
    assert "Gebietsgrenzen aus der eingerichteten GeoJSON-Datei" in body


def test_regions_cannot_open_planning_or_figures(client, region_user, year):
    client.force_login(region_user)
    assert client.get("/programmjahre/2025/planung/").status_code == 403
    assert client.get("/programmjahre/2025/grafiken/").status_code == 403
