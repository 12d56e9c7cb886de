"""Two-factor login through HTTP: setup, verification, backup codes, reset, demo switch."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aqb.accounts.models import Role
from aqb.audit.models import AuditEntry
from conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-und-lang-genug"


@pytest.fixture(autouse=True)
def required(settings):
    settings.AQB_2FA_REQUIRED = True
    # django-otp delays the next try after a failure (1 s, doubling); tests do not wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def login(username) -> Client:
    c = Client()
    r = c.post("/anmelden/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302, r.content.decode()[:500]
    return c


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


def set_up(c: Client, user) -> list[str]:
    c.get("/konto/zwei-faktor/einrichten/")
    device = TOTPDevice(key=c.session["aqb_totp_setup_key"])
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
    r = c.post("/konto/zwei-faktor/einrichten/", {"code": code, "next": "/"})
    assert r.status_code == 200
    return re.findall(r"<code>(\w+)</code>", r.content.decode())


def test_state_staff_must_set_up_the_second_factor_before_anything_else():
    user = make_user("min2fa", Role.MINISTRY)
    c = login("min2fa")
    r = c.get("/programmjahre/")
    assert r.status_code == 302 and r["Location"].startswith("/konto/zwei-faktor/einrichten/")
    page = c.get("/konto/zwei-faktor/einrichten/").content.decode()
    assert "<svg" in page and "QR-Code für die Authenticator-App" in page
    assert "vorgeschrieben" in page

    r = c.post("/konto/zwei-faktor/einrichten/", {"code": "000000"})
    assert r.status_code == 400 and "Der Code stimmt nicht" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    codes = set_up(c, user)
    assert len(codes) == 10
    assert c.get("/programmjahre/").status_code == 200
    entry = AuditEntry.objects.filter(action="Zwei-Faktor-Anmeldung eingerichtet").get()
    assert entry.object_id == str(user.pk)
    assert not any(code in str(entry.changes) + entry.summary for code in codes)


def test_next_login_asks_for_a_code_and_backup_codes_work_once():
    user = make_user("rp2fa", Role.AUTHORITY)
    codes = set_up(login("rp2fa"), user)

    c = login("rp2fa")
    r = c.get("/programmjahre/")
    assert r["Location"].startswith("/anmelden/zweiter-faktor/")
    r = c.post("/anmelden/zweiter-faktor/", {"code": "123456", "next": "/programmjahre/"})
    assert r.status_code == 400 and "Der Code stimmt nicht" in r.content.decode()
    r = c.post("/anmelden/zweiter-faktor/", {"code": codes[0], "next": "/programmjahre/"})
    assert r.status_code == 302 and r["Location"] == "/programmjahre/"
    assert c.get("/programmjahre/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9

    again = login("rp2fa")
    r = again.post("/anmelden/zweiter-faktor/", {"code": codes[0]})
    assert r.status_code == 400
    device = TOTPDevice.objects.get(user=user)
    r = again.post("/anmelden/zweiter-faktor/", {"code": code_for(device, offset=1),
                                                  "next": "https://boese.example/"})
    assert r.status_code == 302 and r["Location"] == "/"


def test_wrong_codes_are_throttled(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    user = make_user("rp-throttle", Role.AUTHORITY)
    set_up(login("rp-throttle"), user)
    c = login("rp-throttle")
    for _ in range(3):
        c.post("/anmelden/zweiter-faktor/", {"code": "000000"})
    device = TOTPDevice.objects.get(user=user)
    r = c.post("/anmelden/zweiter-faktor/", {"code": code_for(device, offset=1)})
    assert r.status_code == 400 and "Zu viele falsche Codes" in r.content.decode()


def test_regions_may_but_need_not_use_it_and_may_switch_it_off(region_wf):
    user = make_user("wf2fa", Role.REGION, region=region_wf)
    c = login("wf2fa")
    assert c.get("/programmjahre/").status_code == 200
    assert "freiwillig" in c.get("/konto/zwei-faktor/").content.decode()
    set_up(c, user)
    assert login("wf2fa").get("/programmjahre/").status_code == 302
    r = c.post("/konto/zwei-faktor/ausschalten/", follow=True)
    assert "ist ausgeschaltet" in r.content.decode()
    assert login("wf2fa").get("/programmjahre/").status_code == 200
    assert AuditEntry.objects.filter(action="Zwei-Faktor-Anmeldung ausgeschaltet").exists()


def test_staff_cannot_switch_it_off():
    user = make_user("min-off", Role.MINISTRY)
    c = login("min-off")
    set_up(c, user)
    r = c.post("/konto/zwei-faktor/ausschalten/", follow=True)
    assert "vorgeschrieben" in r.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_ministry_resets_a_lost_factor_audited():
    lost = make_user("rp-lost", Role.AUTHORITY)
    set_up(login("rp-lost"), lost)
    admin = make_user("min-admin", Role.MINISTRY)
    c = login("min-admin")
    set_up(c, admin)
    page = c.get(f"/benutzerkonten/{lost.pk}/").content.decode()
    assert f"/benutzerkonten/{lost.pk}/zwei-faktor/zuruecksetzen/" in page
    r = c.post(f"/benutzerkonten/{lost.pk}/zwei-faktor/zuruecksetzen/")
    assert r.status_code == 302
    assert not TOTPDevice.objects.filter(user=lost).exists()
    assert not StaticToken.objects.filter(device__user=lost).exists()
    entry = AuditEntry.objects.filter(action="Zwei-Faktor-Anmeldung zurückgesetzt").get()
    assert entry.actor_id == admin.pk and entry.object_id == str(lost.pk)
    r = login("rp-lost").get("/programmjahre/")
    assert r["Location"].startswith("/konto/zwei-faktor/einrichten/")

    r = c.post(f"/benutzerkonten/{admin.pk}/zwei-faktor/zuruecksetzen/")
    assert r.status_code == 400 and "andere Person des Ministeriums" in r.content.decode()


def test_only_the_ministry_resets(region_wf):
    target = make_user("rp-t", Role.AUTHORITY)
    set_up(login("rp-t"), target)
    rp = make_user("rp-other", Role.AUTHORITY)
    c = login("rp-other")
    set_up(c, rp)
    assert c.post(f"/benutzerkonten/{target.pk}/zwei-faktor/zuruecksetzen/").status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()


def test_the_demo_says_on_the_login_page_that_the_factor_is_off(settings):
    settings.AQB_2FA_REQUIRED = False
    page = Client().get("/anmelden/").content.decode()
    assert "Demobetrieb: zweiter Faktor ausgeschaltet" in page
    user = make_user("min-demo", Role.MINISTRY)
    assert login("min-demo").get("/programmjahre/").status_code == 200
    settings.AQB_2FA_REQUIRED = True
    assert "Demobetrieb" not in Client().get("/anmelden/").content.decode()
    assert user.pk


def test_production_requires_it():
    import importlib
    import os

    os.environ.setdefault("AQB_SECRET_KEY", "x" * 60)
    from aqb.settings import base

    assert base.AQB_2FA_REQUIRED is True
    assert importlib.import_module("aqb.settings.base").OTP_TOTP_ISSUER == "AQB Hessen"
