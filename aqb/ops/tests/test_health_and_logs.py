"""/healthz (states only, 200 or 503) and structured logs with a request id."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from aqb.jobs.services import heartbeat_beat
from aqb.ops import health
from aqb.ops.logs import JsonFormatter, RequestIdFilter, RequestIdMiddleware


@pytest.mark.django_db
def test_healthz_is_503_until_a_worker_beats_and_200_after(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True, "pending": 0}
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["heartbeat_age_seconds"] is None

    heartbeat_beat(worker_id="w1", now=timezone.now() - timedelta(seconds=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["worker"]["ok"] is True
    assert 30 <= body["checks"]["worker"]["heartbeat_age_seconds"] < 180
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_a_stale_worker(client, settings):
    heartbeat_beat(worker_id="w1", now=timezone.now() - timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    monkeypatch.setattr(health, "database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False,
                                                     "message": "Datenbank nicht erreichbar"}


@pytest.mark.django_db
def test_healthz_reports_pending_migrations(client, monkeypatch):
    heartbeat_beat(worker_id="w1")
    monkeypatch.setattr(health, "pending_migrations", lambda: 2)
    body = client.get("/healthz").json()
    assert body["checks"]["migrations"] == {"ok": False, "pending": 2}
    assert body["status"] == "fail"


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    passed = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234-abcd")
    assert passed["X-Request-ID"] == "proxy-1234-abcd"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n<script>')
    assert forged["X-Request-ID"] != 'x"\n<script>' and len(forged["X-Request-ID"]) == 32


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.lines.append(self.format(record))


def test_log_lines_are_json_with_the_request_id_of_their_request():
    handler = _Collect()
    logger = logging.getLogger("aqb.test.logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def view(request):
        logger.info("Zuweisung %s berechnet", 2025, extra={"region": "06635"})
        try:
            raise ValueError("kaputt")
        except ValueError:
            logger.exception("Fehler")
        return HttpResponse("ok")

    try:
        response = RequestIdMiddleware(view)(RequestFactory().get("/"))
        logger.info("außerhalb")
    finally:
        logger.removeHandler(handler)
    first, error, outside = (json.loads(line) for line in handler.lines)
    assert first["message"] == "Zuweisung 2025 berechnet"
    assert first["level"] == "INFO" and first["logger"] == "aqb.test.logs"
    assert first["region"] == "06635"
    assert first["request_id"] == response["X-Request-ID"] == error["request_id"]
    assert "ValueError: kaputt" in error["exception"]
    assert outside["request_id"] == "-"
    assert outside["time"].endswith("+00:00")


def test_production_logs_are_json_lines():
    """The production settings themselves: what the application logs arrives as JSON."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "aqb.settings.production",
           "AQB_SECRET_KEY": "s" * 60, "AQB_AUDIT_KEY": "a" * 40,
           "AQB_PSEUDONYM_KEY": "p" * 40,
           "AQB_ALLOWED_HOSTS": "aqb.example", "AQB_DATABASE_URL": "sqlite:///:memory:"}
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('aqb.jobs').info('Auftrag %s fertig', 7)")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "Auftrag 7 fertig"
    assert line["level"] == "INFO" and line["request_id"] == "-"
