"""Logging every opening of record-level participant data (list, record, export, API)."""

from __future__ import annotations

from .models import RecordAccess


def access_log(*, user, kind: str, project=None, year: int | None = None, records: int = 0,
               path: str = "") -> RecordAccess:
    label = (user.get_full_name() or user.get_username()) if user is not None else "System"
    return RecordAccess.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        user_label=label[:200], kind=kind, project=project, year=year, records=records,
        path=path[:300])
