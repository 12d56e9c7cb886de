"""The database itself refuses a second identical membership, on SQLite and PostgreSQL alike
(region and provider are NULL for most roles, and NULLs never collide in a plain unique index)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from aqb.accounts.models import Membership, Role, User
from conftest import make_user


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.AUTHORITY])
def test_a_second_state_membership_fails_at_the_database(db, role):
    user = make_user("anna", role)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=role)


def test_a_second_membership_of_the_same_region_fails(region_wf):
    user = make_user("anna", Role.REGION, region=region_wf)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.REGION, region=region_wf)


def test_a_second_membership_of_the_same_provider_fails(provider):
    user = make_user("anna", Role.PROVIDER, provider=provider)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.PROVIDER, provider=provider)


def test_different_scopes_and_roles_still_combine(region_wf, region_foreign, provider):
    user = make_user("anna", Role.MINISTRY)
    Membership.objects.create(user=user, role=Role.AUTHORITY)
    Membership.objects.create(user=user, role=Role.REGION, region=region_wf)
    Membership.objects.create(user=user, role=Role.REGION, region=region_foreign)
    Membership.objects.create(user=user, role=Role.PROVIDER, provider=provider)
    make_user("bert", Role.MINISTRY)  # the same role for another user
    assert user.memberships.count() == 5


# serialized_rollback: the flush after this test must not re-create content types under new
# keys, or the next serialized test cannot restore the migrated data.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_one_of_existing_duplicates():
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "accounts", "0001", verbosity=0)
    # the schema of 0001: today's model has columns it lacks, so the row goes in by SQL
    with connection.cursor() as cur:
        cur.execute("INSERT INTO accounts_user (password, is_superuser, username, first_name, "
                    "last_name, email, is_staff, is_active, date_joined) "
                    "VALUES ('!', %s, 'anna', '', '', '', %s, %s, %s)",
                    [False, False, True, timezone.now()])
    user = User.objects.only("pk").get(username="anna")
    with connection.cursor() as cur:
        for _ in range(3):
            cur.execute("INSERT INTO accounts_membership (user_id, role) VALUES (%s, %s)",
                        [user.pk, "ministry"])
    call_command("migrate", verbosity=0)
    assert Membership.objects.filter(user=user, role=Role.MINISTRY).count() == 1
