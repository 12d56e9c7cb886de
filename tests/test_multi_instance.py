"""Past one machine: two gunicorn instances and two job workers against one database.

The application keeps nothing between requests in its processes that another process would
need: sessions are rows in the database (Django's default SESSION_ENGINE, checked below), stored
files go through the storage API (tests/test_object_storage.py), jobs are claimed from the
database. Here, for real, as subprocesses on the database of this test run (a SQLite file
copied from it, or the PostgreSQL test database when AQB_DATABASE_URL is a postgres URL):
N jobs enqueued, two `aqb worker` run them, each exactly once; a login through instance A
is a valid session on instance B. Bounded in time; every process is killed in a finally.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection

from aqb.jobs.models import JobStatus
from aqb.jobs.services import job_start
from aqb.jobs.tests import tasks

BIN = Path(sys.executable).parent
N_JOBS = 12
DEADLINE = 45  # seconds for start-up, the jobs and the requests together
PASSWORD = "geheim-und-lang-genug"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    """A URL every subprocess can reach, holding what this test committed so far."""
    vendor = connection.vendor
    if vendor == "sqlite":
        target = tmp_path / "gemeinsam.sqlite3"
        dst = sqlite3.connect(target)
        connection.ensure_connection()
        connection.connection.backup(dst)
        dst.close()
        return f"sqlite:///{target}"
    db = connection.settings_dict
    base = urllib.parse.urlsplit(os.environ["AQB_DATABASE_URL"])
    return urllib.parse.urlunsplit(base._replace(path="/" + db["NAME"]))


def _jobs(url: str) -> list[tuple]:
    query = "SELECT id, status, attempts FROM jobs_job ORDER BY id"
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)
        try:
            return conn.execute(query).fetchall()
        finally:
            conn.close()
    with connection.cursor() as cur:
        cur.execute(query)
        return cur.fetchall()


def _wait_http(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/anmelden/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn auf Port {port} antwortet nicht")


def test_sessions_live_in_the_database():
    assert getattr(settings, "SESSION_ENGINE",
                   "django.contrib.sessions.backends.db") == "django.contrib.sessions.backends.db"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_web_servers_and_two_workers_on_one_database(tmp_path, django_user_model):
    # the servers run with the production hashers (the tests' fast MD5 is not among them)
    user = django_user_model.objects.create(username="zwei",
                                            password=make_password(PASSWORD, hasher="argon2"))
    started = [job_start(user=user, task=tasks.count_to, title=f"Zählen {i}", n=3)
               for i in range(N_JOBS)]
    url = _database_url(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AQB_")}
    env.update({"AQB_DATABASE_URL": url, "AQB_VAR_DIR": str(tmp_path / "var"),
                "AQB_MEDIA_ROOT": str(tmp_path / "media"),
                "DJANGO_SETTINGS_MODULE": "aqb.settings.dev", "PYTHONUNBUFFERED": "1"})
    ports = [_free_port(), _free_port()]
    procs: list[subprocess.Popen] = []
    deadline = time.monotonic() + DEADLINE
    try:
        for i in (1, 2):
            procs.append(subprocess.Popen(
                [str(BIN / "aqb"), "worker", "--no-reload", "--no-startup-delay",
                 "--interval", "0.2", "--worker-id", f"w{i}", "-v", "0"],
                env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"w{i}.log", "w")))
        for port in ports:
            procs.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "aqb.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--timeout", "30"],
                env=env, stdout=subprocess.DEVNULL,
                stderr=open(tmp_path / f"web{port}.log", "w")))

        # --- the jobs: every one done, each exactly once, by either worker ----------
        rows = []
        while time.monotonic() < deadline:
            rows = _jobs(url)
            if all(r[1] in (JobStatus.DONE, JobStatus.FAILED) for r in rows):
                break
            time.sleep(0.5)
        logs = "".join(p.read_text() for p in tmp_path.glob("w*.log"))
        assert len(rows) == N_JOBS
        assert all(r[1] == JobStatus.DONE for r in rows), (rows, logs)
        assert all(r[2] == 1 for r in rows), ("a job ran more than once", rows)

        # --- a session made on A is valid on B ----------------------------------------
        for port in ports:
            _wait_http(port, deadline)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        a, b = (f"http://127.0.0.1:{p}" for p in ports)
        page = opener.open(f"{a}/anmelden/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "zwei",
                                       "password": PASSWORD}).encode()
        request = urllib.request.Request(f"{a}/anmelden/", data=form,
                                         headers={"Referer": f"{a}/anmelden/"})
        answer = opener.open(request, timeout=10).read().decode()
        assert any(c.name == "sessionid" for c in jar), \
            ("no session cookie from instance A", answer[-3000:])
        # Cookies do not depend on the port: the jar sends A's session cookie to B.
        response = opener.open(f"{b}/benachrichtigungen/", timeout=10)
        assert response.status == 200
        assert urllib.parse.urlsplit(response.geturl()).path == "/benachrichtigungen/", \
            "instance B sent the session of instance A to the login page"
        anonymous = urllib.request.urlopen(f"{b}/benachrichtigungen/", timeout=10)
        assert urllib.parse.urlsplit(anonymous.geturl()).path.startswith("/anmelden/")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    assert {str(j.pk) for j in started} == {str(r[0]) for r in rows} or \
        {j.pk.hex for j in started} == {str(r[0]).replace("-", "") for r in rows}
