import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings

from aqb.accounts.models import LoginFailure
from conftest import make_user


def test_production_hashes_passwords_with_argon2():
    from aqb.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = make_password("x")
        assert identify_hasher(encoded).algorithm == "argon2"
        # Argon2id with OWASP's parameters: 19 MiB, time cost 2, parallelism 1
        assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.django_db
def test_hashes_with_django_defaults_still_verify_and_are_upgraded_at_login(client):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from aqb.settings import base

    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user = make_user("anna")
        user.password = Argon2PasswordHasher().encode("geheim-und-lang-genug",
                                                      Argon2PasswordHasher().salt())
        user.save(update_fields=["password"])
        assert "m=102400" in user.password
        response = client.post("/anmelden/", {"username": "anna",
                                              "password": "geheim-und-lang-genug"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.django_db
def test_it_logs_in_with_the_right_password(client):
    make_user("anna")
    response = client.post("/anmelden/", {"username": "anna",
                                          "password": "geheim-und-lang-genug"})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "anna"


@pytest.mark.django_db
def test_a_wrong_password_gets_a_german_message(client):
    make_user("anna")
    response = client.post("/anmelden/", {"username": "anna", "password": "falsch"})
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch" in response.content.decode()


PASSWORD = "geheim-und-lang-genug"


def attempt(client, username, password="falsch", ip="203.0.113.7"):
    return client.post("/anmelden/", {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_it_throttles_one_address_guessing_one_account(client):
    make_user("anna")
    for _ in range(settings.AQB_LOGIN_MAX_FAILURES):
        attempt(client, "anna")
    response = attempt(client, "anna", PASSWORD)
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.django_db
def test_strangers_cannot_lock_out_an_account_from_another_address(client):
    make_user("ministerium")
    for _ in range(settings.AQB_LOGIN_MAX_FAILURES * 3):
        attempt(client, "ministerium", ip="198.51.100.66")
    response = attempt(client, "ministerium", PASSWORD, ip="192.0.2.10")
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_stopped(client):
    make_user("zz-last")
    for n in range(settings.AQB_LOGIN_MAX_FAILURES_PER_ADDRESS):
        attempt(client, f"name{n}")
    response = attempt(client, "zz-last", PASSWORD)
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert not logged_in(client)
    # other addresses are not affected
    assert attempt(client, "zz-last", PASSWORD, ip="192.0.2.10").status_code == 302


@pytest.mark.django_db
def test_an_account_under_attack_from_many_addresses_is_refused_everywhere(client):
    make_user("ministerium")
    for n in range(settings.AQB_LOGIN_ATTACK_ADDRESSES):
        attempt(client, "ministerium", ip=f"198.51.100.{n + 1}")
    response = attempt(client, "ministerium", PASSWORD, ip="192.0.2.10")
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.django_db
def test_the_proxy_header_counts_only_when_configured(client, settings):
    make_user("anna")
    for n in range(settings.AQB_LOGIN_MAX_FAILURES):
        client.post("/anmelden/", {"username": "anna", "password": "x"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert LoginFailure.objects.filter(ip="10.0.0.1").count() == settings.AQB_LOGIN_MAX_FAILURES
    settings.AQB_TRUSTED_PROXIES = 1
    response = client.post("/anmelden/", {"username": "anna", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert response.status_code == 302  # the client behind the proxy is a new address
    assert LoginFailure.objects.filter(ip="192.0.2.10").count() == 0


@pytest.mark.django_db
def test_a_successful_login_clears_earlier_failures_of_that_address(client):
    make_user("anna")
    attempt(client, "anna")
    attempt(client, "anna", ip="198.51.100.66")
    attempt(client, "anna", PASSWORD)
    assert list(LoginFailure.objects.values_list("ip", flat=True)) == ["198.51.100.66"]


@pytest.mark.django_db
def test_a_failed_login_does_not_store_the_typed_name(client):
    attempt(client, "Mein-Passwort-2025!")
    row = LoginFailure.objects.get()
    stored = " ".join(str(v) for v in LoginFailure.objects.values().get().values())
    assert "mein-passwort" not in stored.lower()
    assert len(row.name_hash) == 64


@pytest.mark.django_db
def test_the_session_ends_when_the_browser_closes(client):
    make_user("anna")
    response = attempt(client, "anna", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]


@pytest.mark.django_db
def test_a_state_session_ends_after_a_working_day(client, ministry_user, region_user):
    import time

    from aqb.accounts.middleware import SESSION_END_KEY

    client.post("/anmelden/", {"username": "min", "password": PASSWORD})
    end = client.session[SESSION_END_KEY]
    assert end - time.time() == pytest.approx(settings.AQB_STATE_SESSION_SECONDS, abs=60)
    assert client.get("/protokoll/").status_code == 200
    session = client.session
    session[SESSION_END_KEY] = int(time.time()) - 1
    session.save()
    response = client.get("/protokoll/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    assert not logged_in(client)
    # a region's session has no working-day end (it ends with the browser)
    client.post("/anmelden/", {"username": "wf", "password": PASSWORD})
    assert SESSION_END_KEY not in client.session


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(client):
    make_user("anna")
    client.login(username="anna", password="geheim-und-lang-genug")
    client.post("/abmelden/")
    assert "_auth_user_id" not in client.session
