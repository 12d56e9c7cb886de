"""Projects a region funds under the four measure types; funding and monitoring attach here."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="projects", verbose_name=_("Gebietskörperschaft"))
    measure_number = models.PositiveSmallIntegerField(
        _("Maßnahmeart"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    name = models.CharField(_("Name"), max_length=300)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    provider = models.ForeignKey("accounts.Provider", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="projects",
                                 verbose_name=_("Träger"))
    planned_amount = models.DecimalField(
        _("geplante Mittel (Euro)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))])
    planned_participants = models.PositiveIntegerField(_("geplante Teilnehmende"), null=True,
                                                       blank=True)
    first_year = models.PositiveIntegerField(_("von Jahr"))
    last_year = models.PositiveIntegerField(_("bis Jahr"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        ordering = ["region__ags", "measure_number", "name"]
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        constraints = [
            models.CheckConstraint(name="project_years_ordered",
                                   condition=Q(last_year__isnull=True)
                                   | Q(last_year__gte=F("first_year"))),
        ]

    def __str__(self) -> str:
        return self.label

    def runs_in(self, year: int) -> bool:
        """Whether the project runs in programme year `year` (open-ended without a last
        year)."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def label(self) -> str:
        """As listed in an agreement: "AVIA (Aktivierung und Vermittlung von Migranten)"."""
        if self.short_name and self.short_name != self.name:
            return f"{self.short_name} ({self.name})"
        return self.name
