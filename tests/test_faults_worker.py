"""Fault: the job worker killed in the middle of a job (SIGKILL: no chance to clean up).

For real, as subprocesses on the database of this test run (a SQLite file copied from it, or
the PostgreSQL test database when AQB_DATABASE_URL is set; helpers of test_multi_instance): a
job writes its rows in one transaction and stops half-way; the worker is killed there; nothing
of the job's rows is in the database; a second worker finds the task orphaned (its worker's
heartbeat older than the lease) and runs it again: all rows once, the job done, two attempts.
The rule for giving back or failing orphaned tasks is tested in-process below.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from aqb.jobs.models import Heartbeat, Job, JobStatus
from aqb.jobs.services import WORKER_LOST_CLASS, job_start, jobs_recover
from aqb.jobs.tests import tasks
from tests.test_multi_instance import _database_url

BIN = Path(sys.executable).parent
DEADLINE = 40  # seconds, generous: start-up of two workers and the job twice
STEPS = 6


def _query(url: str, sql: str, params=()) -> list[tuple]:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)
        try:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            conn.close()
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _wait(what, deadline: float, message: str):
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(message())


def _worker(env, worker_id: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "aqb"), "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2",
         "--worker-id", worker_id, "-v", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(log, "w"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_worker_leaves_nothing_half_written_and_the_job_runs_again(
        tmp_path, django_user_model):
    user = django_user_model.objects.create(username="abbruch")
    halt, reached = tmp_path / "halt", tmp_path / "reached"
    halt.touch()
    job = job_start(user=user, task=tasks.steps_then_wait, title="Schritte", n=STEPS,
                    halt=str(halt), reached=str(reached))
    url = _database_url(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AQB_")}
    env.update({"AQB_DATABASE_URL": url, "AQB_VAR_DIR": str(tmp_path / "var"),
                "AQB_MEDIA_ROOT": str(tmp_path / "media"),
                "AQB_WORKER_TICK_SECONDS": "0.5", "AQB_JOBS_LEASE_SECONDS": "2",
                "DJANGO_SETTINGS_MODULE": "aqb.settings.dev", "PYTHONUNBUFFERED": "1"})
    rows = ("SELECT COUNT(*) FROM jobs_schedulerun WHERE task_path LIKE %s",
            (f"test.schritt.{job.pk}.%",))
    job_row = ("SELECT status, attempts, message FROM jobs_job WHERE id = %s",
               (job.pk.hex if url.startswith("sqlite") else str(job.pk),))
    deadline = time.monotonic() + DEADLINE
    procs = []
    try:
        first = _worker(env, "erster", tmp_path / "w1.log")
        procs.append(first)
        _wait(reached.exists, deadline, lambda: "der Auftrag kam nicht bis zur Hälfte: "
              + (tmp_path / "w1.log").read_text()[-3000:])
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

        # half of the rows were written in the killed transaction: none of them is there
        assert _query(url, *rows) == [(0,)]
        assert _query(url, *job_row)[0][0] == JobStatus.RUNNING

        halt.unlink()
        procs.append(_worker(env, "zweiter", tmp_path / "w2.log"))
        state = _wait(lambda: [r for r in _query(url, *job_row)
                               if r[0] in (JobStatus.DONE, JobStatus.FAILED)],
                      deadline, lambda: "der Auftrag wurde nicht wieder aufgenommen: "
                      + (tmp_path / "w2.log").read_text()[-3000:])
        assert state[0][:2] == (JobStatus.DONE, 2), state
        assert _query(url, *rows) == [(STEPS,)]  # every row once
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)


# --- the rule, in-process ----------------------------------------------------------------

def _running(job, worker_ids, started_ago: float):
    from django_tasks_db.models import DBTaskResult

    from aqb.jobs.compat import TaskResultStatus

    started = timezone.now() - timezone.timedelta(seconds=started_ago)
    DBTaskResult.objects.filter(pk=job.task_result_id).update(
        status=TaskResultStatus.RUNNING, worker_ids=worker_ids, started_at=started)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=len(worker_ids),
                                         started_at=started)
    return DBTaskResult.objects.get(pk=job.task_result_id)


def _beat(worker_id: str, ago: float) -> None:
    Heartbeat.objects.create(worker_id=worker_id,
                             beat_at=timezone.now() - timezone.timedelta(seconds=ago))


@pytest.fixture
def job(django_user_model):
    user = django_user_model.objects.create(username="regel")
    return job_start(user=user, task=tasks.count_to, title="Zählen", n=2)


@pytest.mark.django_db
def test_a_task_of_a_live_worker_is_left_alone(job):
    _running(job, ["lebt"], started_ago=3600)  # a long task ...
    _beat("lebt", ago=5)  # ... of a worker that beats
    assert jobs_recover(lease_seconds=300) == {"requeued": 0, "failed": 0}
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


@pytest.mark.django_db
def test_a_task_of_a_silent_worker_is_given_back(job):
    from aqb.jobs.compat import TaskResultStatus

    result = _running(job, ["tot"], started_ago=3600)
    _beat("tot", ago=400)
    assert jobs_recover(lease_seconds=300) == {"requeued": 1, "failed": 0}
    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == TaskResultStatus.READY
    assert job.status == JobStatus.QUEUED
    assert jobs_recover(lease_seconds=300) == {"requeued": 0, "failed": 0}  # once


@pytest.mark.django_db
def test_a_restarted_worker_takes_back_its_own_task_at_once(job):
    _running(job, ["gleich"], started_ago=1)
    _beat("gleich", ago=0)
    assert jobs_recover(lease_seconds=300) == {"requeued": 0, "failed": 0}
    assert jobs_recover(lease_seconds=300, own_worker_id="gleich")["requeued"] == 1


@pytest.mark.django_db
def test_after_the_last_attempt_the_job_fails_with_a_german_reason(job):
    from aqb.jobs.compat import TaskResultStatus

    result = _running(job, ["a", "b", "c"], started_ago=3600)  # no heartbeat row at all
    assert jobs_recover(lease_seconds=300, max_attempts=3) == {"requeued": 0, "failed": 1}
    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == WORKER_LOST_CLASS
    assert job.status == JobStatus.FAILED
    assert "3-mal abgebrochen" in job.message and "nichts halb gespeichert" in job.message



def test_the_worker_gives_back_its_own_tasks_before_it_takes_one(monkeypatch):
    """The first round (own id RUNNING = orphan of a former life) must end before the worker
    claims a task; run in the side thread it raced the main loop and, on a busy machine,
    put the worker's own fresh task back (it ran twice; seen in tests/test_multi_instance.py
    on PostgreSQL)."""
    import threading

    from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

    from aqb.jobs.management.commands import worker

    events = []
    monkeypatch.setattr(worker, "tick", lambda worker_id, **kw: events.append(
        ("tick", kw.get("first", False), threading.current_thread().name)))
    monkeypatch.setattr(DbWorkerCommand, "handle", lambda self, *a, **kw: events.append(
        ("loop",)))
    monkeypatch.setattr(worker, "tick_seconds", lambda: 3600)  # the side thread only waits
    worker.Command().handle(worker_id="w-test", reload=False, batch=False)
    assert events[0] == ("tick", True, threading.current_thread().name)
    assert events[1] == ("loop",)
    assert [e for e in events if e[0] == "tick" and e[1]] == [events[0]]
