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


# --- autumn review meeting (Umsetzungsbesprechung, docs/steering.md) ----------------------

class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    HELD = "held", _("durchgeführt")
    SHARED = "shared", _("Protokoll geteilt")
    CONFIRMED = "confirmed", _("bestätigt")
    CANCELLED = "cancelled", _("abgesagt")


class Review(models.Model):
    """One autumn review meeting of a region for a programme year. The figures are frozen in
    `snapshot` (JSON, amounts as strings) when the meeting is held; the pages then show only
    the snapshot."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="reviews", verbose_name=_("Gebietskörperschaft"))
    programme_year = models.ForeignKey("budgets.ProgrammeYear", on_delete=models.PROTECT,
                                       related_name="reviews", verbose_name=_("Programmjahr"))
    starts_at = models.DateTimeField(_("Termin"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    video_link = models.URLField(_("Videokonferenz-Link"), blank=True)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                          related_name="reviews",
                                          verbose_name=_("Teilnehmende (Benutzerkonten)"))
    external_participants = models.TextField(
        _("weitere Teilnehmende (Funktion)"), blank=True,
        help_text=_("Nur Funktionen oder Stellen, eine je Zeile, keine Namen "
                    "(z. B. „Jobcenter, Bereichsleitung“)."))
    status = models.CharField(_("Status"), max_length=20, choices=ReviewStatus.choices,
                              default=ReviewStatus.PLANNED)
    snapshot = models.JSONField(_("eingefrorene Zahlen"), null=True, blank=True)
    snapshot_at = models.DateTimeField(_("Zahlen eingefroren am"), null=True, blank=True)
    decisions = models.TextField(_("Beschlüsse"), blank=True)
    cancel_reason = models.TextField(_("Grund der Absage"), blank=True)
    shared_at = models.DateTimeField(_("Protokoll geteilt am"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("bestätigt von"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("angesetzt von"))
    created_at = models.DateTimeField(_("angesetzt am"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("Umsetzungsbesprechung")
        verbose_name_plural = _("Umsetzungsbesprechungen")

    def __str__(self) -> str:
        return f"Umsetzungsbesprechung {self.region} {self.programme_year.year}"

    @property
    def frozen(self) -> bool:
        return self.snapshot is not None


class AgendaItem(models.Model):
    """One item of a meeting's agenda: generated from the figures, then edited by the
    ministry (text, order, added, removed) until the meeting is held."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="agenda",
                               verbose_name=_("Umsetzungsbesprechung"))
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Tagesordnungspunkt"), max_length=200)
    text = models.TextField(_("Erläuterung"), blank=True)
    source = models.CharField(_("Herkunft"), max_length=20, blank=True,
                              help_text=_("aus den Zahlen erzeugt (Art) oder leer: von Hand"))

    class Meta:
        ordering = ["review", "position", "pk"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")

    def __str__(self) -> str:
        return self.title


class Responsible(models.TextChoices):
    MINISTRY = "ministry", _("Ministerium")
    REGION = "region", _("Gebietskörperschaft")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("offen")
    DONE = "done", _("erledigt")


class ReviewAction(models.Model):
    """An action agreed in a meeting: what, who (a person or a party), by when, status."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="actions",
                               verbose_name=_("Umsetzungsbesprechung"))
    what = models.TextField(_("Maßnahme"))
    party = models.CharField(_("verantwortlich (Seite)"), max_length=20,
                             choices=Responsible.choices, default=Responsible.REGION)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="review_actions",
                              verbose_name=_("verantwortliche Person"))
    due_on = models.DateField(_("zu erledigen bis"))
    status = models.CharField(_("Status"), max_length=10, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)
    done_note = models.TextField(_("Vermerk zur Erledigung"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("Maßnahme aus einer Umsetzungsbesprechung")
        verbose_name_plural = _("Maßnahmen aus Umsetzungsbesprechungen")

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def responsible_label(self) -> str:
        if self.owner_id:
            name = self.owner.get_full_name() or self.owner.get_username()
            return f"{name} ({self.get_party_display()})"
        return self.get_party_display()


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Anmerkung")
    OBJECTION = "objection", _("Einwand")
    CONFIRMATION = "confirmation", _("Bestätigung")


class ReviewComment(models.Model):
    """The region's comment on the shared minutes: a remark, an objection or the
    confirmation."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments",
                               verbose_name=_("Umsetzungsbesprechung"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("verfasst von"))
    kind = models.CharField(_("Art"), max_length=20, choices=CommentKind.choices,
                            default=CommentKind.COMMENT)
    text = models.TextField(_("Text"), blank=True)
    created_at = models.DateTimeField(_("verfasst am"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Anmerkung zum Protokoll")
        verbose_name_plural = _("Anmerkungen zum Protokoll")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"
