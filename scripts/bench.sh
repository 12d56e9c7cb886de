#!/usr/bin/env bash
# Benchmarks (`make bench`):
#  1. reading agreements of growing size (TXT, DOCX, PDF): time ratio per size doubling,
#     goal <= 3 (linear is about 2), see bench/read_agreements.py;
#  2. rendering 26 PDFs with Typst against LibreOffice (DOCX -> PDF); as root it installs
#     LibreOffice Writer (libreoffice-writer-nogui) when soffice is missing;
#  3. importing participant files (bench/participants_import.py): 100 000 rows against a raw
#     python-calamine read plus bulk insert (goal: ratio <= 2), and the peak memory of
#     importing 1 000 000 rows (goal < 300 MB);
#  4. the ministry's participant figures of one year with 1 000 000 records: p95 < 150 ms and
#     at most 1.5 x the raw SQL aggregate (bench/monitoring_overview.py; SQLite, or the
#     PostgreSQL server AQB_DATABASE_URL points to);
#  5. a public page (default /oeffentlich/regionen/06635/, option --path) under gunicorn
#     against a bare Django view in the same run: at least half its requests per second, and
#     later answers from the cache (bench/public_pages.py; SQLite, or AQB_DATABASE_URL).
# `scripts/bench.sh lesen`, `scripts/bench.sh teilnehmende [ARGS]`, `scripts/bench.sh
# kennzahlen [ARGS]`, `scripts/bench.sh oeffentlich [ARGS]` or `scripts/bench.sh rendern
# [ARGS]` runs one of them; further arguments go to that script (e.g. --rounds 3,
# --skip-libreoffice; --rows 200000 for the figures; --path /opendata/ for the public page).
# Exit status 1 if any goal is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-aqb.settings.test}"

which="alle"
if [ "${1:-}" = "lesen" ] || [ "${1:-}" = "rendern" ] || [ "${1:-}" = "teilnehmende" ] \
    || [ "${1:-}" = "kennzahlen" ] || [ "${1:-}" = "oeffentlich" ]; then
  which="$1"
  shift
fi

status=0
if [ "$which" = "teilnehmende" ]; then
  echo "== Teilnehmende einlesen: Import gegen Rohlesen plus Masseneinfügen; Speicher"
  .venv/bin/python bench/participants_import.py "$@" || status=1
  exit "$status"
fi
if [ "$which" = "kennzahlen" ]; then
  echo "== Kennzahlen: Übersicht des Ministeriums mit 1 Mio. Teilnehmenden"
  .venv/bin/python bench/monitoring_overview.py "$@" || status=1
  exit "$status"
fi
if [ "$which" = "oeffentlich" ]; then
  echo "== Öffentliche Seite unter gunicorn gegen eine nackte Django-View"
  .venv/bin/python bench/public_pages.py "$@" || status=1
  exit "$status"
fi
if [ "$which" = "alle" ]; then
  echo "== Öffentliche Seite unter gunicorn gegen eine nackte Django-View"
  .venv/bin/python bench/public_pages.py || status=1
  echo "== Teilnehmende einlesen: Import gegen Rohlesen plus Masseneinfügen; Speicher"
  .venv/bin/python bench/participants_import.py || status=1
  echo "== Kennzahlen: Übersicht des Ministeriums mit 1 Mio. Teilnehmenden"
  .venv/bin/python bench/monitoring_overview.py || status=1
fi
if [ "$which" != "rendern" ]; then
  echo "== Einlesen: Laufzeit je Verdopplung der Größe"
  .venv/bin/python bench/read_agreements.py || status=1
fi
[ "$which" = "lesen" ] && exit "$status"

if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "== Installiere Debian-Paket: libreoffice-writer-nogui"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q libreoffice-writer-nogui >/dev/null
  else
    echo "Hinweis: soffice fehlt; als root würde libreoffice-writer-nogui installiert." >&2
  fi
fi

echo "== Rendern: 26 PDFs mit Typst gegen LibreOffice"
.venv/bin/python bench/render_agreements.py "$@" || status=1
exit "$status"
