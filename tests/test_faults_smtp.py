"""Fault: the mail server is down. Notifications are kept queued (not lost, no crash, one
attempt to connect per run, not one per e-mail); once the server (a real aiosmtpd on
localhost) is up, the next run of the worker's retry task sends each of them exactly once —
immediate e-mails and a daily summary whose run failed."""

from __future__ import annotations

import datetime

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from aqb.notifications import services, tasks
from aqb.notifications.models import Choice, Email, Notification, Preference
from aqb.notifications.tests.smtp import Inbox, free_port
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server(settings):
    """The address of a mail server that is not running yet; `.start()` brings it up."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    class Server:
        inbox = Inbox()
        controller = None

        def start(self):
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port)
            self.controller.start()

    server = Server()
    yield server
    if server.controller is not None:
        server.controller.stop()


def _users(n: int, choice: str = Choice.IMMEDIATE):
    users = []
    for i in range(n):
        user = make_user(f"post{i}")
        user.email = f"post{i}@example.org"
        user.save()
        Preference.objects.update_or_create(user=user, kind="general",
                                            defaults={"choice": choice})
        users.append(user)
    return users


def _notify(user, title="Neue Aufgabe"):
    return services.notify(user=user, kind="general", title=title, body="Bitte ansehen.",
                           url="/")


def test_immediate_mails_wait_for_the_server_and_go_out_once(mail_server,
                                                             django_capture_on_commit_callbacks):
    users = _users(3)
    with django_capture_on_commit_callbacks(execute=True):  # notify sends after the commit
        for user in users:
            _notify(user)
    assert Notification.objects.filter(email=Email.DUE).count() == 3  # kept, not lost
    assert tasks.emails_retry.call() == {"immediate": 0, "digests": 0}  # still down: no crash
    assert Notification.objects.filter(email=Email.DUE).count() == 3

    mail_server.start()
    assert tasks.emails_retry.call()["immediate"] == 3
    assert tasks.emails_retry.call()["immediate"] == 0  # nothing twice
    assert sorted(m["To"] for m in mail_server.inbox.messages) == \
        [u.email for u in users]
    assert not Notification.objects.exclude(email=Email.SENT).exists()


def test_a_failed_daily_summary_goes_out_later_the_same_day(mail_server, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    (user,) = _users(1, Choice.DIGEST)
    _notify(user, "Erste")
    _notify(user, "Zweite")
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    assert services.digest_send() == 0  # the 06:30 run, server down
    assert Notification.objects.filter(email=Email.DIGEST).count() == 2

    mail_server.start()
    assert tasks.emails_retry.call()["digests"] == 1
    assert tasks.emails_retry.call()["digests"] == 0
    assert len(mail_server.inbox.messages) == 1
    assert "2 neue Benachrichtigungen" in Inbox.subject(mail_server.inbox.messages[0])


def test_one_connection_attempt_per_run_not_one_per_mail(mail_server, monkeypatch):
    from aqb.notifications import mail

    for user in _users(5):
        Notification.objects.create(user=user, kind="general", title="x", email=Email.DUE)
    opened = []
    real = mail.connection

    def counting():
        opened.append(1)
        return real()

    monkeypatch.setattr(mail, "connection", counting)
    assert services.email_send_due() == 0
    assert len(opened) == 1


def test_the_retry_runs_on_the_workers_schedule(settings):
    assert ("aqb.notifications.tasks.emails_retry", "every 10 minutes") in settings.AQB_SCHEDULE
