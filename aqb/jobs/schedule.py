"""The periodic schedule: `settings.AQB_SCHEDULE`, a list of (dotted task path, cadence).

Cadences (times in TIME_ZONE, Europe/Berlin):
- ``"every 15 minutes"`` (any N from 1 to 1440),
- ``"hourly"`` (at minute 0),
- ``"daily 06:30"``.

Each cadence defines slots (points in time). A task is due when the newest slot up to now has
not been enqueued yet (`ScheduleRun` keeps the last one per task); a worker started after a
slot enqueues it once, missed older slots are not repeated. The worker (`aqb worker`) checks
once a minute; `aqb schedule_run` does the same once, for a systemd timer or cron.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

_EVERY = re.compile(r"^every (\d+) minutes?$")
_DAILY = re.compile(r"^daily (\d{1,2}):(\d{2})$")


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    task_path: str
    cadence: str

    def last_slot(self, now: datetime) -> datetime:
        """The newest slot at or before ``now`` (aware)."""
        return last_slot(self.cadence, now)

    def task(self):
        return import_string(self.task_path)


def last_slot(cadence: str, now: datetime) -> datetime:
    text = cadence.strip().lower()
    local = timezone.localtime(now)
    if m := _EVERY.match(text):
        minutes = int(m.group(1))
        if not 1 <= minutes <= 1440:
            raise ScheduleError(f"„{cadence}“: Minuten zwischen 1 und 1440 angeben.")
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        passed = int((local - midnight).total_seconds() // 60)
        return midnight + timedelta(minutes=passed - passed % minutes)
    if text == "hourly":
        return local.replace(minute=0, second=0, microsecond=0)
    if m := _DAILY.match(text):
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour > 23 or minute > 59:
            raise ScheduleError(f"„{cadence}“: keine gültige Uhrzeit.")
        slot = timezone.make_aware(datetime.combine(local.date(), time(hour, minute)),
                                   local.tzinfo)
        return slot if slot <= local else slot - timedelta(days=1)
    raise ScheduleError(f"„{cadence}“: unbekannter Takt (möglich: „every N minutes“, "
                        "„hourly“, „daily HH:MM“).")


def entries() -> list[Entry]:
    return [Entry(path, cadence) for path, cadence in getattr(settings, "AQB_SCHEDULE", [])]


def check() -> list[str]:
    """Problems of the configured schedule, in German (empty when it is fine)."""
    problems = []
    now = timezone.now()
    for entry in entries():
        try:
            entry.last_slot(now)
        except ScheduleError as exc:
            problems.append(f"AQB_SCHEDULE {entry.task_path}: {exc}")
        try:
            task = entry.task()
        except ImportError:
            problems.append(f"AQB_SCHEDULE: „{entry.task_path}“ ist nicht importierbar.")
            continue
        if not hasattr(task, "enqueue"):
            problems.append(f"AQB_SCHEDULE: „{entry.task_path}“ ist keine Aufgabe (@task).")
    return problems
