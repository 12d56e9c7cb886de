"""`aqb worker`: the database worker of django-tasks (`db_worker`) plus, in a side thread,
the worker's heartbeat and the periodic schedule (`AQB_SCHEDULE`), once a minute.

Takes every option of `db_worker` (queues, interval, --batch, --max-tasks, …). Several
workers may run at once: each periodic slot is enqueued by one of them only.
"""

from __future__ import annotations

import logging
import os
import threading

from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from aqb.jobs.services import heartbeat_beat, schedule_tick

logger = logging.getLogger("aqb.jobs")
TICK_SECONDS = 60


def tick(worker_id: str, *, own_connection: bool = False) -> None:
    """One round: heartbeat, then due periodic tasks. The side thread has its own database
    connection and closes it after each round."""
    if own_connection:
        close_old_connections()
    try:
        heartbeat_beat(worker_id=worker_id)
        schedule_tick()
    except Exception:  # the worker must keep running; the log says what happened
        logger.exception("Herzschlag oder Zeitplan fehlgeschlagen")
    finally:
        if own_connection:
            connection.close()


def _ticker(worker_id: str, stop: threading.Event) -> None:
    while not stop.is_set():
        tick(worker_id, own_connection=True)
        stop.wait(TICK_SECONDS)


class Command(DbWorkerCommand):
    help = ("Hintergrundaufgaben ausführen (django-tasks, Datenbank) und einmal pro Minute "
            "Herzschlag schreiben und fällige geplante Aufgaben (AQB_SCHEDULE) einreihen.")

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        parent_of_reloader = options.get("reload") and not options.get("batch") and \
            os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if options.get("batch"):
            tick(worker_id)  # one round, then the batch
        elif not parent_of_reloader:
            stop = threading.Event()
            threading.Thread(target=_ticker, args=(worker_id, stop), daemon=True,
                             name="aqb-schedule").start()
        return super().handle(*args, **options)
