"""The command line: aqb allocation_compute."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .helpers import indicator_rows, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("allocation_compute", *args, stdout=out)
    return out.getvalue()


def test_json_output_lists_26_exact_amounts(tmp_path):
    out = run("--total", "27700000", "--indicators", str(write_xlsx(tmp_path / "i.xlsx")),
              "--weights", "arbeitslose=0.5,einwohner=0.5", "--floor", "300000", "--unit", "10",
              "--format", "json")
    data = json.loads(out)
    assert data["total"] == "27700000.00"
    assert len(data["allocations"]) == 26
    assert data["allocations"][0]["ags"] == "06411"
    assert sum(Decimal(a["amount"]) for a in data["allocations"]) == Decimal("27700000")


def test_table_output_is_readable_german(tmp_path):
    out = run("--total", "27.700.000", "--indicators", str(write_csv(tmp_path / "i.csv")),
              "--weights", "arbeitslose=1", "--floor", "300000", "--unit", "10")
    assert "Landkreis Waldeck-Frankenberg" in out
    assert "27.700.000,00" in out and "Summe" in out


def test_change_limit_against_a_previous_file(tmp_path):
    prev = write_csv(tmp_path / "prev.csv", [(a, "1.065.384,62", None)[:2]
                                             for a, *_ in indicator_rows()],
                     header="ags;betrag")
    out = run("--total", "27700000", "--indicators", str(write_csv(tmp_path / "i.csv")),
              "--weights", "arbeitslose=1", "--unit", "10", "--max-change", "0.1",
              "--previous", str(prev), "--format", "json")
    amounts = [Decimal(a["amount"]) for a in json.loads(out)["allocations"]]
    assert all(Decimal("958846") <= a <= Decimal("1171923") for a in amounts)


def test_bad_weights_end_with_a_german_message(tmp_path):
    with pytest.raises(CommandError, match="keine gültige Zahl"):
        run("--total", "1000", "--indicators", str(write_csv(tmp_path / "i.csv")),
            "--weights", "arbeitslose=x")


def test_a_total_above_one_billion_is_refused_in_german(tmp_path):
    with pytest.raises(CommandError, match="„--total“: Der Betrag ist zu hoch"):
        run("--total", "9" * 30, "--indicators", str(write_csv(tmp_path / "i.csv")),
            "--weights", "arbeitslose=1")


def test_weight_names_match_like_in_the_browser(tmp_path):
    path = write_csv(tmp_path / "i.csv", header="ags;Arbeitslose SGB II;Einwohner 15–64")
    out = run("--total", "27700000", "--indicators", str(path),
              "--weights", "arbeitslose=0,5; einwohner 15-64=0,5", "--format", "json")
    assert len(json.loads(out)["allocations"]) == 26
