"""`aqb worker`: the database worker of django-tasks (`db_worker`) plus, in a side thread,
the worker's heartbeat, the recovery of tasks whose worker died (`jobs_recover`) and the
periodic schedule (`AQB_SCHEDULE`), once a minute (AQB_WORKER_TICK_SECONDS).

The heartbeat thread beats while the main thread runs a long task, so a live worker's task is
never taken for orphaned; a worker killed with SIGKILL stops beating, and after
AQB_JOBS_LEASE_SECONDS another worker (or this one, restarted) puts its task back.

Takes every option of `db_worker` (queues, interval, --batch, --max-tasks, …). Several
workers may run at once: each periodic slot is enqueued by one of them only.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from aqb.jobs.services import heartbeat_beat, jobs_recover, schedule_tick

logger = logging.getLogger("aqb.jobs")
DB_RETRY_SECONDS = 2


def tick_seconds() -> float:
    return float(getattr(settings, "AQB_WORKER_TICK_SECONDS", 60))


def tick(worker_id: str, *, own_connection: bool = False, first: bool = False,
         schedule: bool = True) -> None:
    """One round: heartbeat, tasks of dead workers given back, then due periodic tasks. The
    side thread has its own database connection and closes it after each round. In the
    ``first`` round, tasks still RUNNING under this worker's own id are orphans of its former
    life (it runs nothing yet) and are given back at once."""
    if own_connection:
        close_old_connections()
    try:
        heartbeat_beat(worker_id=worker_id)
        jobs_recover(own_worker_id=worker_id if first else "")
        if schedule:
            schedule_tick()
    except Exception:  # the worker must keep running; the log says what happened
        logger.exception("Herzschlag, Wiederaufnahme oder Zeitplan fehlgeschlagen")
    finally:
        if own_connection:
            connection.close()


def _ticker(worker_id: str, stop: threading.Event) -> None:
    """Every round after the first (which `handle` runs before the worker takes a task)."""
    while not stop.wait(tick_seconds()):
        tick(worker_id, own_connection=True)


def _beater(worker_id: str, stop: threading.Event) -> None:
    """Heartbeat only, from the first interval on (a batch ticked once before it started)."""
    while not stop.wait(tick_seconds()):
        tick(worker_id, own_connection=True, schedule=False)


class Command(DbWorkerCommand):
    help = ("Hintergrundaufgaben ausführen (django-tasks, Datenbank) und einmal pro Minute "
            "Herzschlag schreiben und fällige geplante Aufgaben (AQB_SCHEDULE) einreihen.")

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        parent_of_reloader = options.get("reload") and not options.get("batch") and \
            os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if options.get("batch"):
            tick(worker_id, first=True)  # one round, then the batch
            # keep beating while the batch runs, so its long task is not taken for orphaned
            stop = threading.Event()
            threading.Thread(target=_beater, args=(worker_id, stop), daemon=True,
                             name="aqb-heartbeat").start()
            try:
                return super().handle(*args, **options)
            finally:
                stop.set()
        if parent_of_reloader:
            return super().handle(*args, **options)
        # The first round gives back what is RUNNING under this worker's own id (a former
        # life of it). It must end before this worker claims a task: run in the side thread
        # it could take the worker's own fresh task for an orphan and run it twice.
        tick(worker_id, first=True)
        stop = threading.Event()
        threading.Thread(target=_ticker, args=(worker_id, stop), daemon=True,
                         name="aqb-schedule").start()
        while True:  # the database gone for a while: wait for it instead of dying
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as exc:
                logger.error("Datenbank nicht erreichbar (%s); neuer Versuch in %s s",
                             str(exc).strip(), DB_RETRY_SECONDS)
                try:
                    connection.close()
                except Exception:  # a broken connection may fail to close: it is gone anyway
                    pass
                time.sleep(DB_RETRY_SECONDS)
