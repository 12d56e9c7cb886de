"""The periodic schedule: slots of each cadence, and each slot enqueued once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from aqb.jobs import schedule
from aqb.jobs.models import Heartbeat
from aqb.jobs.services import schedule_tick

from . import tasks
from .conftest import run_worker

BERLIN = ZoneInfo("Europe/Berlin")
TICK = "aqb.jobs.tests.tasks.tick"

WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at(day, hh, mm):
    return datetime(2026, 3, day, hh, mm, tzinfo=BERLIN)


@pytest.mark.parametrize(("cadence", "now", "slot"), [
    ("daily 06:00", at(10, 7, 30), at(10, 6, 0)),
    ("daily 06:00", at(10, 5, 59), at(9, 6, 0)),
    ("hourly", at(10, 7, 30), at(10, 7, 0)),
    ("every 15 minutes", at(10, 7, 44), at(10, 7, 30)),
])
def test_the_newest_slot_of_each_cadence(cadence, now, slot):
    assert schedule.last_slot(cadence, now) == slot


def test_an_unknown_cadence_is_refused_in_german():
    with pytest.raises(schedule.ScheduleError, match="unbekannter Takt"):
        schedule.last_slot("stündlich", at(1, 1, 1))


def test_a_wrong_schedule_fails_the_system_check(settings):
    settings.AQB_SCHEDULE = [("aqb.jobs.tests.tasks.gibtsnicht", "hourly"),
                             (TICK, "daily 25:00")]
    problems = schedule.check()
    assert any("nicht importierbar" in p for p in problems)
    assert any("keine gültige Uhrzeit" in p for p in problems)


def _queued():
    return DBTaskResult.objects.filter(task_path=TICK).count()


@WORKER  # the worker commits and checks its connection like in production
def test_each_slot_is_enqueued_once_however_many_workers_tick(settings):
    settings.AQB_SCHEDULE = [(TICK, "hourly")]
    assert schedule_tick(now=at(10, 7, 1)) == [TICK]
    assert schedule_tick(now=at(10, 7, 2)) == []   # a second worker in the same hour
    assert schedule_tick(now=at(10, 7, 59)) == []
    assert _queued() == 1
    assert schedule_tick(now=at(10, 8, 0)) == [TICK]
    assert _queued() == 2
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert tasks.RUNS == ["tick", "tick"]


@WORKER  # the worker commits and checks its connection like in production
def test_adding_one_line_to_the_schedule_is_enough(settings):
    settings.AQB_SCHEDULE = [*settings.AQB_SCHEDULE, (TICK, "every 5 minutes")]
    run_worker()  # the worker ticks once, then runs the batch
    assert tasks.RUNS == ["tick"]
    assert Heartbeat.objects.count() == 1


@pytest.mark.django_db
def test_schedule_run_enqueues_due_tasks_for_a_systemd_timer(settings, capsys):
    settings.AQB_SCHEDULE = [(TICK, "daily 06:00")]
    call_command("schedule_run")
    call_command("schedule_run")
    assert capsys.readouterr().out == f"eingereiht: {TICK}\n"
    assert _queued() == 1
