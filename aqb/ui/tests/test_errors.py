"""Error pages, the CSRF page and the favicon, as a visitor meets them with DEBUG off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[3]
DEBUG_PAGE_MARKERS = ("URLconf", "Traceback", "DEBUG = True", "Django tried these URL patterns")

pytestmark = pytest.mark.django_db


def _assert_german_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert f'<h1 class="kern-heading-large">{heading}</h1>' in page
    assert "kern/kern.min.css" in page  # KERN style, the site's header and footer
    assert "Zur Startseite" in page
    for marker in DEBUG_PAGE_MARKERS:
        assert marker not in page
    return page


@override_settings(ROOT_URLCONF="aqb.ui.tests.urls", DEBUG=False)
@pytest.mark.parametrize(("url", "status", "heading"), [
    ("/fehler/400/", 400, "Ungültige Anfrage"),
    ("/fehler/403/", 403, "Kein Zugriff"),
    ("/fehler/404/", 404, "Seite nicht gefunden"),
    ("/gibt-es-nicht/", 404, "Seite nicht gefunden"),
])
def test_each_error_page_is_german_and_in_kern_style(client, url, status, heading):
    _assert_german_page(client.get(url), status, heading)


@override_settings(ROOT_URLCONF="aqb.ui.tests.urls", DEBUG=False)
def test_a_crash_shows_the_german_500_page_without_details(ministry_user):
    client = Client(raise_request_exception=False)
    client.force_login(ministry_user)
    page = _assert_german_page(client.get("/fehler/500/"), 500, "Ein Fehler ist aufgetreten")
    assert "Absturz zum Test" not in page
    assert "RuntimeError" not in page


def test_a_form_sent_without_valid_csrf_token_gets_the_german_csrf_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/anmelden/", {"username": "x", "password": "y"})
    page = _assert_german_page(response, 403, "Formular abgelaufen")
    assert "nichts wurde gespeichert" in page
    assert "CSRF" not in page.split("<main", 1)[1]  # no jargon in what the visitor reads


def test_the_favicon_is_served_at_the_root_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "icon" in response["Content-Type"]
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="any">' in page
    assert 'favicon.svg" type="image/svg+xml"' in page
    svg = finders.find("aqb/favicon.svg")
    assert svg and Path(svg).read_text().startswith("<svg")


def test_the_demo_settings_run_with_debug_off():
    """`make run` uses aqb.settings.dev: DEBUG must be off unless AQB_DEBUG=1 asks for it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AQB_")}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    for extra, expected in (({}, "False"), ({"AQB_DEBUG": "1"}, "True")):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
            env={**env, **extra, "DJANGO_SETTINGS_MODULE": "aqb.settings.dev",
                 "AQB_VAR_DIR": str(ROOT / "var")})
        assert result.stdout.strip() == expected, result.stderr


def test_make_run_collects_static_files_for_whitenoise():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "collectstatic" in run
    assert "--insecure" not in run
