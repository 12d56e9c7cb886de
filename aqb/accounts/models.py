"""Users, providers (Träger) and memberships. Who may do what is decided in `policy.py`."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    # Set when someone else chose the password (`aqb user_add`, the ministry); the holder
    # reaches nothing but the password change until they chose their own
    # (accounts.middleware.PasswordChangeGate).
    must_change_password = models.BooleanField(_("Muss Passwort ändern"), default=False)

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Provider(models.Model):
    """A provider (Bildungs- oder Beschäftigungsträger): an organisation with its own users."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Träger")
        verbose_name_plural = _("Träger")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MINISTRY = "ministry", _("Ministerium")
    AUTHORITY = "authority", _("Bewilligungsbehörde")
    REGION = "region", _("Gebietskörperschaft")
    PROVIDER = "provider", _("Träger")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("Benutzerkonto"))
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="memberships", verbose_name=_("Gebietskörperschaft"))
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="memberships", verbose_name=_("Träger"))

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role__in=["ministry", "authority"], region__isnull=True,
                             provider__isnull=True)
                    | models.Q(role="region", region__isnull=False, provider__isnull=True)
                    | models.Q(role="provider", provider__isnull=False, region__isnull=True)
                ),
            ),
            # NULLs are distinct in unique indexes on both engines, so one rule per scope,
            # each over non-null columns only (partial unique indexes on SQLite and PostgreSQL).
            models.UniqueConstraint(fields=["user", "role"],
                                    condition=models.Q(role__in=["ministry", "authority"]),
                                    name="membership_unique_state"),
            models.UniqueConstraint(fields=["user", "region"],
                                    condition=models.Q(role="region"),
                                    name="membership_unique_region"),
            models.UniqueConstraint(fields=["user", "provider"],
                                    condition=models.Q(role="provider"),
                                    name="membership_unique_provider"),
        ]

    def __str__(self) -> str:
        scope = self.region or self.provider or ""
        return f"{self.user}: {self.get_role_display()} {scope}".strip()


class LoginFailure(models.Model):
    """One failed login; used for throttling (see backends.ThrottledModelBackend).

    The typed name is kept only as a keyed hash: it may match no account (a typo, or a password
    typed into the name field) and must not be stored in clear."""

    name_hash = models.CharField(max_length=64, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Fehlgeschlagene Anmeldung")
        verbose_name_plural = _("Fehlgeschlagene Anmeldungen")

    def __str__(self) -> str:
        return f"{self.ip or '–'} {self.at:%d.%m.%Y %H:%M}"
