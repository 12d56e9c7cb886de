# AQB platform. `make run` starts the demo, `make test` runs the whole suite (SQLite + PostgreSQL).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
AQB := $(VENV)/bin/aqb
STAMP := $(VENV)/.installed
export UV_PYTHON_DOWNLOADS := never
UV = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")

.PHONY: lock install run test test-sqlite test-postgres bench loadtest lint clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 oder neuer wird benötigt"'
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install -q uv
	@test -x $(VENV)/bin/python || $(UV) venv -q --python "$$(command -v $(PYTHON))" $(VENV)
	$(UV) pip sync -q --python $(VENV)/bin/python requirements.lock
	$(UV) pip install -q --python $(VENV)/bin/python --no-deps -e .
	@touch $(STAMP)

# Regenerate the lock file after changing pyproject.toml.
lock:
	$(UV) pip compile -q --generate-hashes pyproject.toml --extra dev -o requirements.lock

run: install
	@mkdir -p var
	$(AQB) migrate --noinput -v 0
	$(AQB) collectstatic --noinput -v 0
	$(AQB) demo_load
	@echo
	@echo "  AQB läuft auf http://127.0.0.1:8000/ (DEBUG aus: Fehlerseiten wie im Betrieb;"
	@echo "  AQB_DEBUG=1 make run zeigt Djangos Debug-Seite)"
	@echo "  Demo-Anmeldungen (Passwort jeweils: demo):"
	@echo "    ministerium    – Hessisches Ministerium (sieht alles)"
	@echo "    rp-kassel      – Regierungspräsidium Kassel, Dezernat 57"
	@echo "    region-06635   – Landkreis Waldeck-Frankenberg"
	@echo "    traeger-demo   – Träger (eigene Projekte)"
	@echo "  Hintergrunddienst (aqb worker) läuft mit und endet mit dem Server."
	@echo
	@$(AQB) worker --no-reload -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(AQB) runserver 127.0.0.1:8000

test: install
	bash scripts/test.sh

bench: install
	bash scripts/bench.sh

# 50 simulated users for 60 s against gunicorn + PostgreSQL on 127.0.0.1 (docs/reliability.md).
loadtest: install
	bash scripts/loadtest.sh

lint: install
	$(VENV)/bin/ruff check aqb tests
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache
