"""Passing money on (Weiterleitung, Nr. 12 VV zu § 44 LHO): the region passes part of its
grant to the provider (Träger) of one of its projects, by its own decision
(Weiterleitungsbescheid) or by contract (Weiterleitungsvertrag), with ANBest-P made part of
it; the provider reports its spending per project (Ausgabenliste) and the region checks it.

Imported at the end of `models.py`, so the app registry knows these models
(docs/funding.md, "Weiterleitung an Träger")."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import MONEY, Notice

#: The provisions made part of every pass-on unless the region records another version.
ANBEST_P = ("Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P), "
            "Anlage 2 zu den VV zu § 44 LHO, in der bei der Weiterleitung geltenden Fassung")


class PassOnBasis(models.TextChoices):
    DECISION = "decision", _("Weiterleitungsbescheid")
    CONTRACT = "contract", _("Weiterleitungsvertrag")


class PassOn(models.Model):
    """Money of a notice passed on to the provider of one project. Written once."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="pass_ons",
                               verbose_name=_("Zuwendungsbescheid"))
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="pass_ons", verbose_name=_("Projekt"))
    # The recipient as of the pass-on: a later change of the project's provider does not
    # move money already passed on.
    provider = models.ForeignKey("accounts.Provider", on_delete=models.PROTECT,
                                 related_name="pass_ons", verbose_name=_("Träger"))
    amount = models.DecimalField(_("weitergeleiteter Betrag"), **MONEY)
    date = models.DateField(_("Datum der Weiterleitung"))
    basis = models.CharField(_("Rechtsform der Weiterleitung"), max_length=20,
                             choices=PassOnBasis.choices)
    reference = models.CharField(_("Aktenzeichen oder Vertragsnummer"), max_length=80)
    anbest_p = models.BooleanField(_("ANBest-P zum Bestandteil gemacht"), default=True)
    anbest_p_version = models.CharField(_("ANBest-P: Bezeichnung und Fassung"),
                                        max_length=300, blank=True, default=ANBEST_P)
    interim_report_due = models.DateField(_("Zwischenbericht des Trägers fällig am"),
                                          null=True, blank=True)
    report_due = models.DateField(_("Schlussbericht des Trägers fällig am"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("Angelegt von"))
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        verbose_name = _("Weiterleitung an einen Träger")
        verbose_name_plural = _("Weiterleitungen an Träger")
        ordering = ["notice", "date", "pk"]

    def __str__(self) -> str:
        return f"{PassOnBasis(self.basis).label} {self.reference}"


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Zwischenbericht")
    FINAL = "final", _("Schlussbericht")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    ACCEPTED = "accepted", _("geprüft")
    OBJECTED = "objected", _("beanstandet")


#: The provider may change lines while the report is a draft or objected to.
REPORT_EDITABLE = (ReportStatus.DRAFT, ReportStatus.OBJECTED)
#: A due date is met by a report submitted or accepted.
REPORT_DONE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class ExpenseReport(models.Model):
    """The provider's list of expenses of one project under one notice for one period."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="expense_reports",
                               verbose_name=_("Zuwendungsbescheid"))
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="expense_reports", verbose_name=_("Projekt"))
    provider = models.ForeignKey("accounts.Provider", on_delete=models.PROTECT,
                                 related_name="expense_reports", verbose_name=_("Träger"))
    kind = models.CharField(_("Art des Berichts"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("Berichtszeitraum von"))
    period_end = models.DateField(_("Berichtszeitraum bis"))
    status = models.CharField(_("Status"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("Eingereicht am"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("Eingereicht von"))
    review_note = models.TextField(_("Prüfvermerk der Gebietskörperschaft"), blank=True)
    reviewed_at = models.DateTimeField(_("Geprüft am"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("Geprüft von"))
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        verbose_name = _("Ausgabenbericht eines Trägers")
        verbose_name_plural = _("Ausgabenberichte von Trägern")
        ordering = ["notice", "project__measure_number", "project__name", "period_start", "pk"]
        constraints = [models.UniqueConstraint(fields=["notice", "project", "kind"],
                                               name="funding_expense_report_once_per_kind")]

    def __str__(self) -> str:
        return (f"{ReportKind(self.kind).label} {self.project} "
                f"({self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y})")

    @property
    def is_editable(self) -> bool:
        return self.status in REPORT_EDITABLE


class ExpenseLine(models.Model):
    """One expense with its voucher (Beleg)."""

    report = models.ForeignKey(ExpenseReport, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("Ausgabenbericht"))
    date = models.DateField(_("Datum der Zahlung"))
    payee = models.CharField(_("Empfänger der Zahlung"), max_length=200)
    purpose = models.CharField(_("Zweck der Ausgabe"), max_length=300)
    amount = models.DecimalField(_("Betrag"), **MONEY)
    voucher = models.CharField(_("Belegnummer"), max_length=60)
    created_at = models.DateTimeField(_("Erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Ausgabe eines Trägers")
        verbose_name_plural = _("Ausgaben von Trägern")
        ordering = ["report", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.payee}: {self.amount}"


ZERO = Decimal("0")
