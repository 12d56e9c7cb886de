"""Every response carries the Content Security Policy, Referrer-Policy and
Permissions-Policy; no template holds inline script or style (the policy would block it)."""

import re
from pathlib import Path

import pytest
from django.test import Client

from aqb.settings.base import BASE_DIR

CSP = ("default-src 'self'; object-src 'none'; img-src 'self' data:; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


def _directives(value: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in value.split("; ")}


def _assert_headers(response, url):
    policy = response.get("Content-Security-Policy")
    assert policy, f"{url}: keine Content-Security-Policy"
    assert _directives(policy) == _directives(CSP), url
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["Referrer-Policy"] == "same-origin", url
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, (url, feature)
    assert response["X-Content-Type-Options"] == "nosniff", url


@pytest.mark.django_db
def test_public_pages_errors_static_files_and_the_api_carry_the_headers(client):
    for url in ("/", "/anmelden/", "/veroeffentlicht/zielvereinbarungen/", "/gibt-es-nicht/",
                "/static/aqb/aqb.css", "/api/v1/openapi.json", "/api/v1/docs",
                "/api/v1/regions"):
        response = client.get(url)
        assert response.status_code in (200, 401, 404), url
        _assert_headers(response, url)


def test_pages_of_each_role_carry_the_headers(ministry_user, authority_user, region_user,
                                              provider_user):
    for user, urls in ((ministry_user, ["/", "/benutzerkonten/", "/protokoll/"]),
                       (authority_user, ["/"]), (region_user, ["/", "/konto/passwort/"]),
                       (provider_user, ["/", "/konto/api-zugaenge/"])):
        client = Client()
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            _assert_headers(response, url)


def test_a_post_and_a_redirect_carry_the_headers(region_user, client):
    client.force_login(region_user)
    response = client.post("/abmelden/")
    assert response.status_code == 302
    _assert_headers(response, "/abmelden/")


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:",
                    re.I)


def test_no_template_holds_inline_script_style_or_handlers():
    """What the policy blocks must not be written in the first place. Exceptions: the
    standalone agreement file, whose stylesheet is allowed by its hash, and the HTML parts of
    e-mails (mail programs need inline styles; no page serves them under the policy)."""
    allowed = {BASE_DIR / "agreements/templates/agreements/document_standalone.html"}
    problems = []
    for path in sorted(Path(BASE_DIR).glob("*/templates/**/*.html")):
        if path in allowed or "email" in path.relative_to(BASE_DIR).parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if INLINE.search(line):
                problems.append(f"{path.relative_to(BASE_DIR)}:{n}: {line.strip()[:100]}")
    assert not problems, "\n".join(problems)
