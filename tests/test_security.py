"""Security checks over the whole application (issue 13, item 5; docs/security.md).

- CSRF: every URL pattern refuses a POST of a logged-in ministry user without a token (the
  German "Formular abgelaufen" page, or 405), and nothing changes; the API refuses writes
  over the browser session without the token, a bearer token needs none;
- no open redirect through `next=` (login, logout, own password, second factor) or a
  notification's link;
- stored files are never served inline as HTML or SVG: every file field is planted with HTML
  and SVG under such names and every URL is opened;
- security headers on pages, errors, API answers, files, /healthz and static files, with the
  production settings' HSTS and X-Frame-Options;
- rate limits on login (audited lockout), on failed API tokens and on the public API;
- session fixation: new key at login and at the second factor, logout ends the session on
  the server;
- no password reset and no other way to learn whether an account exists;
- the lock file pins every package with `==` and sha256 hashes.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse

from aqb.accounts.models import LoginFailure, Role
from aqb.audit.models import AuditEntry
from conftest import make_user
from tests.test_url_access import OWN, build, row_counts, url_cases, world  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "geheim-und-lang-genug"
API = "/api/v1/"


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


# --- 1. CSRF ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_no_post_without_csrf_token_is_accepted_anywhere(world):  # noqa: F811
    """Every URL pattern, POSTed by a logged-in ministry user with a session but without the
    CSRF token: a page answers 403 with the German page (or 405 where POST is not taken), the
    API refuses (403 problem+json, or 405); no table changes."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["ministry"])
    # the samples create some objects on first use: build every URL before counting
    urls = [build(route, name, OWN, callback) for route, name, callback in url_cases()]
    before, audit_before = row_counts(), AuditEntry.objects.count()
    problems, seen = [], 0
    for url in urls:
        response = client.post(url, {"name": "X", "total": "1", "title": "X", "confirm": "ja",
                                     "aktiv": "nein", "code": "123456"})
        seen += 1
        if response.status_code == 405:
            continue
        body = _body(response)
        if url.startswith(API):
            if response.status_code != 403 or "CSRF" not in body:
                problems.append(f"POST {url}: {response.status_code} {body[:120]}")
        elif response.status_code != 403 or "Formular abgelaufen" not in body:
            problems.append(f"POST {url}: {response.status_code}")
    assert seen > 100
    after = row_counts()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not changed, f"POST ohne CSRF-Token hat etwas geändert: {changed}"
    assert AuditEntry.objects.count() == audit_before
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_api_writes_over_the_session_need_the_token_a_bearer_token_does_not(
        ministry_user, region_wf):
    from aqb.api.services import token_create

    client = Client(enforce_csrf_checks=True)
    client.force_login(ministry_user)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"{API}funding/applications", data="{}",
                                           content_type="application/json")
        assert response.status_code in (403, 405), (method, response.status_code)
        if response.status_code == 403:
            assert response["Content-Type"] == "application/problem+json"
            assert "CSRF" in response.json()["detail"]
            assert "Seite neu laden" in response.json()["detail"]  # German, says what to do
    # the same call with the session's token passes the CSRF check (and then validates)
    client.get("/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(f"{API}funding/applications", data="{}", content_type="application/json",
                           headers={"X-CSRFToken": token})
    assert response.status_code == 422
    # a bearer token has no cookie to ride on: no CSRF token needed
    _, text = token_create(actor=ministry_user, user=ministry_user, name="Skript")
    bearer = Client(enforce_csrf_checks=True)
    response = bearer.post(f"{API}funding/applications", data="{}", content_type="application/json",
                           headers={"Authorization": f"Bearer {text}"})
    assert response.status_code == 422


# --- 2. Open redirects ------------------------------------------------------------------------

EVIL = ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example",
        "javascript:alert(1)", "http:evil.example", "https:///evil.example", " //evil.example",
        "data:text/html,evil", "https://testserver.evil.example/"]


def _assert_local(response, what):
    """Redirected to a path of this site (not //host, not /\\host, no scheme)."""
    assert response.status_code == 302, (what, response.status_code)
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), \
        (what, location)
    assert "evil" not in location.lower(), (what, location)


@pytest.mark.django_db
def test_login_and_logout_send_nowhere_but_here(client):
    make_user("anna")
    for target in EVIL:
        c = Client()
        r = c.post("/anmelden/", {"username": "anna", "password": PASSWORD, "next": target})
        _assert_local(r, f"Anmeldung next={target}")
        r = c.get("/anmelden/", {"next": target})  # already logged in: redirected at once
        _assert_local(r, f"angemeldet next={target}")
        r = c.post("/abmelden/", {"next": target})
        assert r.status_code in (200, 302), target
        if r.status_code == 302:
            _assert_local(r, f"Abmeldung next={target}")
        else:
            assert "evil" not in r.content.decode()
    # a local target is honoured
    c = Client()
    r = c.post("/anmelden/", {"username": "anna", "password": PASSWORD,
                              "next": "/konto/passwort/"})
    assert r["Location"] == "/konto/passwort/"


@pytest.mark.django_db
def test_own_password_and_second_factor_send_nowhere_but_here(client):
    user = make_user("anna")
    client.force_login(user)
    new = "ein-ganz-neues-Passwort-42"
    for n, target in enumerate(EVIL):
        page = client.get("/konto/passwort/", {"next": target}).content.decode()
        assert "evil" not in page.lower(), target
        old, new = new if n else PASSWORD, f"ein-ganz-neues-Passwort-{n}"
        r = client.post("/konto/passwort/", {"old_password": old, "password": new,
                                             "password_repeat": new, "next": target})
        _assert_local(r, f"Passwort next={target}")
        # no device: the second factor's page sends on at once, to a local address only
        r = client.get("/anmelden/zweiter-faktor/", {"next": target})
        _assert_local(r, f"Zweiter Faktor next={target}")


@pytest.mark.django_db
def test_a_notification_link_never_leads_away(ministry_user, client):
    from aqb.notifications.models import Notification

    client.force_login(ministry_user)
    for target in EVIL:
        n = Notification.objects.create(user=ministry_user, kind="general", title="x",
                                        url=target)
        r = client.post(reverse("notifications:open", kwargs={"pk": n.pk}))
        _assert_local(r, f"Benachrichtigung url={target}")


# --- 3. Stored files --------------------------------------------------------------------------

MARK = "aqb-stored-xss"
HOSTILE = {
    "x.html": f"<!doctype html><html><script>alert('{MARK}')</script></html>".encode(),
    "x.svg": (f'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
              f'<text>{MARK}</text></svg>').encode(),
}
DANGEROUS_TYPES = {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml",
                   "application/xml", "text/javascript", "application/javascript"}
# File fields the application stores but never serves (kept as evidence of an import).
NOT_SERVED = {"agreements.Agreement.source_file"}


@pytest.mark.django_db
def test_stored_files_are_never_served_as_html_or_svg(world):  # noqa: F811
    """Every stored file of every file field becomes x.html or x.svg with script in it; every
    URL is opened by the ministry. Where the file comes back, it comes as an attachment,
    never with a type a browser would render as a document, and with nosniff."""
    planted: dict[str, int] = {}
    fields = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.FileField):
                continue
            label = f"{model._meta.label}.{field.name}"
            fields.add(label)
            for n, obj in enumerate(model._default_manager.exclude(**{field.name: ""})):
                name, content = list(HOSTILE.items())[n % 2]
                getattr(obj, field.name).save(name, ContentFile(content), save=True)
                planted[label] = planted.get(label, 0) + 1
    assert planted, "keine gespeicherten Dateien in der Welt des URL-Rundgangs"
    client = Client()
    client.force_login(world["users"]["ministry"])
    served, problems = set(), []
    for route, name, callback in url_cases():
        url = build(route, name, OWN, callback)
        response = client.get(url)
        body = _body(response)
        disposition = response.get("Content-Disposition", "")
        if disposition:
            if response.get("X-Content-Type-Options") != "nosniff":
                problems.append(f"{url}: Datei ohne nosniff")
        if MARK not in body or response.get("Content-Type", "").startswith("text/html") \
                and "&lt;" in body:
            continue
        served.add(name)
        kind = response.get("Content-Type", "").split(";")[0].strip().lower()
        if kind in DANGEROUS_TYPES:
            problems.append(f"{url}: gespeicherte Datei als {kind} ausgeliefert")
        if not disposition.startswith("attachment"):
            problems.append(f"{url}: gespeicherte Datei nicht als Anhang: {disposition!r}")
        if response.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{url}: gespeicherte Datei ohne nosniff")
    assert not problems, "\n".join(problems)
    # the walk found each stored file's download (else the check above proved nothing)
    assert fields - NOT_SERVED == set(SERVED_BY), f"Dateifeld ohne Eintrag in SERVED_BY: {fields}"
    assert set(SERVED_BY) <= set(planted), f"Dateifeld ohne Datei in der Welt: {planted}"
    assert set(SERVED_BY.values()) <= served, served


# Which URL serves each file field (the walk must reach it; a new file field needs a line).
SERVED_BY = {"agreements.Agreement.signed_file": "agreements:signed_file",
             "funding.Attachment.file": "funding:attachment",
             "conferences.ConferenceDocument.file": "conferences:document"}


# --- 4. Headers -------------------------------------------------------------------------------

def _production_settings(monkeypatch) -> dict:
    """The security values of settings/production.py, read from the module itself."""
    monkeypatch.setenv("AQB_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("AQB_AUDIT_KEY", "a" * 40)
    monkeypatch.setenv("AQB_PSEUDONYM_KEY", "p" * 40)
    monkeypatch.setenv("AQB_ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("AQB_SSL_REDIRECT", "false")
    production = importlib.reload(importlib.import_module("aqb.settings.production"))
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
             "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS",
             "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
             "CONTENT_SECURITY_POLICY")
    return {n: getattr(production, n) for n in names}


def _directives(value: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else ""
            for d in value.split("; ")}


def _assert_headers(response, url, *, hsts: bool):
    policy = response.get("Content-Security-Policy", "")
    assert policy, f"{url}: keine Content-Security-Policy"
    directives = _directives(policy)
    for source in ("script-src", "default-src"):
        value = directives.get(source, "")
        assert "unsafe-inline" not in value and "unsafe-eval" not in value, (url, policy)
    assert "script-src" not in directives or "'self'" in directives["script-src"]
    assert directives.get("frame-ancestors") == "'none'", url
    assert directives.get("object-src") == "'none'", url
    assert response.get("X-Frame-Options") == "DENY", url
    assert response.get("X-Content-Type-Options") == "nosniff", url
    assert response.get("Referrer-Policy") == "same-origin", url
    assert "camera=()" in response.get("Permissions-Policy", ""), url
    if hsts:
        assert response.get("Strict-Transport-Security") == \
            "max-age=31536000; includeSubDomains; preload", url
    else:
        assert "Strict-Transport-Security" not in response, url


@pytest.mark.django_db
def test_every_kind_of_response_carries_the_security_headers(monkeypatch, ministry_user,
                                                           region_user):
    from aqb.jobs.models import Job, JobStatus

    prod = _production_settings(monkeypatch)
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000 and prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    job = Job.objects.create(user=ministry_user, title="Export", task_path="x",
                             status=JobStatus.DONE, file="jobs/sicherheit.csv",
                             file_name="export.csv", file_type="text/csv")
    target = Path(settings.MEDIA_ROOT) / "jobs" / "sicherheit.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("a;b\n1;2\n")
    anonymous, ministry, region = Client(), Client(), Client()
    ministry.force_login(ministry_user)
    region.force_login(region_user)
    cases = [
        (anonymous, "/", 200), (anonymous, "/anmelden/", 200), (anonymous, "/gibt-es-nicht/", 404),
        (anonymous, "/healthz", None), (anonymous, "/static/aqb/aqb.css", None),
        (anonymous, f"{API}regions", 401), (anonymous, f"{API}public/datasets", 200),
        (anonymous, "/opendata/", 200),
        (ministry, "/", 200), (ministry, f"{API}regions", 200),
        (ministry, reverse("jobs:download", kwargs={"pk": job.pk}), 200),
        (region, "/benutzerkonten/", 403), (region, "/konto/passwort/", 200),
    ]
    with override_settings(**{k: v for k, v in prod.items() if k != "CONTENT_SECURITY_POLICY"}):
        for hsts in (True, False):
            for client, url, status in cases:
                response = client.get(url, secure=hsts)
                if status is not None:
                    assert response.status_code == status, (url, response.status_code)
                _assert_headers(response, url, hsts=hsts)
        response = anonymous.post("/anmelden/", {"username": "x", "password": "y"}, secure=True)
        _assert_headers(response, "POST /anmelden/", hsts=True)
    assert prod["CONTENT_SECURITY_POLICY"] == settings.CONTENT_SECURITY_POLICY


# --- 5. Rate limits ---------------------------------------------------------------------------

def _login(client, username, password="falsch", ip="203.0.113.7"):
    return client.post("/anmelden/", {"username": username, "password": password},
                       REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_login_lockout_per_account_and_address_is_german_and_audited(client):
    user = make_user("anna")
    for _ in range(settings.AQB_LOGIN_MAX_FAILURES):
        assert "Benutzername oder Passwort ist falsch" in _login(client, "anna").content.decode()
    r = _login(client, "anna", PASSWORD)  # even the right password now
    assert r.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in r.content.decode()
    assert "in 15 Minuten erneut" in r.content.decode()
    entry = AuditEntry.objects.get(action="Anmeldung vorübergehend gesperrt")
    assert entry.object_id == str(user.pk) and entry.actor_label == "System"
    assert "203.0.113.7" not in entry.summary + str(entry.changes)
    # another address is not locked out by a stranger's guesses
    assert _login(client, "anna", PASSWORD, ip="198.51.100.1").status_code == 302
    # one address spraying many names is stopped too, audited without the typed name
    spray = Client()
    for n in range(settings.AQB_LOGIN_MAX_FAILURES_PER_ADDRESS):
        _login(spray, f"name{n}", ip="192.0.2.9")
    r = _login(spray, "anna", PASSWORD, ip="192.0.2.9")
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in r.content.decode()
    unknown = AuditEntry.objects.filter(action="Anmeldung vorübergehend gesperrt",
                                        object_repr="unbekannter Benutzername")
    assert unknown.count() == 1 and "name" not in unknown.get().summary
    # the counter is in the database (LoginFailure), so every worker process sees it
    assert LoginFailure.objects.filter(ip="192.0.2.9").count() >= 20


@pytest.mark.django_db
def test_failed_api_tokens_lock_out_the_address(ministry_user, settings):
    from aqb.api.services import token_create

    settings.AQB_TOKEN_MAX_FAILURES_PER_ADDRESS = 3
    _, good = token_create(actor=ministry_user, user=ministry_user, name="Skript")
    client = Client()

    def call(token, ip="203.0.113.50"):
        return client.get(f"{API}regions", headers={"Authorization": f"Bearer {token}"},
                          REMOTE_ADDR=ip)

    assert call(good).status_code == 200
    for n in range(3):
        r = call(f"aqb_falsch{n}")
        assert r.status_code == 401 and r["Content-Type"] == "application/problem+json"
    r = call(good)  # refused even with a valid token: the address is locked for the window
    assert r.status_code == 429
    assert "Zu viele ungültige API-Token" in r.json()["detail"]
    assert call(good, ip="198.51.100.2").status_code == 200  # other clients unaffected
    # token failures do not lock the address out of the login form, nor the other way round
    make_user("anna")
    r = _login(client, "anna", PASSWORD, ip="203.0.113.50")
    assert r.status_code == 302


@pytest.mark.django_db
def test_public_api_is_rate_limited_per_client(settings):
    settings.AQB_PUBLIC_API_RATE = 3
    client = Client()
    for _ in range(3):
        assert client.get(f"{API}public/datasets", REMOTE_ADDR="203.0.113.60").status_code == 200
    r = client.get(f"{API}public/datasets", REMOTE_ADDR="203.0.113.60")
    assert r.status_code == 429 and int(r["Retry-After"]) >= 1
    assert "Zu viele Anfragen" in r.json()["detail"]
    assert client.get(f"{API}public/datasets", REMOTE_ADDR="203.0.113.61").status_code == 200


# --- 6. Session fixation ----------------------------------------------------------------------

def _planted_session(client) -> str:
    """An attacker's session key, set in the victim's browser before login."""
    session = client.session
    session["planted"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return session.session_key


@pytest.mark.django_db
def test_login_gives_a_new_session_and_logout_ends_it_on_the_server(client):
    make_user("anna")
    planted = _planted_session(client)
    assert _login(client, "anna", PASSWORD).status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert key != planted and not Session.objects.filter(session_key=planted).exists()
    # logout deletes the session on the server: its cookie, replayed, is worth nothing
    assert client.post("/abmelden/").status_code in (200, 302)
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    r = replay.get("/konto/passwort/")
    assert r.status_code == 302 and "/anmelden/" in r["Location"]


@pytest.mark.django_db
def test_the_second_factor_gives_a_new_session_key(settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.AQB_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user("min2fa", Role.MINISTRY)
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client = Client()
    assert _login(client, "min2fa", PASSWORD).status_code == 302
    after_password = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf_before = client.cookies.get(settings.CSRF_COOKIE_NAME)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
    r = client.post("/anmelden/zweiter-faktor/", {"code": code, "next": "/"})
    assert r.status_code == 302, r.content.decode()[:300]
    after_code = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after_code != after_password
    assert not Session.objects.filter(session_key=after_password).exists()
    csrf_after = client.cookies.get(settings.CSRF_COOKIE_NAME)
    assert csrf_after is not None and (csrf_before is None or
                                       csrf_after.value != csrf_before.value)
    assert client.get("/programmjahre/").status_code == 200  # verified in the new session


# --- 7. Account existence ---------------------------------------------------------------------

@pytest.mark.django_db
def test_no_password_reset_and_login_does_not_tell_whether_an_account_exists(client):
    """Accounts are managed by the ministry: there is no self-service reset (no URL for it),
    and a wrong password reads exactly like an unknown name, also for a deactivated account
    with the right password."""
    for route, name, _ in url_cases():
        text = f"{route} {name}".lower()
        assert not re.search(r"reset|vergessen|zuruecksetzen", text) or \
            name == "twofactor:reset", (route, name)  # the ministry's reset of another's factor
    make_user("anna")
    off = make_user("berta")
    off.is_active = False
    off.save()

    def answer(username, password):
        r = _login(Client(), username, password, ip=f"198.51.100.{len(username)}")
        page = r.content.decode()
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        return r.status_code, page.replace(username, "NAME")

    unknown = answer("niemand", "falsch")
    assert answer("anna", "falsch") == unknown
    assert answer("berta", PASSWORD) == unknown


# --- 8. Lock file -----------------------------------------------------------------------------

def test_every_dependency_is_pinned_with_a_hash():
    text = (ROOT / "requirements.lock").read_text()
    requirements = re.split(r"\n(?=\S)", text)  # one block per requirement (or comment)
    pinned = 0
    for block in requirements:
        if not block.strip() or block.lstrip().startswith("#"):
            continue
        head = block.split()[0]
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\],]+==[A-Za-z0-9_.+!\-]+", head), head
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), f"{head}: ohne Hash"
        pinned += 1
    assert pinned > 50
    makefile = (ROOT / "Makefile").read_text()
    assert "pip compile -q --generate-hashes" in makefile
    assert "pip sync" in makefile
