"""The 26 regions (Gebietskörperschaften), the ministry with its names over time, the granting
authority and the regions' signatories."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aqb.german.grammar import NameForms, name_forms


class RegionKind(models.TextChoices):
    DISTRICT = "landkreis", _("Landkreis")
    CITY = "kreisfreie_stadt", _("kreisfreie Stadt")


class Region(models.Model):
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=5, unique=True)
    name = models.CharField(
        _("Bezeichnung"), max_length=100,
        help_text=_("Selbstbezeichnung, wie sie in Dokumenten steht, z. B. „Kreis Bergstraße“."),
    )
    official_name = models.CharField(_("Name in den Geodaten des Landes"), max_length=100)
    kind = models.CharField(_("Art"), max_length=20, choices=RegionKind.choices)
    seat = models.CharField(_("Sitz"), max_length=100)
    regierungsbezirk = models.CharField(_("Regierungsbezirk"), max_length=50)
    nominative_override = models.CharField(
        _("Nominativ (abweichend)"), max_length=120, blank=True,
        help_text=_("Nur ausfüllen, wenn die Regel falsch ist, z. B. „der Landkreis X“."))
    dative_override = models.CharField(_("Dativ (abweichend)"), max_length=120, blank=True)
    genitive_override = models.CharField(_("Genitiv (abweichend)"), max_length=120, blank=True)

    class Meta:
        ordering = ["ags"]
        verbose_name = _("Gebietskörperschaft")
        verbose_name_plural = _("Gebietskörperschaften")

    def __str__(self) -> str:
        return self.name

    @property
    def forms(self) -> NameForms:
        """Grammatical forms: by rule from the designation, each overridable."""
        try:
            ruled = name_forms(self.name)
        except ValueError:
            ruled = NameForms(self.name, self.name, self.name)
        return NameForms(
            nominative=self.nominative_override or ruled.nominative,
            dative=self.dative_override or ruled.dative,
            genitive=self.genitive_override or ruled.genitive,
        )

    @property
    def is_city(self) -> bool:
        return self.kind == RegionKind.CITY


class MinistryName(models.Model):
    """The ministry in charge of the programme, as named in a period."""

    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzform"), max_length=20)
    minister = models.CharField(_("Ministerin/Minister"), max_length=100, blank=True)
    minister_title = models.CharField(_("Amtsbezeichnung"), max_length=100, blank=True)
    seat = models.CharField(_("Sitz"), max_length=100, default="Wiesbaden")
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("Name des Ministeriums")
        verbose_name_plural = _("Namen des Ministeriums")
        constraints = [
            models.CheckConstraint(
                name="ministry_name_period_ordered",
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})"

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to)


class GrantingAuthority(models.Model):
    """The authority that grants and pays for all regions (Regierungspräsidium Kassel)."""

    name = models.CharField(_("Name"), max_length=200)
    department = models.CharField(_("Dezernat"), max_length=100, blank=True)
    street = models.CharField(_("Straße"), max_length=200, blank=True)
    postal_code = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Bewilligungsbehörde")
        verbose_name_plural = _("Bewilligungsbehörden")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postal_code} {self.city}".strip()] if p)


class Signatory(models.Model):
    """A person who signs for a region (Landrat, Oberbürgermeister, Erster Kreisbeigeordneter)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="signatories",
                               verbose_name=_("Gebietskörperschaft"))
    name = models.CharField(_("Name"), max_length=150)
    title = models.CharField(_("Amtsbezeichnung"), max_length=150)
    place = models.CharField(_("Ort der Unterzeichnung"), max_length=100, blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True)

    class Meta:
        ordering = ["region__ags", "-valid_from", "name"]
        verbose_name = _("Unterzeichnende Person")
        verbose_name_plural = _("Unterzeichnende Personen")

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"
