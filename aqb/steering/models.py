"""Steering (Steuerung): the ministry's settings of a programme year for the goal assessment
and its recorded adjustments of targets (docs/steering.md).

Targets themselves are part of the agreement (`AgreementProject.planned_participants`,
`planned_amount`, `outcome_target`); actuals come from funding and monitoring. This app keeps
only what steering itself decides.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Course(models.TextChoices):
    LINEAR = "linear", _("gleichmäßig über die Laufzeit")
    CASH = "cash", _("nach dem Kassenplan")


PERCENT = {"max_digits": 5, "decimal_places": 2,
           "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]}


class SteeringYear(models.Model):
    """Thresholds of the ratings and the part-year course of one programme year. A year
    without a row uses the defaults (90 %, 70 %, linear)."""

    programme_year = models.OneToOneField("budgets.ProgrammeYear", on_delete=models.CASCADE,
                                          related_name="steering",
                                          verbose_name=_("Programmjahr"))
    on_track_from = models.DecimalField(_("im Plan ab (Prozent)"), default=Decimal("90"),
                                        **PERCENT)
    watch_from = models.DecimalField(_("beobachten ab (Prozent)"), default=Decimal("70"),
                                     **PERCENT)
    course = models.CharField(_("unterjährige Erwartung"), max_length=10,
                              choices=Course.choices, default=Course.LINEAR)

    class Meta:
        verbose_name = _("Steuerung eines Programmjahres")
        verbose_name_plural = _("Steuerung der Programmjahre")
        constraints = [models.CheckConstraint(
            name="steering_thresholds_ordered", condition=Q(watch_from__lte=F("on_track_from")))]

    def __str__(self) -> str:
        return f"Steuerung {self.programme_year_id}"


class TargetAdjustment(models.Model):
    """The ministry's own adjustment of a region's targets for a year, instead of the pro-rata
    rule (current allocation ÷ agreed amount). Never changed: a new row supersedes the
    previous one; `factor` empty means "back to pro rata". The latest row counts."""

    programme_year = models.ForeignKey("budgets.ProgrammeYear", on_delete=models.PROTECT,
                                       related_name="target_adjustments",
                                       verbose_name=_("Programmjahr"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Gebietskörperschaft"))
    factor = models.DecimalField(
        _("Anpassungsfaktor"), max_digits=7, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))])
    reason = models.TextField(_("Begründung"))
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("erfasst von"))

    class Meta:
        ordering = ["programme_year", "region", "created_at", "pk"]
        verbose_name = _("Anpassung der Ziele")
        verbose_name_plural = _("Anpassungen der Ziele")

    def __str__(self) -> str:
        return f"Anpassung {self.region_id}/{self.programme_year_id}"
