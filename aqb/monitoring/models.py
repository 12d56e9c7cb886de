"""Participant monitoring: pseudonymous records per project and programme year, the figures
kept from them, the ministry's settings, and the log of who opened record lists.

No names, addresses or birth dates are ever stored (see docs/monitoring.md): a record carries
a pseudonym (a keyed hash of name and birth date, or the provider's own participant id) and
the attributes of ESF+ practice.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .vocab import (
    Disability,
    Education,
    Employment,
    ExitReason,
    Gender,
    Nationality,
    Outcome,
    Scheme,
)


class PseudonymKind(models.TextChoices):
    HASH = "hash", _("Schlüssel-Hash aus Name und Geburtsdatum")
    PROVIDER = "provider", _("Teilnehmenden-Nummer des Trägers")


class Participant(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="participants", verbose_name=_("Projekt"))
    year = models.PositiveIntegerField(_("Programmjahr"))
    pseudonym = models.CharField(_("Pseudonym"), max_length=80)
    pseudonym_kind = models.CharField(_("Art des Pseudonyms"), max_length=10,
                                      choices=PseudonymKind.choices)
    entry_date = models.DateField(_("Eintritt"))
    exit_date = models.DateField(_("Austritt"), null=True, blank=True)
    last_entry_date = models.DateField(
        _("letzter Eintritt"), null=True, blank=True,
        help_text=_("Bei Wiedereintritt im selben Jahr das Datum des letzten Eintritts."))
    entries = models.PositiveSmallIntegerField(
        _("Eintritte"), default=1,
        help_text=_("Mehr als 1, wenn die Person im selben Jahr erneut eingetreten ist."))
    gender = models.CharField(_("Geschlecht"), max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("Geburtsjahr"), validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    scheme = models.CharField(_("Rechtskreis"), max_length=10, choices=Scheme.choices)
    employment = models.CharField(_("Erwerbsstatus bei Eintritt"), max_length=5,
                                  choices=Employment.choices, blank=True)
    education = models.CharField(_("Bildung (ISCED)"), max_length=8, choices=Education.choices,
                                 blank=True)
    nationality = models.CharField(_("Staatsangehörigkeit"), max_length=5,
                                   choices=Nationality.choices, blank=True)
    disability = models.CharField(_("Behinderung"), max_length=4, choices=Disability.choices,
                                  blank=True)
    residence_ags = models.CharField(_("Wohnort (Kreisschlüssel)"), max_length=5)
    part_time = models.BooleanField(_("Teilzeitausbildung"), null=True, blank=True)
    exit_reason = models.CharField(_("Austrittsgrund"), max_length=10,
                                   choices=ExitReason.choices, blank=True)
    outcome = models.CharField(_("Verbleib (4 Wochen nach Austritt)"), max_length=15,
                               choices=Outcome.choices, blank=True)
    outcome_6m = models.CharField(_("Verbleib nach 6 Monaten"), max_length=15,
                                  choices=Outcome.choices, blank=True)
    consent = models.BooleanField(_("Einwilligung (Befragung nach 6 Monaten)"), default=False)
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        ordering = ["project_id", "year", "entry_date", "id"]
        verbose_name = _("Teilnehmende Person")
        verbose_name_plural = _("Teilnehmende")
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "pseudonym"],
                                    name="participant_once_per_project_year"),
            models.CheckConstraint(name="participant_exit_after_entry",
                                   condition=Q(exit_date__isnull=True)
                                   | Q(exit_date__gte=F("entry_date"))),
            models.CheckConstraint(name="participant_outcome_6m_needs_consent",
                                   condition=Q(outcome_6m="") | Q(consent=True)),
        ]
        indexes = [models.Index(fields=["year", "project"], name="participant_year_project")]

    def __str__(self) -> str:
        return f"{self.pseudonym[:10]}… ({self.year})"


class Tally(models.Model):
    """Counts kept per project, programme year, calendar quarter and one recorded attribute
    (attribute "" is the total). The figures read only from here, so they stay unchanged when
    records are deleted after the retention period and answer fast for a million records.

    `entries` counts the participants whose (first) entry falls in the quarter, `exits` those
    whose exit falls in it, both by the participant's value of `attribute`. Rebuilt for one
    project and year in the same transaction as every change of its records
    (`aqb.monitoring.tally.tally_rebuild`).
    """

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="participant_tallies", verbose_name=_("Projekt"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="participant_tallies",
                               verbose_name=_("Gebietskörperschaft"))
    measure_number = models.PositiveSmallIntegerField(_("Maßnahmeart"))
    year = models.PositiveIntegerField(_("Programmjahr"))
    period_year = models.PositiveIntegerField(_("Kalenderjahr"))
    quarter = models.PositiveSmallIntegerField(_("Quartal"))
    attribute = models.CharField(_("Merkmal"), max_length=20, blank=True)
    value = models.CharField(_("Ausprägung"), max_length=20, blank=True)
    entries = models.PositiveIntegerField(_("Eintritte"), default=0)
    exits = models.PositiveIntegerField(_("Austritte"), default=0)
    reentries = models.PositiveIntegerField(_("Wiedereintritte"), default=0)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        verbose_name = _("Zählung")
        verbose_name_plural = _("Zählungen")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "period_year", "quarter", "attribute", "value"],
                name="tally_unique_cell"),
        ]
        indexes = [
            models.Index(fields=["year", "attribute", "region"], name="tally_year_attr_region"),
            # covers the figures' grouped sums (mon-figures): read from the index alone
            models.Index(fields=["year", "attribute", "value", "region", "measure_number",
                                 "period_year", "quarter", "project", "entries", "exits"],
                         name="tally_figures_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year} {self.period_year}-Q{self.quarter} " \
               f"{self.attribute}={self.value}"


class MonitoringSettings(models.Model):
    """The ministry's settings for monitoring (one row, pk=1; `settings_current()`)."""

    retention_years = models.PositiveSmallIntegerField(
        _("Aufbewahrung (Jahre nach Ende des Jahres der Schlusszahlung)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)])
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Einstellungen des Monitorings")
        verbose_name_plural = _("Einstellungen des Monitorings")

    def __str__(self) -> str:
        return f"Aufbewahrung {self.retention_years} Jahre"


class AccessKind(models.TextChoices):
    LIST = "list", _("Liste der Datensätze")
    RECORD = "record", _("einzelner Datensatz")
    EXPORT = "export", _("Export der Datensätze")
    API = "api", _("Abruf über die API")


class RecordAccess(models.Model):
    """Who opened record-level participant data, when, of which project and year (Art. 32
    GDPR: logging of access to personal data). Written on reading; not part of the audit
    chain, which records changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("Benutzer"))
    user_label = models.CharField(_("Benutzer (Name)"), max_length=200)
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    kind = models.CharField(_("Art"), max_length=10, choices=AccessKind.choices)
    project = models.ForeignKey("projects.Project", null=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("Projekt"))
    year = models.PositiveIntegerField(_("Programmjahr"), null=True)
    records = models.PositiveIntegerField(_("Anzahl Datensätze"), default=0)
    path = models.CharField(_("Adresse"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("Zugriff auf Datensätze")
        verbose_name_plural = _("Zugriffe auf Datensätze")

    def __str__(self) -> str:
        return f"{self.user_label} {self.at:%d.%m.%Y %H:%M} {self.kind}"
