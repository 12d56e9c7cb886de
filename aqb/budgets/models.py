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
    spending_years = models.PositiveSmallIntegerField(
        _("Verwendung über Kalenderjahre"), default=5,
        help_text=_("Wie viele Kalenderjahre die Mittel des Jahres abfließen dürfen "
                    "(z. B. 5: 2025 bis 2029)."))
    adopted_scenario = models.ForeignKey(
        "Scenario", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("übernommenes Szenario"))
    agreement_shows_targets = models.BooleanField(
        _("Ziele der Projekte im Dokument der Zielvereinbarung (§ 5) aufführen"), default=False)

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
    rule = models.CharField(_("Aufteilung"), max_length=10, default="none",
                            choices=[("none", _("noch nicht aufgeteilt")),
                                     ("key", _("eigener Verteilungsschlüssel")),
                                     ("fixed", _("feste Beträge"))])
    rule_description = models.CharField(_("Regel"), max_length=500, blank=True)

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


# --- planning: indicator data, scenarios, earmark parts ------------------------------------

class IndicatorSet(models.Model):
    """One upload of indicator values per region (Indikatordatei), kept as exact decimals.

    ``values``: AGS -> indicator -> value as decimal string (never float).
    """

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE,
                                       related_name="indicator_sets")
    name = models.CharField(_("Bezeichnung"), max_length=200)
    filename = models.CharField(_("Dateiname"), max_length=255, blank=True)
    indicators = models.JSONField(_("Indikatoren"), default=list)
    values = models.JSONField(_("Werte"), default=dict)
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["programme_year", "name"]
        verbose_name = _("Indikatordatensatz")
        verbose_name_plural = _("Indikatordatensätze")
        constraints = [models.UniqueConstraint(fields=["programme_year", "name"],
                                               name="indicator_set_unique_name")]

    def __str__(self) -> str:
        return self.name

    def decimal_values(self) -> dict[str, dict[str, Decimal]]:
        return {ags: {k: Decimal(v) for k, v in row.items()} for ags, row in self.values.items()}


class Scenario(models.Model):
    """A computed split of a total by an allocation key (Verteilungsszenario)."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE,
                                       related_name="scenarios")
    name = models.CharField(_("Bezeichnung"), max_length=200)
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT,
                                      related_name="scenarios")
    total = models.DecimalField(_("zu verteilender Betrag (Euro)"), **MONEY)
    weights = models.JSONField(_("Gewichte"), default=dict)
    floor = models.DecimalField(_("Mindestbetrag je Gebietskörperschaft (Euro)"), **MONEY)
    unit = models.DecimalField(_("Rundungseinheit (Euro)"), **MONEY)
    max_change = models.DecimalField(_("Änderungsgrenze gegenüber dem Vorjahr"), max_digits=6,
                                     decimal_places=4, null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["programme_year", "created_at", "pk"]
        verbose_name = _("Szenario")
        verbose_name_plural = _("Szenarien")
        constraints = [models.UniqueConstraint(fields=["programme_year", "name"],
                                               name="scenario_unique_name")]

    def __str__(self) -> str:
        return self.name


class ScenarioAmount(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="amounts")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("Betrag (Euro)"), **MONEY)
    score = models.CharField(_("Punktwert"), max_length=40)
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)

    class Meta:
        ordering = ["scenario", "region__ags"]
        constraints = [models.UniqueConstraint(fields=["scenario", "region"],
                                               name="scenario_amount_unique_region")]

    def __str__(self) -> str:
        return f"{self.scenario} {self.region_id}"


class EarmarkShare(models.Model):
    """A region's part of an earmark (Anteil an einer Zweckbindung)."""

    earmark = models.ForeignKey(Earmark, on_delete=models.CASCADE, related_name="shares")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("Betrag (Euro)"), **MONEY)

    class Meta:
        ordering = ["earmark", "region__ags"]
        constraints = [models.UniqueConstraint(fields=["earmark", "region"],
                                               name="earmark_share_unique_region")]

    def __str__(self) -> str:
        return f"{self.earmark} {self.region_id}"


class AllocationPart(models.Model):
    """Breakdown of an adopted allocation: the general part (earmark empty) and earmark parts."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="parts")
    earmark = models.ForeignKey(Earmark, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="allocation_parts")
    amount = models.DecimalField(_("Betrag (Euro)"), **MONEY)

    class Meta:
        ordering = ["allocation", "earmark__name"]
        # NULL is never equal to NULL in a unique index (SQLite and PostgreSQL alike), so the
        # general part (earmark empty) needs its own conditional constraint.
        constraints = [
            models.UniqueConstraint(fields=["allocation", "earmark"],
                                    condition=models.Q(earmark__isnull=False),
                                    name="allocation_part_unique_earmark"),
            models.UniqueConstraint(fields=["allocation"],
                                    condition=models.Q(earmark__isnull=True),
                                    name="allocation_part_unique_general"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} {self.earmark or 'allgemein'}"


# --- changes during the year ---------------------------------------------------------------

class ChangeKind(models.TextChoices):
    CUT = "cut", _("Kürzung")
    INCREASE = "increase", _("Erhöhung")
    SHIFT = "shift", _("Umschichtung")


class AllocationChange(models.Model):
    """A dated change of allocations during the year; never edited, never deleted."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.PROTECT,
                                       related_name="allocation_changes")
    kind = models.CharField(_("Art"), max_length=10, choices=ChangeKind.choices)
    effective_date = models.DateField(_("wirksam ab"))
    reason = models.TextField(_("Begründung"))
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("erfasst von"))

    class Meta:
        ordering = ["programme_year", "effective_date", "pk"]
        verbose_name = _("Änderung im Jahresverlauf")
        verbose_name_plural = _("Änderungen im Jahresverlauf")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d.%m.%Y}"


class AllocationChangeLine(models.Model):
    """One region's (and part's) delta of a change, with the figures before and after."""

    change = models.ForeignKey(AllocationChange, on_delete=models.PROTECT, related_name="lines")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    earmark = models.ForeignKey(Earmark, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    delta = models.DecimalField(_("Änderung (Euro)"), max_digits=14, decimal_places=2)
    part_before = models.DecimalField(_("Teilbetrag vorher"), **MONEY)
    part_after = models.DecimalField(_("Teilbetrag nachher"), **MONEY)
    region_before = models.DecimalField(_("Zuweisung vorher"), **MONEY)
    region_after = models.DecimalField(_("Zuweisung nachher"), **MONEY)

    class Meta:
        ordering = ["change", "region__ags", "pk"]

    def __str__(self) -> str:
        return f"{self.change} {self.region_id} {self.delta}"


# --- tranches: cash per calendar year ------------------------------------------------------

class CashPlanEntry(models.Model):
    """Planned outflow of one year's allocation (tranche) in one calendar year."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE,
                                       related_name="cash_plan")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    calendar_year = models.PositiveIntegerField(_("Kalenderjahr"))
    amount = models.DecimalField(_("Betrag (Euro)"), **MONEY)

    class Meta:
        ordering = ["programme_year", "region__ags", "calendar_year"]
        verbose_name = _("Kassenplan")
        verbose_name_plural = _("Kassenpläne")
        constraints = [models.UniqueConstraint(
            fields=["programme_year", "region", "calendar_year"], name="cash_plan_unique_year")]

    def __str__(self) -> str:
        return f"{self.programme_year} {self.region_id} {self.calendar_year}"
