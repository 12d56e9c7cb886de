"""Agreement documents of one year for all 26 regions, built without the database.

Used by ``bench/render_agreements.py``. Regions come from ``aqb/regions/data/regions.csv``;
amounts, measures and signatures are made-up but realistic (shape of the signed 2025 seed).
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGIONS_CSV = ROOT / "aqb" / "regions" / "data" / "regions.csv"
MINISTRY = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
MINISTRY_SHORT = "HMAIJS"
AUTHORITY = "Regierungspräsidium Kassel"

MEASURES = [
    ("Ausbildungsvorbereitung", ["AVIA (Aktivierung und Vermittlung von Migranten)"]),
    ("Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen", []),
    ("Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
     ["Checkpoint", "Restart", "FiB (Fit für die Berufswelt)",
      "Berufs- und Sprachscout Projekt (BSP)"]),
    ("Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der "
     "fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung", []),
]


def regions() -> list:
    """Unsaved Region instances for the 26 regions."""
    from aqb.regions.models import Region, RegionKind

    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [Region(ags=r["ags"], name=r["self_designation"] or r["name_in_state_geodata"],
                   official_name=r["name_in_state_geodata"],
                   kind=RegionKind.CITY if "Stadt" in r["kind"] else RegionKind.DISTRICT,
                   seat=r["seat"], regierungsbezirk=r["regierungsbezirk"]) for r in rows]


def document(region, *, year: int = 2025, index: int = 0, signed: bool = True):
    """The agreement document of one region."""
    from aqb.agreements import default_template
    from aqb.agreements.document import MeasureEntry, build_document

    measures = [MeasureEntry(n, title, tuple(projects[: (index + n) % (len(projects) + 1)]
                                             if projects else ()))
                for n, (title, projects) in enumerate(MEASURES, start=1)]
    signatures = []
    if signed:
        signatures = [
            {"party": "ministry", "place": "Wiesbaden", "date": date(year, 8, 2),
             "name": "Heike Hofmann", "title": "Staatsministerin"},
            {"party": "region", "place": region.seat.split(" (")[0],
             "date": date(year, 8, 13), "name": "Karl-Friedrich Frese",
             "title": "Oberbürgermeister" if region.is_city else "Landrat"},
        ]
    amount = Decimal(400_000 + 37_340 * index)
    return build_document(
        year=year, region=region, ministry_name=MINISTRY, ministry_short=MINISTRY_SHORT,
        authority_name=AUTHORITY, purpose=default_template.PURPOSE,
        clauses=default_template.CLAUSES,
        budget_lines=[("Ausbildungs- und Qualifizierungsbudget", amount)],
        measures=measures, signatures=signatures,
        status_label="unterzeichnet" if signed else "Entwurf",
        is_draft=not signed, is_demo=False)


def documents(year: int = 2025) -> list:
    """The 26 documents of a year."""
    return [document(region, year=year, index=i) for i, region in enumerate(regions())]
