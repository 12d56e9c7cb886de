"""What monitoring tells funding (registered in `MonitoringConfig.ready`): the number of
participants of a project in a programme year, from the counts (`Tally`, attribute "" =
total), so it stays the same after retention deleted the records."""

from __future__ import annotations

from django.db.models import Sum

from .models import Tally


def entries_count(project, year: int) -> int | None:
    """Entries (participants) of the project and programme year; None when none recorded."""
    total = Tally.objects.filter(project=project, year=year, attribute="").aggregate(
        n=Sum("entries"))["n"]
    return total
