"""Idle end of state staff sessions, and the password change at the first login.

Time is never waited for: the tests move the session's timestamps into the past."""

import io
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from aqb.accounts import services
from aqb.accounts.middleware import SESSION_END_KEY, SESSION_SEEN_KEY
from aqb.accounts.models import Role, User
from aqb.accounts.services import MembershipSpec
from aqb.audit.models import AuditEntry
from aqb.audit.selectors import audit_chain_verify
from conftest import make_user

PASSWORD = "geheim-und-lang-genug"
FIRST = "Kassel-Anfang-2025!"
OWN = "Mein-eigenes-Passwort-77"


def _login(client, username, password=PASSWORD):
    response = client.post("/anmelden/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _age(client, key, seconds):
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- idle timeout ----------------------------------------------------------------------------

@pytest.mark.parametrize("username,role", [("min", Role.MINISTRY), ("rp", Role.AUTHORITY)])
def test_a_state_session_ends_after_half_an_hour_without_a_request(db, client, username, role):
    make_user(username, role)
    _login(client, username)
    assert client.get("/protokoll/" if role == Role.MINISTRY else "/").status_code == 200
    _age(client, SESSION_SEEN_KEY, settings.AQB_STATE_SESSION_IDLE_SECONDS + 1)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    assert not logged_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Ihre Sitzung ist nach 30 Minuten ohne Aktivität abgelaufen" in page


def test_activity_keeps_a_state_session_alive(ministry_user, client):
    _login(client, "min")
    # 29 minutes quiet, then a request: the clock starts again
    _age(client, SESSION_SEEN_KEY, settings.AQB_STATE_SESSION_IDLE_SECONDS - 60)
    assert client.get("/protokoll/").status_code == 200
    assert time.time() - client.session[SESSION_SEEN_KEY] < 60
    assert client.get("/protokoll/").status_code == 200
    assert logged_in(client)


def test_background_polling_does_not_count_as_activity(ministry_user, client):
    _login(client, "min")
    _age(client, SESSION_SEEN_KEY, settings.AQB_STATE_SESSION_IDLE_SECONDS - 60)
    client.get("/", headers={"X-AQB-Background": "1"})
    quiet = settings.AQB_STATE_SESSION_IDLE_SECONDS - 60
    assert time.time() - client.session[SESSION_SEEN_KEY] >= quiet
    _age(client, SESSION_SEEN_KEY, settings.AQB_STATE_SESSION_IDLE_SECONDS + 1)
    assert client.get("/", headers={"X-AQB-Background": "1"}).status_code == 302
    assert not logged_in(client)


def test_the_last_request_is_written_at_most_once_a_minute(ministry_user, client):
    _login(client, "min")
    seen = client.session[SESSION_SEEN_KEY]
    _age(client, SESSION_SEEN_KEY, 10)
    ten_seconds_ago = client.session[SESSION_SEEN_KEY]
    client.get("/")
    assert client.session[SESSION_SEEN_KEY] == ten_seconds_ago != seen


def test_regions_and_providers_have_no_idle_end(region_user, provider_user):
    for name in ("wf", "tr"):
        client = Client()
        _login(client, name)
        assert SESSION_SEEN_KEY not in client.session
        assert SESSION_END_KEY not in client.session
        assert client.get("/").status_code == 200 and logged_in(client)


def test_the_working_day_limit_still_holds_for_an_active_session(ministry_user, client):
    _login(client, "min")
    _age(client, SESSION_END_KEY, 1)
    response = client.get("/")
    assert response.status_code == 302 and not logged_in(client)
    assert "nach einem Arbeitstag abgelaufen" in client.get(response["Location"]).content.decode()


# --- password change at the first login ------------------------------------------------------

def _user_add(username="rp-neu", role="authority"):
    out = io.StringIO()
    call_command("user_add", username, "--role", role, "--password-stdin",
                 stdin=io.StringIO(FIRST + "\n"), stdout=out)
    return out.getvalue()


def test_user_add_accounts_must_change_their_password(db):
    out = _user_add()
    assert "wählt die Person ein eigenes Passwort" in out
    assert User.objects.get(username="rp-neu").must_change_password
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.changes["Passwort bei der nächsten Anmeldung ändern"]["after"] == "ja"


def test_a_new_account_reaches_only_the_password_change_until_it_changed(db, client):
    _user_add()
    response = _login(client, "rp-neu", FIRST)
    assert response["Location"] == "/"
    for url in ("/", "/protokoll/", "/benutzerkonten/", "/konto/api-zugaenge/",
                "/konto/zwei-faktor/", "/api/v1/regions"):
        r = client.get(url)
        assert r.status_code == 302, url
        assert r["Location"].startswith("/konto/passwort/?next="), url
    page = client.get("/konto/passwort/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bitte wählen Sie zuerst ein eigenes Passwort" in text
    assert "Bisheriges Passwort" in text and "Neues Passwort wiederholen" in text
    # logout stays possible
    client.post("/abmelden/")
    assert not logged_in(client)


def test_the_change_checks_the_old_password_and_djangos_validators(db, client):
    _user_add()
    _login(client, "rp-neu", FIRST)

    def change(old, new, repeat=None):
        return client.post("/konto/passwort/", {"old_password": old, "password": new,
                                                "password_repeat": repeat or new})

    wrong = change("falsch", OWN)
    assert wrong.status_code == 400
    assert "Das bisherige Passwort stimmt nicht" in wrong.content.decode()
    short = change(FIRST, "kurz")
    assert short.status_code == 400 and "zu kurz" in short.content.decode()
    common = change(FIRST, "password1234")
    assert common.status_code == 400 and "zu üblich" in common.content.decode()
    same = change(FIRST, FIRST)
    assert "muss sich vom bisherigen unterscheiden" in same.content.decode()
    mismatch = change(FIRST, OWN, OWN + "x")
    assert "stimmen nicht überein" in mismatch.content.decode()
    user = User.objects.get(username="rp-neu")
    assert user.must_change_password and user.check_password(FIRST)
    assert not AuditEntry.objects.filter(action="user.password_change").exists()


def test_after_the_change_the_account_works_and_the_change_is_audited(db, client):
    _user_add()
    _login(client, "rp-neu", FIRST)
    response = client.post("/konto/passwort/?next=/protokoll/", {
        "old_password": FIRST, "password": OWN, "password_repeat": OWN, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in(client)  # the session stays valid after the own change
    assert client.get("/").status_code == 200
    user = User.objects.get(username="rp-neu")
    assert not user.must_change_password and user.check_password(OWN)
    entry = AuditEntry.objects.get(action="user.password_change")
    assert entry.actor == user and entry.summary == "Passwort selbst geändert"
    assert entry.changes == {"Passwort bei der nächsten Anmeldung ändern": {
        "before": "ja", "after": "nein"}}
    assert OWN not in str(entry.changes) and user.password not in str(entry.changes)
    assert audit_chain_verify() >= 2
    # a second login goes straight to work
    other = Client()
    _login(other, "rp-neu", OWN)
    assert other.get("/").status_code == 200


def test_next_never_leads_off_site(db, client):
    _user_add()
    _login(client, "rp-neu", FIRST)
    response = client.post("/konto/passwort/", {
        "old_password": FIRST, "password": OWN, "password_repeat": OWN,
        "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_ministrys_reset_of_another_account_requires_a_change(ministry_user, region_user):
    ministry = Client()
    ministry.force_login(ministry_user)
    response = ministry.post(f"/benutzerkonten/{region_user.pk}/passwort/",
                             {"password": FIRST, "password_repeat": FIRST})
    assert response.status_code == 302
    region_user.refresh_from_db()
    assert region_user.must_change_password
    client = Client()
    _login(client, "wf", FIRST)
    assert client.get("/").headers["Location"].startswith("/konto/passwort/")
    detail = ministry.get(f"/benutzerkonten/{region_user.pk}/").content.decode()
    assert "bei der nächsten Anmeldung zu ändern" in detail


def test_the_ministrys_own_reset_and_the_demo_accounts_need_no_change(ministry_user):
    services.user_set_password(actor=ministry_user, user=ministry_user, password=FIRST)
    ministry_user.refresh_from_db()
    assert not ministry_user.must_change_password
    demo = services.user_create(actor=services.SYSTEM, username="demo-x", password="demo",
                                check_password=False, must_change_password=False,
                                memberships=[MembershipSpec(role=Role.MINISTRY)])
    assert not demo.must_change_password


def test_accounts_the_ministry_creates_in_the_browser_must_change_too(ministry_user, region_wf):
    user = services.user_create(actor=ministry_user, username="neu", password=FIRST,
                                memberships=[MembershipSpec(role=Role.REGION, region=region_wf)])
    assert user.must_change_password


def test_every_logged_in_user_can_change_their_password(region_user, client):
    _login(client, "wf")
    assert client.get("/").status_code == 200
    page = client.get("/konto/passwort/")
    assert page.status_code == 200 and "Abbrechen" in page.content.decode()
    response = client.post("/konto/passwort/", {
        "old_password": PASSWORD, "password": OWN, "password_repeat": OWN})
    assert response.status_code == 302
    region_user.refresh_from_db()
    assert region_user.check_password(OWN)


def test_the_password_page_needs_a_login(client):
    response = client.get("/konto/passwort/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_state_staff_set_up_the_second_factor_first_then_change_the_password(db, settings):
    """The second factor guards the password change: a ministry account from user_add first
    sets up its factor (no redirect loop between the two gates), then chooses its password."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.AQB_2FA_REQUIRED = True
    _user_add("min-neu", "ministry")
    client = Client()
    _login(client, "min-neu", FIRST)
    assert client.get("/").headers["Location"].startswith("/konto/zwei-faktor/einrichten/")
    assert client.get("/konto/passwort/").headers["Location"].startswith(
        "/konto/zwei-faktor/einrichten/")
    assert client.get("/konto/zwei-faktor/einrichten/").status_code == 200
    device = TOTPDevice(key=client.session["aqb_totp_setup_key"])
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
    codes = client.post("/konto/zwei-faktor/einrichten/", {"code": code, "next": "/"})
    assert codes.status_code == 200 and "Notfallcodes" in codes.content.decode()
    assert client.get("/").headers["Location"].startswith("/konto/passwort/")
    client.post("/konto/passwort/", {"old_password": FIRST, "password": OWN,
                                     "password_repeat": OWN})
    assert client.get("/").status_code == 200
