"""Benchmark: the ministry's figures overview of one year with a million participants.

    DJANGO_SETTINGS_MODULE=aqb.settings.test .venv/bin/python bench/monitoring_overview.py
    AQB_DATABASE_URL=postgres://user@host:5432/aqb .venv/bin/python bench/monitoring_overview.py

Builds a throwaway database (SQLite: a temporary file; PostgreSQL, when AQB_DATABASE_URL
points to one: a database ``<name>_bench_<pid>`` created and dropped on that server), puts
``--rows`` participant records (default 1 000 000) of programme year 2025 into it, spread
over 208 projects (26 regions x 4 measure types x 2), with varied attributes, entry dates
and exits, by bulk inserts of raw rows (COPY on PostgreSQL). The counts the figures read
(`Tally`) are summed while the rows are generated and inserted in bulk; three projects are
then rebuilt with the application's ``tally_rebuild`` and must come out identical (with
``--rebuild`` every project is rebuilt that way: slower, the same result).

Then, in the same run, it measures
- the page: ``GET /kennzahlen/2025/`` as the ministry through Django's test client (all
  tables, charts and suppression of the overview), ``--rounds`` times after warming up;
- the raw SQL aggregate: the overview's numbers (entries and exits per region) by one
  ``GROUP BY`` on the participant table;
and checks that both give the same numbers. Goals: the page's 95th percentile under 150 ms,
and its median at most 1,5 times the raw aggregate's median. The ratio is judged only from
100 000 rows on (below that the raw query takes less than the page's fixed rendering cost).
Exit status 1 if a goal is missed or the numbers differ.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aqb.settings.test")

GOAL_P95_MS = 150.0
GOAL_RATIO = 1.5
JUDGE_RATIO_FROM = 100_000
PROJECTS_PER_MEASURE = 2
YEAR = 2025
COLUMNS = ("project_id", "year", "pseudonym", "pseudonym_kind", "entry_date", "exit_date",
           "last_entry_date", "entries", "gender", "birth_year", "scheme", "employment",
           "education", "nationality", "disability", "residence_ags", "part_time",
           "exit_reason", "outcome", "outcome_6m", "consent", "is_demo", "created_at",
           "updated_at")


def _fmt(value: float, places: int = 1) -> str:
    return f"{value:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _database(tmp: Path, keep: str | None = None) -> str:
    """Point Django at a throwaway database (or, with `keep`, a SQLite file kept for the next
    run); returns its description."""
    if "AQB_DATABASE_URL" not in os.environ:
        os.environ["AQB_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = keep or str(tmp / "bench-test.sqlite3")
        return f"SQLite ({db['TEST']['NAME']})"
    db.setdefault("TEST", {})["NAME"] = f"{db['NAME']}_bench_{os.getpid()}"
    return f"PostgreSQL ({db['HOST']}:{db['PORT']}, Datenbank {db['TEST']['NAME']})"


def _rows(projects: list[int], rows: int, areas: list[str]):
    """Deterministic, varied participant rows (as tuples in the order of COLUMNS)."""
    rnd = random.Random(10)
    genders, schemes = "wwwmmmdx", ["sgb2", "sgb2", "sgb3", "sgb8", "sgb12", "asylblg", "keiner"]
    employment = ["al", "lzal", "ne", "et", ""]
    education = ["isced02", "isced02", "isced34", "isced58", ""]
    nationality = ["de", "de", "de", "eu", "dritt", ""]
    outcomes = ["ausbildung", "beschaeftigung", "schule", "massnahme", "arbeitsuchend",
                "sonstiges", "unbekannt", ""]
    now = datetime.datetime.now(datetime.UTC)
    start = datetime.date(YEAR, 1, 1)
    for n in range(rows):
        entry = start + datetime.timedelta(days=rnd.randrange(365))
        left = rnd.random() < 0.6
        exit_date = entry + datetime.timedelta(days=rnd.randrange(20, 300)) if left else None
        consent = left and rnd.random() < 0.5
        yield (projects[n % len(projects)], YEAR, f"t:B{n}", "provider", entry, exit_date,
               None, 1, rnd.choice(genders), rnd.randrange(1960, 2010), rnd.choice(schemes),
               rnd.choice(employment), rnd.choice(education), rnd.choice(nationality),
               rnd.choice(["ja", "nein", "x", ""]), rnd.choice(areas),
               rnd.choice([True, False, None]),
               (rnd.choice(["regulaer", "vorzeitig"]) if left else ""),
               (rnd.choice(outcomes) if left else ""),
               (rnd.choice(outcomes) if consent else ""), consent, False, now, now)


class Tallies:
    """The counts of `aqb.monitoring.tally` summed from the rows as they are generated."""

    def __init__(self):
        from aqb.monitoring.vocab import age_band

        self.age_band = age_band
        self.cells: dict[tuple, list[int]] = {}

    def add(self, row) -> tuple:
        (project, _, _, _, entry, exit_date, _, _, gender, birth_year, scheme, employment,
         education, nationality, disability, residence, part_time, exit_reason, outcome,
         outcome_6m, *_) = row
        values = {"": "", "gender": gender, "age": self.age_band(entry.year - birth_year),
                  "scheme": scheme, "employment": employment, "education": education,
                  "nationality": nationality, "disability": disability,
                  "residence": residence,
                  "part_time": {True: "ja", False: "nein"}.get(part_time, ""),
                  "exit_reason": exit_reason, "outcome": outcome, "outcome_6m": outcome_6m}
        for n, day in ((0, entry), (1, exit_date)):
            if day is None:
                continue
            quarter = (day.month - 1) // 3 + 1
            for attribute, value in values.items():
                cell = self.cells.setdefault((project, day.year, quarter, attribute, value),
                                             [0, 0])
                cell[n] += 1
        return row

    def store(self, projects) -> None:
        from aqb.monitoring.models import Tally

        by_pk = {p.pk: p for p in projects}
        Tally.objects.bulk_create((
            Tally(project_id=pk, region_id=by_pk[pk].region_id,
                  measure_number=by_pk[pk].measure_number, year=YEAR, period_year=py,
                  quarter=q, attribute=attribute, value=value, entries=e, exits=x)
            for (pk, py, q, attribute, value), (e, x) in self.cells.items()),
            batch_size=5000)


def _tally_rows(project) -> set:
    from aqb.monitoring.models import Tally

    return set(Tally.objects.filter(project=project).values_list(
        "period_year", "quarter", "attribute", "value", "entries", "exits", "reentries"))


def _insert(rows, total: int) -> float:
    from django.db import connection, transaction

    began = time.perf_counter()
    table = "monitoring_participant"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for n, row in enumerate(rows, 1):
                    copy.write_row(row)
                    if n % 200_000 == 0:
                        print(f"   {_fmt(n, 0)} von {_fmt(total, 0)} Datensätzen", flush=True)
        else:
            sql = (f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES "
                   f"({', '.join(['%s'] * len(COLUMNS))})")
            batch = []
            for n, row in enumerate(rows, 1):
                batch.append(row)
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    batch = []
                if n % 200_000 == 0:
                    print(f"   {_fmt(n, 0)} von {_fmt(total, 0)} Datensätzen", flush=True)
            if batch:
                cursor.executemany(sql, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - began


def _seed(rows: int, rebuild: bool):
    from decimal import Decimal

    from django.db import transaction

    from aqb.accounts.models import Membership, Role, User
    from aqb.budgets.models import ProgrammeYear
    from aqb.monitoring.tally import tally_rebuild
    from aqb.projects.models import Project
    from aqb.regions.models import Region

    ProgrammeYear.objects.create(year=YEAR, total=Decimal("28700000"))
    regions = list(Region.objects.order_by("ags"))
    projects = [Project.objects.create(region=r, measure_number=m, first_year=YEAR,
                                       name=f"Projekt {r.ags}-{m}-{k}", short_name=f"P{k}")
                for r in regions for m in range(1, 5) for k in range(PROJECTS_PER_MEASURE)]
    print(f"== {_fmt(rows, 0)} Teilnehmende in {len(projects)} Projekte einfügen", flush=True)
    tallies = Tallies()
    generated = (tallies.add(row) for row in
                 _rows([p.pk for p in projects], rows, [r.ags for r in regions]))
    took = _insert(generated, rows)
    print(f"   eingefügt in {_fmt(took)} s", flush=True)
    began = time.perf_counter()
    with transaction.atomic():
        tallies.store(projects)
        checked = projects if rebuild else projects[:: max(1, len(projects) // 3)][:3]
        for project in checked:
            before = _tally_rows(project)
            tally_rebuild(project=project, year=YEAR)
            if _tally_rows(project) != before:
                raise SystemExit(f"Zählungen von {project.name} weichen von tally_rebuild ab.")
    print(f"   {_fmt(len(tallies.cells), 0)} Zählungen in {_fmt(time.perf_counter() - began)} s; "
          f"{len(checked)} Projekte mit tally_rebuild nachgerechnet: gleich", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":  # statistics and visibility map: index-only scans
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE monitoring_tally")
    user = User.objects.create_user(username="bench-ministerium", password="x" * 20)
    Membership.objects.create(user=user, role=Role.MINISTRY)
    return user


RAW_SQL = """
SELECT pr.region_id, COUNT(*), COUNT(pa.exit_date)
FROM monitoring_participant pa JOIN projects_project pr ON pr.id = pa.project_id
WHERE pa.year = %s
GROUP BY pr.region_id
"""


def _raw() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, [YEAR])
        return {(region,): [entries, exits] for region, entries, exits in cursor.fetchall()}


def _timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, -(-95 * len(ordered) // 100) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--smoke", action="store_true",
                        help="Zeiten nur zeigen, nicht bewerten (Funktionstest mit kleiner Größe)")
    parser.add_argument("--keep", metavar="DATEI",
                        help="SQLite-Datenbank in DATEI behalten und beim nächsten Lauf "
                             "wiederverwenden (zum Untersuchen; ohne Neuaufbau)")
    parser.add_argument("--rebuild", action="store_true",
                        help="alle Zählungen mit tally_rebuild je Projekt bilden (langsam)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aqb-bench-") as tmp:
        where = _database(Path(tmp), args.keep)
        from django.db import connection
        from django.test import Client
        print(f"== Datenbank: {where}", flush=True)
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                      serialize=False,
                                                      keepdb=bool(args.keep))
        try:
            return _run(args, Client)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0,
                                                keepdb=bool(args.keep))


def _run(args, client_class) -> int:
    from aqb.accounts.models import User
    from aqb.monitoring.figures import figure_counts

    user = User.objects.filter(username="bench-ministerium").first()
    if user is None:
        user = _seed(args.rows, args.rebuild)
    else:
        print("== Datenbank mit Daten aus einem früheren Lauf (--keep)")
    client = client_class()
    client.force_login(user)

    def page():
        response = client.get(f"/kennzahlen/{YEAR}/")
        assert response.status_code == 200, response.status_code

    status = 0
    same = figure_counts(user=user, year=YEAR, by=["region"]) == _raw()
    print(f"== Gleiche Zahlen (Seite/Zählungen und SQL auf den Datensätzen): "
          f"{'ja' if same else 'NEIN'}")
    if not same:
        status = 1
    for _ in range(3):
        page()
        _raw()
    page_ms = _timed(page, args.rounds)
    figures_ms = _timed(lambda: figure_counts(user=user, year=YEAR, by=["region", "gender"]),
                        args.rounds)
    raw_ms = _timed(_raw, max(5, args.rounds // 3))
    ratio = statistics.median(page_ms) / statistics.median(raw_ms)
    print(f"{'':32}{'Median':>10}{'95. Perz.':>12}")
    for label, values in (("Übersichtsseite (ganze Seite)", page_ms),
                          ("Kennzahl Gebiet × Geschlecht", figures_ms),
                          ("SQL GROUP BY auf Datensätzen", raw_ms)):
        print(f"{label:32}{_fmt(statistics.median(values)):>7} ms{_fmt(_p95(values)):>9} ms")
    p95 = _p95(page_ms)
    ok = p95 < GOAL_P95_MS
    print(f"Ziel 95. Perzentil der Seite < {_fmt(GOAL_P95_MS, 0)} ms: {_fmt(p95)} ms "
          f"{'erreicht' if ok else 'VERFEHLT'}")
    status |= 0 if ok or args.smoke else 1
    if args.rows >= JUDGE_RATIO_FROM:
        ok = ratio <= GOAL_RATIO
        print(f"Ziel Verhältnis Seite / SQL-Aggregat <= {_fmt(GOAL_RATIO)}: {_fmt(ratio, 2)} "
              f"{'erreicht' if ok else 'VERFEHLT'}")
        status |= 0 if ok or args.smoke else 1
    else:
        print(f"Verhältnis Seite / SQL-Aggregat: {_fmt(ratio, 2)} (nicht bewertet unter "
              f"{_fmt(JUDGE_RATIO_FROM, 0)} Datensätzen)")
    return status


if __name__ == "__main__":
    sys.exit(main())
