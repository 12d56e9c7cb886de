"""Notifications of one user (the inbox), the user's choice per kind, the calendar token.

A notification belongs to one user, never to a region: what it says was decided by the
reminder that addressed it (see `registry.py` and docs/notifications.md). `key` makes a
reminder idempotent: the same object, kind and day reaches a user once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Choice(models.TextChoices):
    IMMEDIATE = "immediate", _("sofort")
    DIGEST = "digest", _("tägliche Zusammenfassung")
    OFF = "off", _("aus")


class Email(models.TextChoices):
    """What is to happen (or happened) with the e-mail of one notification."""

    NONE = "none", _("keine E-Mail")
    DUE = "due", _("wird sofort gesendet")
    DIGEST = "digest", _("kommt in die Zusammenfassung")
    SENT = "sent", _("gesendet")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications", verbose_name=_("Benutzerkonto"))
    kind = models.CharField(_("Art"), max_length=60)
    title = models.CharField(_("Betreff"), max_length=300)
    body = models.TextField(_("Text"), blank=True)
    url = models.CharField(_("Verweis"), max_length=500, blank=True,
                           help_text=_("Pfad der Seite des Objekts, z. B. /zielvereinbarungen/3/"))
    key = models.CharField(_("Schlüssel"), max_length=200, blank=True,
                           help_text=_("Art, Objekt und Tag einer Erinnerung: nur einmal je "
                                       "Benutzerkonto."))
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelesen"), null=True, blank=True)
    email = models.CharField(_("E-Mail"), max_length=10, choices=Email.choices,
                             default=Email.NONE)
    emailed_at = models.DateTimeField(_("E-Mail gesendet"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        indexes = [models.Index(fields=["user", "read_at"]),
                   models.Index(fields=["email", "user"])]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""),
                                               name="notification_once_per_key")]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """A user's choice for one kind; without a row the kind's default holds."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences",
                             verbose_name=_("Benutzerkonto"))
    kind = models.CharField(_("Art"), max_length=60)
    choice = models.CharField(_("E-Mail"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [models.UniqueConstraint(fields=["user", "kind"],
                                               name="preference_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.choice}"


class CalendarToken(models.Model):
    """The secret of a user's calendar feed; only its SHA-256 is stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_token", verbose_name=_("Benutzerkonto"))
    token_hash = models.CharField(_("Prüfsumme des Schlüssels"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Kalenderzugang")
        verbose_name_plural = _("Kalenderzugänge")

    def __str__(self) -> str:
        return f"Kalender {self.user}"
