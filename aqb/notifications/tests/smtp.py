"""A real SMTP server on localhost (aiosmtpd) for the tests: Django's SMTP backend talks to it
over TCP, and the test reads what arrived."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 Message accepted for delivery"

    @staticmethod
    def subject(message) -> str:
        """The subject as a mail program shows it (Django folds a long encoded subject onto
        the next line; the parser keeps the folding space in front)."""
        return str(message["Subject"]).strip()

    def parts(self, message) -> dict[str, str]:
        """content type -> decoded text of each part of a message."""
        return {part.get_content_type(): part.get_content()
                for part in message.walk() if not part.is_multipart()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Start the server and point Django's SMTP backend at it; yields its inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "AQB Hessen <aqb@example.org>"
    try:
        yield inbox
    finally:
        controller.stop()
