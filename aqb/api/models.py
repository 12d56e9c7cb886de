"""Personal API tokens: only a hash of the token is stored."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("Benutzerkonto"))
    name = models.CharField(_("Bezeichnung"), max_length=100)
    prefix = models.CharField(_("Anfang des Tokens"), max_length=12,
                              help_text=_("Zum Wiedererkennen; das Token selbst wird nicht "
                                          "gespeichert."))
    key_hash = models.CharField(_("Prüfwert"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_valid(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return "widerrufen"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "abgelaufen"
        return "gültig"


class RateWindow(models.Model):
    """Requests of one client to the public API within one minute (rate limit, shared by all
    worker processes). `client` is a keyed hash of the address, never the address itself;
    windows older than the previous minute are deleted when a client opens a new one."""

    client = models.CharField(_("Client (Prüfwert der Adresse)"), max_length=32)
    minute = models.BigIntegerField(_("Minute (seit 1970)"))
    hits = models.PositiveIntegerField(_("Anfragen"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "minute"],
                                               name="api_ratewindow_client_minute")]
        indexes = [models.Index(fields=["minute"], name="api_ratewindow_minute")]
        verbose_name = _("Zählfenster der öffentlichen Schnittstelle")
        verbose_name_plural = _("Zählfenster der öffentlichen Schnittstelle")

    def __str__(self) -> str:
        return f"{self.client[:8]}… {self.minute}: {self.hits}"
