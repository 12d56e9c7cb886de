"""Fault: the database goes away while the application runs, and comes back.

A throwaway PostgreSQL cluster of its own (started and stopped here; the test is skipped where
PostgreSQL is not installed, and fails instead under AQB_REQUIRE_POSTGRES=1, which
`scripts/test.sh` sets with CI=true), the application under gunicorn and one job worker on it.
The cluster is stopped: pages answer 503 with a German page and Retry-After, /healthz answers
503 naming the database, the worker keeps running. The cluster is started again: the next
request is served, without restarting anything, and the worker beats again.
The 503 of a page and of the API for a database error are also checked in-process.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client

from tests.test_multi_instance import _free_port

BIN = Path(sys.executable).parent
DEADLINE = 60  # seconds for everything; the migrations alone take about ten


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_pg(args: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, timeout=60, **kw)


def _get(url: str, cookie: str = "") -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=15) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def _wait(what, deadline: float, message):
    last = None
    while time.monotonic() < deadline:
        try:
            last = what()
            if last:
                return last
        except OSError as exc:
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"{message() if callable(message) else message}: {last!r}")


@pytest.fixture
def cluster():
    pg = _pg_bin()
    if pg is None:
        if os.environ.get("AQB_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL fehlt (AQB_REQUIRE_POSTGRES=1: der Test darf nicht entfallen)")
        pytest.skip("PostgreSQL ist nicht installiert")
    root = Path(tempfile.mkdtemp(prefix="aqb-pg-ausfall-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = _free_port()
    data = root / "data"
    _as_pg([str(pg / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8"])
    options = (f"-k {root} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")

    def start():
        _as_pg([str(pg / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
                "-o", options, "start"])

    def stop():
        _as_pg([str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])

    start()
    try:
        subprocess.run([str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U",
                        "postgres", "aqb"], check=True, capture_output=True, timeout=30)
        yield {"url": f"postgres://postgres@127.0.0.1:{port}/aqb", "start": start,
               "stop": stop}
    finally:
        try:
            stop()
        except subprocess.CalledProcessError:
            pass  # stopped already
        shutil.rmtree(root, ignore_errors=True)


def test_the_database_goes_away_and_comes_back(cluster, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AQB_")}
    env.update({"AQB_DATABASE_URL": cluster["url"], "AQB_VAR_DIR": str(tmp_path / "var"),
                "AQB_MEDIA_ROOT": str(tmp_path / "media"), "AQB_WORKER_TICK_SECONDS": "0.5",
                "DJANGO_SETTINGS_MODULE": "aqb.settings.dev", "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + DEADLINE
    subprocess.run([str(BIN / "aqb"), "migrate", "-v", "0"], env=env, check=True, timeout=DEADLINE)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    procs = [
        subprocess.Popen([str(BIN / "gunicorn"), "aqb.wsgi:application", "--bind",
                          f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"],
                         env=env, stdout=subprocess.DEVNULL, stderr=open(web_log, "w")),
        subprocess.Popen([str(BIN / "aqb"), "worker", "--no-reload", "--no-startup-delay",
                          "--interval", "0.2", "--worker-id", "ausfall", "-v", "0"],
                         env=env, stdout=subprocess.DEVNULL, stderr=open(worker_log, "w")),
    ]
    # a session cookie makes every page read the sessions table (no such session: anonymous)
    cookie = f"sessionid={secrets.token_hex(16)}"
    logs = lambda: web_log.read_text()[-3000:] + worker_log.read_text()[-3000:]  # noqa: E731
    try:
        # --- up: pages served, /healthz fine (the worker beats) -------------------------
        _wait(lambda: _get(f"{base}/healthz")[0] == 200, deadline, logs)
        assert _get(f"{base}/", cookie)[0] < 500

        # --- down --------------------------------------------------------------------------
        cluster["stop"]()
        status, headers, body = _get(f"{base}/", cookie)
        assert status == 503, body[-2000:]
        assert "Die Datenbank des AQB ist gerade nicht erreichbar" in body
        assert headers.get("Retry-After") == "30"
        status, _, body = _get(f"{base}/healthz")
        report = json.loads(body)
        assert status == 503
        assert report["checks"]["database"] == {"ok": False,
                                                "message": "Datenbank nicht erreichbar"}
        assert procs[1].poll() is None, ("the worker died with the database", logs())

        # --- back: served again without restarting anything -------------------------------
        cluster["start"]()
        status, _, body = _get(f"{base}/", cookie)
        assert status < 500, body[-2000:]
        _wait(lambda: _get(f"{base}/healthz")[0] == 200, deadline,
              lambda: "the worker did not beat again: " + logs())
        assert all(p.poll() is None for p in procs), logs()
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(timeout=10)


# --- in-process: a database error becomes a 503, on pages and in the API ----------------

@pytest.mark.django_db
def test_a_database_error_on_a_page_is_a_german_503(monkeypatch):
    from aqb.ops import views

    def down():
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(views, "health", down)
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Vorübergehend nicht erreichbar" in response.content.decode()


def test_a_database_error_in_the_api_is_a_503_problem():
    from aqb.api import errors

    class Probe:
        method, path = "GET", "/api/v1/x"

    handlers = {}

    class FakeApi:
        def exception_handler(self, kind):
            def register(fn):
                handlers[kind] = fn
                return fn
            return register

    errors.install(FakeApi())  # the handlers the API registers, called directly
    response = handlers[Exception](Probe(), OperationalError("server closed the connection"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Datenbank" in json.loads(response.content)["detail"]
