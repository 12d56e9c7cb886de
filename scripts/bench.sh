#!/usr/bin/env bash
# Benchmark of the agreement renderers: 26 PDFs with Typst against LibreOffice (DOCX -> PDF).
# As root it installs LibreOffice Writer (libreoffice-writer-nogui) when soffice is missing.
# Arguments go to bench/render_agreements.py (e.g. --rounds 3, --skip-libreoffice).
set -euo pipefail
cd "$(dirname "$0")/.."

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

DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-aqb.settings.test}" \
  exec .venv/bin/python bench/render_agreements.py "$@"
