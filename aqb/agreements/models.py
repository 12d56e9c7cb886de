"""Target agreements (Zielvereinbarungen): one per region and programme year, in versions.

An agreement is data: the clauses of the template version it was drafted with, its budget
lines, the measure types with the projects listed under them, and the signatures. Text, HTML,
PDF and DOCX are renderings of that data (`document.py`, `render/`). A signed agreement keeps
the file that was signed (`signed_file`) and is never regenerated over; a change after
signing is a new version that supersedes it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgreementTemplate(models.Model):
    """The clauses of a programme year's agreements. Edits create a new version."""

    programme_year = models.ForeignKey("budgets.ProgrammeYear", on_delete=models.PROTECT,
                                       related_name="agreement_templates")
    version = models.PositiveIntegerField(_("Fassung"))
    purpose = models.CharField(
        _("Zweck (Kopfzeile)"), max_length=300,
        default="zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets")
    clauses = models.JSONField(_("Abschnitte"), default=list,
                               help_text=_("Liste von {key, heading, titles, body}"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["programme_year", "-version"]
        verbose_name = _("Vorlage")
        verbose_name_plural = _("Vorlagen")
        constraints = [models.UniqueConstraint(fields=["programme_year", "version"],
                                               name="template_unique_version")]

    def __str__(self) -> str:
        return f"Vorlage {self.programme_year.year}, Fassung {self.version}"


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    AGREED = "agreed", _("Abgestimmt")
    SIGNED_MINISTRY = "signed_ministry", _("Vom Ministerium unterzeichnet")
    SIGNED = "signed", _("Unterzeichnet")
    PUBLISHED = "published", _("Veröffentlicht")


class Source(models.TextChoices):
    DRAFTED = "drafted", _("im System erstellt")
    IMPORTED = "imported", _("aus Dokument eingelesen")


class Agreement(models.Model):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="agreements", verbose_name=_("Gebietskörperschaft"))
    programme_year = models.ForeignKey("budgets.ProgrammeYear", on_delete=models.PROTECT,
                                       related_name="agreements", verbose_name=_("Programmjahr"))
    version = models.PositiveIntegerField(_("Fassung"), default=1)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by",
                                      verbose_name=_("ersetzt Fassung"))
    is_current = models.BooleanField(_("aktuelle Fassung"), default=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    template = models.ForeignKey(AgreementTemplate, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="agreements")
    source = models.CharField(_("Herkunft"), max_length=20, choices=Source.choices,
                              default=Source.DRAFTED)
    ministry_name = models.CharField(
        _("Ministerium wie im Dokument"), max_length=200, blank=True,
        help_text=_("Nur bei eingelesenen Dokumenten; sonst gilt der Name am Datum."))
    change_reason = models.TextField(_("Grund der Änderung"), blank=True)
    signed_file = models.FileField(_("unterzeichnetes Dokument"), upload_to="agreements/%Y/",
                                   blank=True)
    signed_file_sha256 = models.CharField(max_length=64, blank=True)
    signed_file_name = models.CharField(max_length=200, blank=True)
    source_file = models.FileField(_("eingelesene Datei"), upload_to="agreements/imported/%Y/",
                                   blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme_year", "region__ags", "-version"]
        verbose_name = _("Zielvereinbarung")
        verbose_name_plural = _("Zielvereinbarungen")
        constraints = [
            models.UniqueConstraint(fields=["region", "programme_year", "version"],
                                    name="agreement_unique_version"),
            models.UniqueConstraint(fields=["region", "programme_year"],
                                    condition=Q(is_current=True),
                                    name="agreement_one_current"),
        ]

    def __str__(self) -> str:
        v = f", Fassung {self.version}" if self.version > 1 else ""
        return f"Zielvereinbarung {self.programme_year.year} {self.region.name}{v}"

    @property
    def is_frozen(self) -> bool:
        return self.status != Status.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status in (Status.SIGNED, Status.PUBLISHED)


class BudgetLine(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE,
                                  related_name="budget_lines")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("Haushaltsmittel aus"), max_length=200,
                            default="Ausbildungs- und Qualifizierungsbudget")
    amount = models.DecimalField(_("Betrag (Euro)"), max_digits=14, decimal_places=2, null=True,
                                 blank=True, validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["agreement", "order"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class AgreementMeasure(models.Model):
    """A measure type as titled in this agreement, with its projects."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Bezeichnung"), max_length=400)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"],
                                               name="agreement_measure_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AgreementProject(models.Model):
    measure = models.ForeignKey(AgreementMeasure, on_delete=models.CASCADE,
                                related_name="projects")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="agreement_entries")
    label = models.CharField(_("Bezeichnung im Dokument"), max_length=400)
    order = models.PositiveSmallIntegerField(default=0)
    # Targets of the project in this version (docs/steering.md, "Ziele"): copied from the
    # project's plan figures when drafted, carried into every new version.
    planned_participants = models.PositiveIntegerField(
        _("Ziel Eintritte (Teilnehmende)"), null=True, blank=True)
    planned_amount = models.DecimalField(
        _("geplante Mittel (Euro)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))])
    outcome_target = models.DecimalField(
        _("Ziel Übergänge in Ausbildung oder Arbeit (Prozent der Austritte)"), max_digits=5,
        decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])

    class Meta:
        ordering = ["measure", "order", "pk"]

    def __str__(self) -> str:
        return self.label


class Party(models.TextChoices):
    MINISTRY = "ministry", _("Ministerium")
    REGION = "region", _("Gebietskörperschaft")


class Signature(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("Partei"), max_length=20, choices=Party.choices)
    place = models.CharField(_("Ort"), max_length=100)
    date = models.DateField(_("Datum"))
    name = models.CharField(_("Name"), max_length=150)
    title = models.CharField(_("Amtsbezeichnung"), max_length=150)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "date", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "party"],
                                               name="signature_one_per_party")]

    def __str__(self) -> str:
        return f"{self.name}, {self.title} ({self.place}, {self.date:%d.%m.%Y})"
