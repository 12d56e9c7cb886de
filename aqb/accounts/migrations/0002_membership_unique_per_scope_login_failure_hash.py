"""Membership uniqueness per scope, enforced by the database on both engines; failed logins
keep a keyed hash of the typed name instead of the name.

Existing duplicate memberships (possible before, since NULLs never collide in a unique index)
are reduced to the oldest row. Existing failed-login rows are dropped: they only matter for the
15-minute throttling window and hold names in clear.
"""

from django.db import migrations, models


def memberships_dedupe(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    seen = set()
    for row in Membership.objects.order_by("pk").values("pk", "user_id", "role", "region_id",
                                                         "provider_id"):
        key = (row["user_id"], row["role"], row["region_id"], row["provider_id"])
        if key in seen:
            Membership.objects.filter(pk=row["pk"]).delete()
        seen.add(key)


def login_failures_drop(apps, schema_editor):
    apps.get_model("accounts", "LoginFailure").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(memberships_dedupe, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="membership", name="membership_unique"),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(role__in=["ministry", "authority"]),
                fields=("user", "role"), name="membership_unique_state"),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(role="region"), fields=("user", "region"),
                name="membership_unique_region"),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(role="provider"), fields=("user", "provider"),
                name="membership_unique_provider"),
        ),
        migrations.RunPython(login_failures_drop, migrations.RunPython.noop),
        migrations.RemoveField(model_name="loginfailure", name="username"),
        migrations.AddField(
            model_name="loginfailure", name="name_hash",
            field=models.CharField(db_index=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="loginfailure",
            options={"verbose_name": "Fehlgeschlagene Anmeldung",
                     "verbose_name_plural": "Fehlgeschlagene Anmeldungen"},
        ),
    ]
