#!/usr/bin/env bash
# The whole suite: once on SQLite, once on a throwaway PostgreSQL cluster.
# As root it installs the Debian packages the tests need (PostgreSQL server, Chromium).
# With CI=true a missing PostgreSQL or browser is an error, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/pytest"

need_pkgs=()
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_pkgs+=(postgresql)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== Installiere Debian-Pakete: ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    echo "Hinweis: ${need_pkgs[*]} fehlt; als root würde es installiert." >&2
  fi
fi

if [ "${CI:-}" = "true" ]; then
  export AQB_REQUIRE_BROWSER=1 AQB_REQUIRE_POSTGRES=1
  command -v chromium >/dev/null || { echo "FEHLER: Chromium fehlt (CI)." >&2; exit 1; }
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ]; then
  if [ "${CI:-}" = "true" ]; then echo "FEHLER: PostgreSQL fehlt (CI)." >&2; exit 1; fi
  echo "Hinweis: PostgreSQL nicht installiert, nur Testlauf 1/2 (SQLite)." >&2
  echo "== Testlauf 1/2: SQLite"
  exec env -u AQB_DATABASE_URL $PYTEST "$@"
fi

D=$(mktemp -d /tmp/aqb-pg.XXXXXX)
PORT=${AQB_TEST_PG_PORT:-55432}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$D"
pg_pid=""
cleanup() {
  [ -n "$pg_pid" ] && kill "$pg_pid" 2>/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$D"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$D/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w \
  -o "-k $D -c listen_addresses=127.0.0.1 -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres aqb
PG_URL="postgres://postgres@127.0.0.1:$PORT/aqb"
# The browser tests (about 60 % of a run: each loads the demo) run once, on SQLite; on
# PostgreSQL every other test runs. AQB_TEST_BROWSER_ON_POSTGRES=1 runs them there too.
PG_ARGS=(-m "not browser")
[ "${AQB_TEST_BROWSER_ON_POSTGRES:-}" = 1 ] && PG_ARGS=()
PG_TITLE="== Testlauf 2/2: PostgreSQL ($($PGBIN/postgres --version))"

# Both runs at the same time when the machine has two cores or more (AQB_TEST_PARALLEL=0: one
# after the other). Each pytest process is single-threaded; side by side they halve the wall
# time of `make test` (README, "Tests"). The PostgreSQL run writes to a log shown afterwards.
parallel=${AQB_TEST_PARALLEL:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
if [ "$parallel" = 1 ]; then
  echo "== Testlauf 1/2 (SQLite) und 2/2 (PostgreSQL) laufen gleichzeitig;"
  echo "   die Ausgabe des PostgreSQL-Laufs folgt nach dem SQLite-Lauf."
  AQB_DATABASE_URL="$PG_URL" $PYTEST -p no:cacheprovider "${PG_ARGS[@]}" "$@" > "$D/pytest-pg.log" 2>&1 &
  pg_pid=$!
  echo "== Testlauf 1/2: SQLite"
  sqlite_rc=0
  env -u AQB_DATABASE_URL $PYTEST "$@" || sqlite_rc=$?
  pg_rc=0
  wait "$pg_pid" || pg_rc=$?
  pg_pid=""
  echo
  echo "$PG_TITLE"
  cat "$D/pytest-pg.log"
  [ "$sqlite_rc" = 0 ] || echo "FEHLER: Testlauf 1/2 (SQLite) fehlgeschlagen (Status $sqlite_rc)." >&2
  [ "$pg_rc" = 0 ] || echo "FEHLER: Testlauf 2/2 (PostgreSQL) fehlgeschlagen (Status $pg_rc)." >&2
  [ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
  exit
fi

echo "== Testlauf 1/2: SQLite"
env -u AQB_DATABASE_URL $PYTEST "$@"
echo "$PG_TITLE"
AQB_DATABASE_URL="$PG_URL" $PYTEST "${PG_ARGS[@]}" "$@"
