"""Test helpers: indicator files for the 26 regions, a planned programme year."""

from decimal import Decimal
from pathlib import Path

from aqb.regions.models import Region


def indicator_rows() -> list[tuple[str, int, int]]:
    """(ags, arbeitslose, einwohner) for the 26 regions; simple invented values."""
    ags = list(Region.objects.order_by("ags").values_list("ags", flat=True))
    return [(a, 1000 + 137 * i, 50000 + 9000 * i) for i, a in enumerate(ags)]


def write_csv(path: Path, rows=None, header="ags;arbeitslose;einwohner") -> Path:
    rows = indicator_rows() if rows is None else rows
    lines = [header] + [";".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, rows=None, header=("ags", "arbeitslose", "einwohner")) -> Path:
    from openpyxl import Workbook

    rows = indicator_rows() if rows is None else rows
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def planned_year(actor, tmp_path, *, total=Decimal("28700000"), earmark=Decimal("1000000")):
    """Year with an earmark, one indicator set and one scenario (not adopted)."""
    from aqb.budgets import planning, services

    py = services.programme_year_create(actor=actor, year=2025, total=total)
    if earmark:
        services.earmark_save(actor=actor, programme_year=py, name="Teilzeitausbildung",
                              amount=earmark)
    ind = planning.indicator_set_create(actor=actor, programme_year=py, name="Daten 2024",
                                        path=write_csv(tmp_path / "ind.csv"),
                                        filename="ind.csv")
    sc = planning.scenario_create(actor=actor, programme_year=py, name="A",
                                  indicator_set=ind, weights="arbeitslose=0.5,einwohner=0.5",
                                  floor=Decimal("300000"), unit=Decimal("10"))
    return py, ind, sc
