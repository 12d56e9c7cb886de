"""The 26 regions (from data/regions.csv), the ministry's names over time and the granting
authority. Facts from shared/domain/FACTS.md; editable afterwards by the ministry."""

import csv
from datetime import date
from pathlib import Path

from django.db import migrations

KINDS = {"Landkreis": "landkreis", "kreisfreie Stadt": "kreisfreie_stadt"}

MINISTRY_NAMES = [
    # name, short, minister, title, from, to
    ("Hessisches Sozialministerium", "HSM", "", "", None, date(2014, 1, 17)),
    ("Hessisches Ministerium für Soziales und Integration", "HMSI", "Stefan Grüttner",
     "Staatsminister", date(2014, 1, 18), date(2019, 1, 17)),
    ("Hessisches Ministerium für Soziales und Integration", "HMSI", "Kai Klose",
     "Staatsminister", date(2019, 1, 18), date(2024, 1, 17)),
    ("Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales", "HMAIJS",
     "Heike Hofmann", "Staatsministerin", date(2024, 1, 18), None),
]


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    MinistryName = apps.get_model("regions", "MinistryName")
    GrantingAuthority = apps.get_model("regions", "GrantingAuthority")
    path = Path(__file__).resolve().parent.parent / "data" / "regions.csv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Region.objects.update_or_create(
                ags=row["ags"],
                defaults={
                    "name": row["self_designation"],
                    "official_name": row["name_in_state_geodata"],
                    "kind": KINDS[row["kind"]],
                    "seat": row["seat"],
                    "regierungsbezirk": row["regierungsbezirk"],
                },
            )
    for name, short, minister, title, valid_from, valid_to in MINISTRY_NAMES:
        MinistryName.objects.get_or_create(
            name=name, short_name=short, minister=minister, minister_title=title,
            valid_from=valid_from, valid_to=valid_to)
    if not GrantingAuthority.objects.exists():
        GrantingAuthority.objects.create(
            name="Regierungspräsidium Kassel", department="Dezernat 57",
            street="Am Alten Stadtschloss 1", postal_code="34117", city="Kassel")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
