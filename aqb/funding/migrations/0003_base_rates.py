"""The published base rates (Deutsche Bundesbank, § 247 BGB) as the ministry's starting table."""

from datetime import date
from decimal import Decimal

from django.db import migrations

PUBLISHED = (
    (date(2024, 1, 1), Decimal("3.62")),
    (date(2024, 7, 1), Decimal("3.37")),
    (date(2025, 1, 1), Decimal("2.27")),
    (date(2025, 7, 1), Decimal("1.27")),
    (date(2026, 1, 1), Decimal("1.27")),
)


def seed(apps, schema_editor):
    BaseRate = apps.get_model("funding", "BaseRate")
    for valid_from, percent in PUBLISHED:
        BaseRate.objects.get_or_create(valid_from=valid_from, defaults={"percent": percent})


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_notice_payments_proof_settlement")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
