"""The state /healthz reports: database reachable, migrations applied, worker alive."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aqb.jobs.selectors import heartbeat_age_unscoped

_migrations_ok = False  # once applied, they stay applied for this process


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        return False


def pending_migrations() -> int:
    global _migrations_ok
    if _migrations_ok:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_ok = pending == 0
    return pending


def health() -> tuple[bool, dict]:
    """(all fine, the report)."""
    db = database_ok()
    report: dict = {"database": {"ok": db}}
    if not db:
        report["database"]["message"] = "Datenbank nicht erreichbar"
        report["migrations"] = {"ok": False, "pending": None}
        report["worker"] = {"ok": False, "heartbeat_age_seconds": None}
        return False, {"status": "fail", "checks": report}
    try:
        pending = pending_migrations()
    except Exception:
        pending = None
    report["migrations"] = {"ok": pending == 0, "pending": pending}
    max_age = settings.AQB_WORKER_MAX_AGE
    try:
        age = heartbeat_age_unscoped()
    except Exception:  # the table itself may be missing before `migrate`
        age = None
    report["worker"] = {"ok": age is not None and age <= max_age,
                        "heartbeat_age_seconds": None if age is None else round(age),
                        "max_age_seconds": max_age}
    ok = all(check["ok"] for check in report.values())
    return ok, {"status": "ok" if ok else "fail", "checks": report}
