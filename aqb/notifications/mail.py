"""E-mails of notifications: German plain text with an HTML part, sent through Django's mail
backend (SMTP in production, settings from AQB_EMAIL_* in the environment)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from .models import Notification


def absolute(url: str) -> str:
    """A path of the application as a full address (AQB_BASE_URL), for e-mails and feeds."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.AQB_BASE_URL.rstrip("/") + "/" + url.lstrip("/")


def _message(user, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    context = {"user": user, "base_url": settings.AQB_BASE_URL.rstrip("/"),
               "preferences_url": absolute("/konto/benachrichtigungen/"), **context}
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email],
                                     from_email=settings.DEFAULT_FROM_EMAIL)
    message.attach_alternative(html, "text/html")
    return message


def _items(notifications: Sequence[Notification]) -> list[dict]:
    return [{"title": n.title, "body": n.body, "url": absolute(n.url), "created_at": n.created_at}
            for n in notifications]


def single(notification: Notification) -> EmailMultiAlternatives:
    return _message(notification.user, f"[AQB] {notification.title}", "single",
                    {"item": _items([notification])[0]})


def digest(user, notifications: Sequence[Notification]) -> EmailMultiAlternatives:
    n = len(notifications)
    words = "eine neue Benachrichtigung" if n == 1 else f"{n} neue Benachrichtigungen"
    return _message(user, f"[AQB] Tägliche Zusammenfassung: {words}", "digest",
                    {"items": _items(notifications), "words": words})


def connection():
    return get_connection(fail_silently=False)
