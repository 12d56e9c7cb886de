#!/usr/bin/env bash
# Load test (`make loadtest`, docs/reliability.md "Last"):
#  1. a throwaway PostgreSQL cluster (as in scripts/test.sh; as root it installs postgresql
#     when missing), migrated, with the demo data (`aqb demo_load`) and API tokens for the
#     demo logins (`aqb api_token`);
#  2. the app under gunicorn (LOADTEST_WORKERS sync workers, default 4) on 127.0.0.1 and a
#     free port, plus one job worker (`aqb worker`);
#  3. locust headless and standalone (loadtest/locustfile.py): LOADTEST_USERS users (default
#     50), spawn rate LOADTEST_RATE (10) for LOADTEST_TIME (60s), only against 127.0.0.1;
#  4. a table of requests, failures and the 95th percentile per page kind (from locust's
#     *_stats.csv, kept under LOADTEST_OUT, default var/loadtest/).
# Exit status 1 on any failure or a 95th percentile above LOADTEST_P95_MS (500) ms.
# Everything started here is stopped on exit (trap).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
USERS=${LOADTEST_USERS:-50}
RATE=${LOADTEST_RATE:-10}
DURATION=${LOADTEST_TIME:-60s}
WORKERS=${LOADTEST_WORKERS:-4}
P95_MS=${LOADTEST_P95_MS:-500}
OUT=${LOADTEST_OUT:-$ROOT/var/loadtest}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "== Installiere Debian-Paket: postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends postgresql >/dev/null
  else
    echo "FEHLER: PostgreSQL fehlt (als root würde es installiert)." >&2
    exit 1
  fi
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

free_port() {
  .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

D=$(mktemp -d /tmp/aqb-load.XXXXXX)
chmod 755 "$D"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$D"
GUNICORN_PID=""
WORKER_PID=""
cleanup() {
  for pid in $GUNICORN_PID $WORKER_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $GUNICORN_PID $WORKER_PID; do
    wait "$pid" 2>/dev/null || true
  done
  as_pg "$PGBIN/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PGPORT=$(free_port)
as_pg "$PGBIN/initdb" -D "$D/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/pg.log" -w \
  -o "-k $D -c listen_addresses=127.0.0.1 -p $PGPORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres aqb
echo "== PostgreSQL ($("$PGBIN/postgres" --version)) auf 127.0.0.1:$PGPORT"

# The demo settings (DEBUG off, German error pages, second factor off for the demo logins,
# see README "Two-factor login"); files and uploads in the throwaway folder.
export DJANGO_SETTINGS_MODULE=aqb.settings.dev
export AQB_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/aqb"
export AQB_VAR_DIR="$D/var"
export AQB_2FA=aus
# 50 simulated users share the one address 127.0.0.1: the public API's per-client limit
# (120 a minute) would answer most of them with 429. The limit itself is tested elsewhere.
export AQB_PUBLIC_API_RATE=0
mkdir -p "$AQB_VAR_DIR"
AQB=.venv/bin/aqb

began=$(date +%s)
$AQB migrate --noinput -v 0
$AQB collectstatic --noinput -v 0
$AQB demo_load >"$D/demo.log" 2>&1 || { tail -30 "$D/demo.log" >&2; exit 1; }
echo "== Demodaten geladen in $(( $(date +%s) - began )) s"

# Tokens and the ids the journeys use (agreements, notices, projects of the demo).
TOK_MIN=$($AQB api_token ministerium --name Lasttest --days 1 2>/dev/null | tail -1)
TOK_REG=$($AQB api_token region-06635 --name Lasttest --days 1 2>/dev/null | tail -1)
TOK_PRO=$($AQB api_token traeger-demo --name Lasttest --days 1 2>/dev/null | tail -1)
export LOADTEST_TOKEN_MINISTRY=$TOK_MIN LOADTEST_TOKEN_REGION=$TOK_REG LOADTEST_TOKEN_PROVIDER=$TOK_PRO
export LOADTEST_DATA="$D/data.json"
PYTHONPATH="$ROOT" $AQB shell -v 0 -c "import json; from loadtest.data import ids; print(json.dumps(ids()))" | tail -1 > "$LOADTEST_DATA"
echo "== Ids der Demodaten in $LOADTEST_DATA"

PORT=$(free_port)
.venv/bin/gunicorn aqb.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --chdir "$ROOT" --preload --log-level warning --timeout 60 &
GUNICORN_PID=$!
$AQB worker --no-reload -v 0 &
WORKER_PID=$!
for _ in $(seq 1 300); do
  if .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null; then
    break
  fi
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "FEHLER: gunicorn hat sich beendet." >&2; exit 1; }
  sleep 0.2
done
echo "== gunicorn mit $WORKERS Workern auf http://127.0.0.1:$PORT, ein Auftrags-Worker"

mkdir -p "$OUT"
rm -f "$OUT"/lauf_*.csv
echo "== locust: $USERS Nutzende, $RATE je Sekunde hinzu, $DURATION"
status=0
.venv/bin/locust -f loadtest/locustfile.py --headless -u "$USERS" -r "$RATE" -t "$DURATION" \
  --host "http://127.0.0.1:$PORT" --only-summary --csv "$OUT/lauf" --exit-code-on-error 0 \
  --loglevel WARNING >"$OUT/locust.log" 2>&1 || status=$?
if [ "$status" != 0 ]; then
  echo "FEHLER: locust endete mit Status $status (Protokoll: $OUT/locust.log)" >&2
  tail -20 "$OUT/locust.log" >&2
  exit 1
fi
.venv/bin/python loadtest/summary.py "$OUT/lauf_stats.csv" "$OUT/lauf_failures.csv" \
  --p95-ms "$P95_MS"
