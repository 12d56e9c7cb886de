"""One general part per allocation, enforced by the database on SQLite and PostgreSQL.

The old constraint (allocation, earmark) never caught two general parts, because NULL never
equals NULL in a unique index. Before the new constraint is added, duplicate general parts
(only possible by writing around the services) are reduced to the newest row, the last one
written.
"""

from django.db import migrations, models


def keep_newest_general_part(apps, schema_editor):
    AllocationPart = apps.get_model("budgets", "AllocationPart")
    duplicates = (AllocationPart.objects.filter(earmark__isnull=True)
                  .values("allocation_id").annotate(n=models.Count("id"), newest=models.Max("id"))
                  .filter(n__gt=1))
    for row in duplicates:
        (AllocationPart.objects.filter(allocation_id=row["allocation_id"], earmark__isnull=True)
         .exclude(pk=row["newest"]).delete())


class Migration(migrations.Migration):

    dependencies = [
        ('budgets', '0002_planning'),
    ]

    operations = [
        migrations.RunPython(keep_newest_general_part, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='allocationpart',
            name='allocation_part_unique_earmark',
        ),
        migrations.AddConstraint(
            model_name='allocationpart',
            constraint=models.UniqueConstraint(condition=models.Q(('earmark__isnull', False)), fields=('allocation', 'earmark'), name='allocation_part_unique_earmark'),
        ),
        migrations.AddConstraint(
            model_name='allocationpart',
            constraint=models.UniqueConstraint(condition=models.Q(('earmark__isnull', True)), fields=('allocation',), name='allocation_part_unique_general'),
        ),
    ]
