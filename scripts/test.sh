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

echo "== Testlauf 1/2: SQLite"
env -u AQB_DATABASE_URL $PYTEST "$@"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ]; then
  if [ "${CI:-}" = "true" ]; then echo "FEHLER: PostgreSQL fehlt (CI)." >&2; exit 1; fi
  echo "Hinweis: PostgreSQL nicht installiert, Testlauf 2/2 entfällt." >&2
  exit 0
fi

D=$(mktemp -d /tmp/aqb-pg.XXXXXX)
PORT=${AQB_TEST_PG_PORT:-55432}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$D"
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$D/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w \
  -o "-k $D -c listen_addresses=127.0.0.1 -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres aqb

echo "== Testlauf 2/2: PostgreSQL ($($PGBIN/postgres --version))"
AQB_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/aqb" $PYTEST "$@"
