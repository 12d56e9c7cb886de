"""The database itself refuses a second general part or a second part of one earmark in an
allocation (conditional unique constraints, SQLite and PostgreSQL alike)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from aqb.budgets.models import Allocation, AllocationPart, Earmark, ProgrammeYear
from aqb.regions.models import Region


@pytest.fixture
def allocation(db):
    py = ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    return Allocation.objects.create(programme_year=py, region=Region.objects.get(ags="06635"),
                                     amount=Decimal("1000"))


def test_a_second_general_part_fails_at_the_database(allocation):
    AllocationPart.objects.create(allocation=allocation, earmark=None, amount=Decimal("600"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationPart.objects.create(allocation=allocation, earmark=None, amount=Decimal("400"))
    assert allocation.parts.count() == 1


def test_a_second_part_of_one_earmark_fails_at_the_database(allocation):
    em = Earmark.objects.create(programme_year=allocation.programme_year, name="Teilzeit",
                                amount=Decimal("500"))
    AllocationPart.objects.create(allocation=allocation, earmark=em, amount=Decimal("300"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationPart.objects.create(allocation=allocation, earmark=em, amount=Decimal("200"))


def test_general_and_earmark_parts_live_side_by_side(allocation):
    em = Earmark.objects.create(programme_year=allocation.programme_year, name="Teilzeit",
                                amount=Decimal("500"))
    AllocationPart.objects.create(allocation=allocation, earmark=None, amount=Decimal("700"))
    AllocationPart.objects.create(allocation=allocation, earmark=em, amount=Decimal("300"))
    assert allocation.parts.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_the_newest_of_duplicate_general_parts():
    before, after = [("budgets", "0002_planning")], [("budgets",
                                                      "0003_allocation_part_general_unique")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    py = apps.get_model("budgets", "ProgrammeYear").objects.create(
        year=2025, total=Decimal("28700000"))
    alloc = apps.get_model("budgets", "Allocation").objects.create(
        programme_year=py, region_id=Region.objects.get(ags="06635").pk, amount=Decimal("1000"))
    part = apps.get_model("budgets", "AllocationPart")
    part.objects.create(allocation=alloc, earmark=None, amount=Decimal("1"))
    newest = part.objects.create(allocation=alloc, earmark=None, amount=Decimal("1000"))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    assert list(AllocationPart.objects.values_list("pk", "amount")) == \
        [(newest.pk, Decimal("1000.00"))]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
