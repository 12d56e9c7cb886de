"""Programme years: total, earmarks, measure types, deadlines, strategy documents, allocations."""

from datetime import date
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}

DEFAULT_MEASURE_TYPES = {
    1: "Ausbildungsvorbereitung",
    2: "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
    3: "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
    4: "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der "
       "fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung",
}


class ProgrammeYear(models.Model):
    year = models.PositiveIntegerField(_("Jahr"), unique=True,
                                       validators=[MinValueValidator(2000)])
    total = models.DecimalField(_("Gesamtbetrag (Euro)"), **MONEY)
    application_deadline = models.DateField(_("Antragsfrist"), null=True, blank=True,
                                            help_text=_("Regelmäßig der 31. März des Jahres."))
    notes = models.TextField(_("Bemerkungen"), blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Programmjahr")
        verbose_name_plural = _("Programmjahre")

    def __str__(self) -> str:
        return f"AQB {self.year}"

    def default_deadline(self) -> date:
        return date(self.year, 3, 31)


class Earmark(models.Model):
    """A part of the total with its own purpose (Zweckbindung), e.g. Teilzeitausbildung."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE,
                                       related_name="earmarks")
    name = models.CharField(_("Bezeichnung"), max_length=200)
    amount = models.DecimalField(_("Betrag (Euro)"), **MONEY)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Zweckbindung")
        verbose_name_plural = _("Zweckbindungen")
        constraints = [models.UniqueConstraint(fields=["programme_year", "name"],
                                               name="earmark_unique_name")]

    def __str__(self) -> str:
        return self.name


class MeasureType(models.Model):
    """One of the four kinds of measure (Maßnahmearten); titles configurable per year."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE,
                                       related_name="measure_types")
    number = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Bezeichnung"), max_length=300)

    class Meta:
        ordering = ["programme_year", "number"]
        verbose_name = _("Maßnahmeart")
        verbose_name_plural = _("Maßnahmearten")
        constraints = [models.UniqueConstraint(fields=["programme_year", "number"],
                                               name="measure_type_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class StrategyDocument(models.Model):
    """A strategy or concept the year refers to (e.g. „Bündnis für Ausbildung 2025 bis 2029“)."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE,
                                       related_name="strategy_documents")
    title = models.CharField(_("Titel"), max_length=300)
    reference = models.CharField(_("Fundstelle"), max_length=500, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("Strategiedokument")
        verbose_name_plural = _("Strategiedokumente")

    def __str__(self) -> str:
        return self.title


class Allocation(models.Model):
    """The amount a region receives from a programme year."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE,
                                       related_name="allocations")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="allocations")
    amount = models.DecimalField(_("Betrag (Euro)"), **MONEY)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        ordering = ["programme_year", "region__ags"]
        verbose_name = _("Zuweisung")
        verbose_name_plural = _("Zuweisungen")
        constraints = [models.UniqueConstraint(fields=["programme_year", "region"],
                                               name="allocation_unique_region")]

    def __str__(self) -> str:
        return f"{self.region} {self.programme_year.year}"
