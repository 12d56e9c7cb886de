"""The funding procedure under § 44 LHO: the application (Antrag) of a region for a programme
year, its financing plan per project, the authority's two-part review and its queries.

The workflow is data: TRANSITIONS lists every allowed step with who may take it; services
check a step against it (docs/funding.md, "Antrag")."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2, "default": Decimal("0"),
         "validators": [MinValueValidator(Decimal("0"))]}


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    IN_REVIEW = "in_review", _("in Prüfung")
    QUERY = "query", _("Nachforderung")
    READY = "ready", _("bewilligungsreif")
    GRANTED = "granted", _("bewilligt")
    REJECTED = "rejected", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class Actor(models.TextChoices):
    REGION = "region", _("Gebietskörperschaft")
    AUTHORITY = "authority", _("Bewilligungsbehörde")


# (from, to, who may act, action name) – the whole workflow of an application.
# "granted" is reached by the grant notice (item 2 of the issue), not by a step here.
TRANSITIONS: tuple[tuple[str, str, str, str], ...] = (
    (Status.DRAFT, Status.SUBMITTED, Actor.REGION, "submit"),
    (Status.QUERY, Status.SUBMITTED, Actor.REGION, "submit"),
    (Status.SUBMITTED, Status.IN_REVIEW, Actor.AUTHORITY, "review"),
    (Status.IN_REVIEW, Status.QUERY, Actor.AUTHORITY, "query"),
    (Status.IN_REVIEW, Status.READY, Actor.AUTHORITY, "ready"),
    (Status.IN_REVIEW, Status.REJECTED, Actor.AUTHORITY, "reject"),
    (Status.READY, Status.REJECTED, Actor.AUTHORITY, "reject"),
    (Status.READY, Status.IN_REVIEW, Actor.AUTHORITY, "review"),
    (Status.READY, Status.GRANTED, Actor.AUTHORITY, "grant"),
    (Status.DRAFT, Status.WITHDRAWN, Actor.REGION, "withdraw"),
    (Status.SUBMITTED, Status.WITHDRAWN, Actor.REGION, "withdraw"),
    (Status.IN_REVIEW, Status.WITHDRAWN, Actor.REGION, "withdraw"),
    (Status.QUERY, Status.WITHDRAWN, Actor.REGION, "withdraw"),
    (Status.READY, Status.WITHDRAWN, Actor.REGION, "withdraw"),
)
EDITABLE = (Status.DRAFT, Status.QUERY)
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.QUERY, Status.READY)


class Application(models.Model):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="funding_applications",
                               verbose_name=_("Gebietskörperschaft"))
    programme_year = models.ForeignKey("budgets.ProgrammeYear", on_delete=models.PROTECT,
                                       related_name="funding_applications",
                                       verbose_name=_("Programmjahr"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    early_start = models.BooleanField(_("vorzeitiger Maßnahmebeginn beantragt"), default=False)
    early_start_date = models.DateField(_("Beginn der Maßnahmen"), null=True, blank=True)
    early_start_reason = models.TextField(_("Begründung des vorzeitigen Beginns"), blank=True)
    submitted_at = models.DateTimeField(_("Eingereicht am"), null=True, blank=True)
    content_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("Inhaltlich geprüft von"))
    content_signed_at = models.DateTimeField(_("Inhaltlich geprüft am"), null=True, blank=True)
    arithmetic_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("Rechnerisch geprüft von"))
    arithmetic_signed_at = models.DateTimeField(_("Rechnerisch geprüft am"), null=True,
                                                blank=True)
    decision_reason = models.TextField(_("Begründung der Entscheidung"), blank=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("Angelegt von"))
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        verbose_name = _("Förderantrag")
        verbose_name_plural = _("Förderanträge")
        ordering = ["-programme_year__year", "region__ags", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["region", "programme_year"], condition=models.Q(status__in=OPEN),
            name="funding_one_open_application")]

    def __str__(self) -> str:
        return f"Förderantrag {self.programme_year.year} {self.region}"

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class ApplicationLine(models.Model):
    """The financing plan of one project of the agreement."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="lines", verbose_name=_("Förderantrag"))
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="funding_lines", verbose_name=_("Projekt"))
    personnel_costs = models.DecimalField(_("Personalkosten"), **MONEY)
    material_costs = models.DecimalField(_("Sachkosten"), **MONEY)
    administrative_costs = models.DecimalField(_("Verwaltungskosten"), **MONEY)
    other_costs = models.DecimalField(_("sonstige Kosten"), **MONEY)
    own_funds = models.DecimalField(_("Eigenmittel"), **MONEY)
    third_party_funds = models.DecimalField(_("Drittmittel"), **MONEY)
    requested = models.DecimalField(_("beantragte Zuwendung"), **MONEY)

    class Meta:
        verbose_name = _("Finanzierungsplan eines Projekts")
        verbose_name_plural = _("Finanzierungspläne")
        ordering = ["project__measure_number", "project__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "project"],
                                               name="funding_line_once_per_project")]

    def __str__(self) -> str:
        return f"{self.project}"

    @property
    def costs(self) -> Decimal:
        return (self.personnel_costs + self.material_costs + self.administrative_costs
                + self.other_costs)


class Query(models.Model):
    """A Nachforderung: the authority's question and the region's answer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="queries", verbose_name=_("Förderantrag"))
    question = models.TextField(_("Frage der Bewilligungsbehörde"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("Gefragt von"))
    asked_at = models.DateTimeField(_("Gefragt am"), auto_now_add=True)
    answer = models.TextField(_("Antwort der Gebietskörperschaft"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("Beantwortet von"))
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Nachforderung")
        verbose_name_plural = _("Nachforderungen")
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"Nachforderung zu {self.application}"


class Attachment(models.Model):
    """A PDF attached to an application; stored under a name the server chooses."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="attachments", verbose_name=_("Förderantrag"))
    title = models.CharField(_("Bezeichnung der Anlage"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="funding/%Y/")
    file_sha256 = models.CharField(_("Prüfsumme der Datei"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("Hochgeladen von"))
    uploaded_at = models.DateTimeField(_("Hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anlage zum Förderantrag")
        verbose_name_plural = _("Anlagen zum Förderantrag")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title
