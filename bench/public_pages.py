"""Benchmark: a public page under gunicorn against a bare Django view, in the same run.

    .venv/bin/python bench/public_pages.py [--path /oeffentlich/regionen/06635/]
    AQB_DATABASE_URL=postgres://user@host:5432/aqb .venv/bin/python bench/public_pages.py

Builds a throwaway database (SQLite: a temporary file; PostgreSQL, when AQB_DATABASE_URL
points to one: a database ``<name>_bench_<pid>`` created and dropped on that server),
migrates it and loads data through the services: ``--data demo`` (default) the demo
(``demo_load``: programme year 2025 with agreements, projects, figures, published), or
``--data small`` 26 allocations of 2025 with one dated cut, published with
``aqb.opendata.services.year_publish``.

First, in this process, it opens ``--path`` twice with Django's test client and counts the
database queries of each: the second must come from the cache (printed, not judged).

Then it starts gunicorn (``--workers`` sync workers, ``--preload``, 127.0.0.1, a free port) with
bench/bench_settings.py (the application's URLs plus the bare view ``/bench/bare/``, which
returns a two-byte HttpResponse through the whole middleware stack), and measures for both
URLs the throughput: ``--clients`` threads send ``--requests`` GET requests in all (a new
connection each, as gunicorn's sync workers close every connection), after ``--warmup``
requests that fill each worker's cache. Bare view and page alternate for ``--rounds``
rounds; the best round of each counts (the machine may be busy with other work). It also
prints the latency of the very first request of the page (before any cache) against the
median latency of later ones.

Goal: the page reaches at least half the bare view's requests per second. Exit status 1 if
it does not, or if any answer is not 200 (``--smoke``: print only, judge nothing).
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "bench.bench_settings"
os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS

GOAL_RATIO = 0.5
BARE = "/bench/bare/"
DEFAULT_PATH = "/oeffentlich/regionen/06635/"


def _fmt(value: float, places: int = 1) -> str:
    return f"{value:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _database(tmp: Path) -> str:
    """Point Django at the throwaway database; returns its description."""
    if "AQB_DATABASE_URL" not in os.environ:
        os.environ["AQB_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(tmp / "bench-public.sqlite3")
        return f"SQLite ({db['TEST']['NAME']})"
    db.setdefault("TEST", {})["NAME"] = f"{db['NAME']}_bench_{os.getpid()}"
    return f"PostgreSQL ({db['HOST']}:{db['PORT']}, Datenbank {db['TEST']['NAME']})"


def _server_database_url() -> str:
    """AQB_DATABASE_URL of the test database just created (for the gunicorn workers)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    parts = urlsplit(os.environ["AQB_DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{db['NAME']}"))


def _load(data: str) -> None:
    from django.core.management import call_command

    began = time.perf_counter()
    if data == "demo":
        call_command("demo_load", stdout=open(os.devnull, "w"))  # noqa: SIM115
    else:
        _small()
    print(f"== Daten ({data}) geladen in {_fmt(time.perf_counter() - began)} s", flush=True)


def _small() -> None:
    """26 allocations of 2025 and a dated cut, published (like the open-data tests)."""
    from datetime import date
    from decimal import Decimal

    from aqb.accounts.models import Membership, Role, User
    from aqb.budgets import changes, services
    from aqb.opendata.services import year_publish
    from aqb.regions.models import Region

    ministry = User.objects.create_user(username="bench-ministerium", password="x" * 20)
    Membership.objects.create(user=ministry, role=Role.MINISTRY)
    py = services.programme_year_create(actor=ministry, year=2025, total=Decimal("28700000"))
    for n, region in enumerate(Region.objects.order_by("ags")):
        services.allocation_set(actor=ministry, programme_year=py, region=region,
                                amount=Decimal(500_000 + 10_000 * n))
    changes.allocation_change_record(
        actor=ministry, programme_year=py, kind="cut", effective_date=date(2025, 7, 1),
        reason="Haushaltssperre", lines=[changes.ChangeLine(
            Region.objects.get(ags="06635"), None, Decimal("-5000"))])
    year_publish(actor=ministry, programme_year=py)


def _queries(path: str) -> tuple[int, int, int]:
    """Queries of the first and of the second request in this process, and the status."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as first:
        response = client.get(path)
    with CaptureQueriesContext(connection) as second:
        client.get(path)
    return len(first.captured_queries), len(second.captured_queries), response.status_code


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, float]:
    began = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept": "text/html,application/json"})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - began
    finally:
        conn.close()


def _start(port: int, workers: int, database_url: str) -> subprocess.Popen:
    env = {**os.environ, "AQB_DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": SETTINGS,
           "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "aqb.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--chdir", str(ROOT),
         "--preload", "--log-level", "warning"], env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn hat sich beendet, bevor er Anfragen annahm.")
        try:
            if _get(port, BARE)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn antwortet nicht innerhalb von 60 Sekunden.")


def _throughput(port: int, path: str, clients: int, requests: int) -> tuple[float, list, dict]:
    """Requests per second of `requests` GETs over `clients` threads; latencies; statuses."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    per_client = [requests // clients + (1 if n < requests % clients else 0)
                  for n in range(clients)]

    def work(count: int) -> None:
        mine, seen = [], {}
        for _ in range(count):
            try:
                status, took = _get(port, path)
            except OSError:
                status, took = 0, 0.0
            mine.append(took)
            seen[status] = seen.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for status, n in seen.items():
                statuses[status] = statuses.get(status, 0) + n

    threads = [threading.Thread(target=work, args=(n,)) for n in per_client]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return requests / (time.perf_counter() - began), latencies, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", default=DEFAULT_PATH,
                        help=f"die öffentliche Seite (Vorgabe {DEFAULT_PATH})")
    parser.add_argument("--data", choices=["demo", "small"], default="demo")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--smoke", action="store_true",
                        help="nur zeigen, nicht bewerten (Funktionstest mit kleinen Zahlen)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aqb-bench-public-") as tmp:
        where = _database(Path(tmp))
        from django.db import connection

        print(f"== Datenbank: {where}", flush=True)
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                      serialize=False)
        try:
            return _run(args)
        finally:
            connection.close()
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _run(args) -> int:
    from django.db import connection

    _load(args.data)
    status = 0
    first, second, code = _queries(args.path)
    print(f"== {args.path} im Testclient: Antwort {code}; Datenbankabfragen erste Anfrage "
          f"{first}, zweite {second} (aus dem Cache: {'ja' if second < first else 'NEIN'})")
    if code != 200:
        print(f"Die Seite {args.path} antwortet nicht mit 200 ({code}).", file=sys.stderr)
        return 1
    database_url = _server_database_url()
    connection.close()  # the workers have the database to themselves
    port = _free_port()
    server = _start(port, args.workers, database_url)
    try:
        cold_status, cold = _get(port, args.path)
        results: dict[str, list[float]] = {BARE: [], args.path: []}
        later: list[float] = []
        bad: dict[str, dict[int, int]] = {}
        for path in (BARE, args.path):
            _throughput(port, path, args.clients, args.warmup)
        for _ in range(args.rounds):
            for path in (BARE, args.path):
                rate, latencies, statuses = _throughput(port, path, args.clients,
                                                        args.requests)
                results[path].append(rate)
                if path == args.path:
                    later.extend(latencies)
                wrong = {s: n for s, n in statuses.items() if s != 200}
                if wrong:
                    bad.setdefault(path, {}).update(wrong)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    print(f"== gunicorn mit {args.workers} Workern, {args.clients} Clients, "
          f"{_fmt(args.requests, 0)} Anfragen je Runde, beste von {args.rounds} Runden")
    bare, page = max(results[BARE]), max(results[args.path])
    print(f"{'':50}{'Anfragen/s':>12}")
    print(f"{'Nackte Django-View ' + BARE:50}{_fmt(bare):>12}")
    print(f"{'Öffentliche Seite ' + args.path:50}{_fmt(page):>12}")
    print(f"Erste Anfrage der Seite (ohne Cache, Antwort {cold_status}): {_fmt(cold * 1000)} ms; "
          f"Median der späteren: {_fmt(statistics.median(later) * 1000)} ms")
    for path, statuses in bad.items():
        print(f"Antworten ungleich 200 bei {path}: {statuses}", file=sys.stderr)
        status = 1
    ratio = page / bare if bare else 0.0
    ok = ratio >= GOAL_RATIO
    print(f"Ziel Seite / nackte View >= {_fmt(GOAL_RATIO)}: Verhältnis {_fmt(ratio, 2)} "
          f"{'erreicht' if ok else 'VERFEHLT'}")
    if not ok and not args.smoke:
        status = 1
    return 0 if args.smoke and not bad else status


if __name__ == "__main__":
    sys.exit(main())
