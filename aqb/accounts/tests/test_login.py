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
        assert identify_hasher(make_password("x")).algorithm == "argon2"


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


@pytest.mark.django_db
def test_it_throttles_after_repeated_failures(client):
    make_user("anna")
    for _ in range(settings.AQB_LOGIN_MAX_FAILURES):
        client.post("/anmelden/", {"username": "anna", "password": "falsch"})
    response = client.post("/anmelden/", {"username": "anna",
                                          "password": "geheim-und-lang-genug"})
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_successful_login_clears_earlier_failures(client):
    make_user("anna")
    client.post("/anmelden/", {"username": "anna", "password": "falsch"})
    client.post("/anmelden/", {"username": "anna", "password": "geheim-und-lang-genug"})
    assert not LoginFailure.objects.filter(username="anna").exists()


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(client):
    make_user("anna")
    client.login(username="anna", password="geheim-und-lang-genug")
    client.post("/abmelden/")
    assert "_auth_user_id" not in client.session
