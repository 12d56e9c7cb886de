"""Through HTTP: exports survive hostile names (line breaks, quotes, slashes)."""

import pytest

from aqb.budgets import planning, services

from .helpers import write_xlsx

pytestmark = pytest.mark.django_db


def test_an_indicator_name_with_a_line_break_exports_as_csv_and_xlsx(client, ministry_user,
                                                                      tmp_path):
    py = services.programme_year_create(actor=ministry_user, year=2025, total=28_700_000)
    name = 'Arbeitslose\nSGB "II"/U25'
    planning.indicator_set_create(
        actor=ministry_user, programme_year=py, name="Daten",
        path=write_xlsx(tmp_path / "ind.xlsx", header=("ags", name, "einwohner")),
        filename="ind.xlsx")
    client.force_login(ministry_user)
    for fmt in ("csv", "xlsx"):
        response = client.get("/programmjahre/2025/grafiken/", {"bezug": name, "format": fmt})
        assert response.status_code == 200, fmt
        header = response["Content-Disposition"]
        assert header.startswith("attachment; filename=")
        assert "\n" not in header and "/" not in header.split("filename*=")[0]
        assert header.count('"') == 2
        assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(client.get("/programmjahre/2025/grafiken/",
                               {"bezug": name, "format": "csv"}).streaming_content)
    assert '"Arbeitslose\nSGB ""II""/U25"' in body.decode("utf-8-sig")
