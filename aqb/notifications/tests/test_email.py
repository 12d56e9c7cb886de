"""Notifications reach a real SMTP server: German subject, plain text and HTML parts."""

import pytest
from django.core import mail

from aqb.notifications import services
from aqb.notifications.models import Choice, Email, Notification
from aqb.notifications.tests.smtp import free_port, smtp_server  # noqa: F401
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def jutta(db):
    user = make_user("jutta")
    user.first_name, user.last_name, user.email = "Jutta", "Müßig", "jutta@example.org"
    user.save()
    return user


def _notify(user, title="Prüfung der Zielvereinbarung für Waldeck-Frankenberg", **kw):
    return services.notify(user=user, kind="general", title=title,
                           body="Bitte prüfen Sie die Änderungen bis Freitag.",
                           url="/zielvereinbarungen/7/", **kw)


def test_an_immediate_notification_arrives_with_text_and_html(smtp_server, jutta):  # noqa: F811
    _notify(jutta)
    assert services.email_send_due() == 1

    [message] = smtp_server.messages
    assert smtp_server.subject(message) == \
        "[AQB] Prüfung der Zielvereinbarung für Waldeck-Frankenberg"
    assert message["To"] == "jutta@example.org"
    assert "aqb@example.org" in message["From"]
    parts = smtp_server.parts(message)
    assert set(parts) == {"text/plain", "text/html"}
    assert "Guten Tag Jutta Müßig" in parts["text/plain"]
    assert "Bitte prüfen Sie die Änderungen bis Freitag." in parts["text/plain"]
    assert "https://aqb.example.org/zielvereinbarungen/7/" in parts["text/plain"]
    assert '<a href="https://aqb.example.org/zielvereinbarungen/7/">' in parts["text/html"]
    assert 'lang="de"' in parts["text/html"]
    # sent once: a second run finds nothing due
    assert services.email_send_due() == 0
    assert len(smtp_server.messages) == 1


def test_notify_sends_after_the_transaction_commits(jutta, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(jutta)
    assert [m.subject for m in mail.outbox] == [
        "[AQB] Prüfung der Zielvereinbarung für Waldeck-Frankenberg"]
    assert Notification.objects.get().email == Email.SENT


def test_digest_collects_the_day_in_one_mail(smtp_server, jutta):  # noqa: F811
    services.preferences_set(actor=jutta, choices={"general": Choice.DIGEST})
    _notify(jutta, title="Erste Nachricht")
    _notify(jutta, title="Zweite Nachricht über Übergänge")
    assert services.email_send_due() == 0
    assert smtp_server.messages == []

    assert services.digest_send() == 1
    [message] = smtp_server.messages
    assert smtp_server.subject(message) == \
        "[AQB] Tägliche Zusammenfassung: 2 neue Benachrichtigungen"
    parts = smtp_server.parts(message)
    for text in ("Erste Nachricht", "Zweite Nachricht über Übergänge"):
        assert text in parts["text/plain"] and text in parts["text/html"]
    assert services.digest_send() == 0


def test_off_keeps_the_inbox_but_sends_nothing(smtp_server, jutta):  # noqa: F811
    services.preferences_set(actor=jutta, choices={"general": Choice.OFF})
    _notify(jutta)
    assert services.email_send_due() == 0 and services.digest_send() == 0
    assert smtp_server.messages == []
    assert Notification.objects.filter(user=jutta, read_at__isnull=True).count() == 1


def test_an_account_without_address_gets_the_inbox_only(smtp_server):  # noqa: F811
    user = make_user("ohne-adresse")
    _notify(user)
    assert services.email_send_due() == 0
    assert Notification.objects.get(user=user).email == Email.NONE


def test_a_mail_server_that_is_down_leaves_the_mail_due(settings, jutta):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    _notify(jutta)
    assert services.email_send_due() == 0
    assert Notification.objects.get().email == Email.DUE


def test_a_failed_mail_goes_out_on_the_next_run(smtp_server, settings, jutta):  # noqa: F811
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    _notify(jutta)
    assert services.email_send_due() == 0
    settings.EMAIL_PORT = port
    assert services.email_send_due() == 1
    assert len(smtp_server.messages) == 1


def test_a_key_delivers_a_reminder_once(jutta):
    assert _notify(jutta, key="general:x:2026-03-17") is not None
    assert _notify(jutta, key="general:x:2026-03-17") is None
    assert Notification.objects.filter(user=jutta).count() == 1


def test_an_unknown_choice_is_refused_in_german(jutta):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="sofort"):
        services.preferences_set(actor=jutta, choices={"general": "manchmal"})


def test_a_failing_reminder_does_not_stop_the_others(monkeypatch, jutta):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from aqb.notifications import registry

    def broken(day):
        raise ValueError("kaputt")

    def works(day):
        return 1 if _notify(jutta, key=f"general:works:{day}") else 0

    monkeypatch.setattr(registry, "REMINDERS", {"broken": broken, "works": works})
    with pytest.raises(CommandError, match="Diese Erinnerungen sind fehlgeschlagen.*broken"):
        call_command("reminders_send", "--date", "2026-03-17")
    assert Notification.objects.filter(user=jutta).count() == 1


def test_the_daily_work_is_on_the_workers_schedule(settings):
    from importlib import import_module

    paths = [path for path, _ in settings.AQB_SCHEDULE]
    for path in ("aqb.notifications.tasks.reminders_send", "aqb.notifications.tasks.digests_send"):
        assert path in paths
        module, name = path.rsplit(".", 1)
        assert callable(getattr(import_module(module), name).enqueue)
