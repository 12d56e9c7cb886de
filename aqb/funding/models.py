"""The funding procedure under § 44 LHO: the application (Antrag) of a region for a programme
year, its financing plan per project, the authority's two-part review and its queries.

The workflow is data: TRANSITIONS lists every allowed step with who may take it; services
check a step against it (docs/funding.md, "Antrag")."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.text import format_lazy
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
#: At most one application per region and year is alive: open or granted (more money for a
#: granted year comes by an amendment notice, never by a second application).
ALIVE = (*OPEN, Status.GRANTED)


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
            fields=["region", "programme_year"], condition=models.Q(status__in=ALIVE),
            name="funding_one_live_application")]

    def __str__(self) -> str:
        return f"Förderantrag {self.programme_year.year} {self.region}"

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


def _financing_figures(suffix: str = "") -> type[models.Model]:
    """An abstract model with the six figures of a financing plan: the costs by kind, own and
    third-party funds (money, never negative), and their sum `costs`. `suffix` follows each
    field's German name: none on the plan, " (Ist)" on the proof of use."""

    def figure(label) -> models.DecimalField:
        return models.DecimalField(format_lazy("{}{}", label, suffix), **MONEY)

    class FinancingFigures(models.Model):
        personnel_costs = figure(_("Personalkosten"))
        material_costs = figure(_("Sachkosten"))
        administrative_costs = figure(_("Verwaltungskosten"))
        other_costs = figure(_("sonstige Kosten"))
        own_funds = figure(_("Eigenmittel"))
        third_party_funds = figure(_("Drittmittel"))

        class Meta:
            abstract = True

        @property
        def costs(self) -> Decimal:
            return (self.personnel_costs + self.material_costs + self.administrative_costs
                    + self.other_costs)

    return FinancingFigures


class ApplicationLine(_financing_figures()):
    """The financing plan of one project of the agreement."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="lines", verbose_name=_("Förderantrag"))
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="funding_lines", verbose_name=_("Projekt"))
    requested = models.DecimalField(_("beantragte Zuwendung"), **MONEY)

    class Meta:
        verbose_name = _("Finanzierungsplan eines Projekts")
        verbose_name_plural = _("Finanzierungspläne")
        ordering = ["project__measure_number", "project__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "project"],
                                               name="funding_line_once_per_project")]

    def __str__(self) -> str:
        return f"{self.project}"


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


# --- the grant notice (Zuwendungsbescheid) and its amendments ------------------------------
# A notice is never overwritten: every change is a new NoticeVersion (Änderungsbescheid);
# the header `Notice` carries only what does not change (number, region, year) and the date
# the notice ceased to have effect (set at settlement, for the refund interest).

from .settlement import Financing  # noqa: E402  (a model choice; settlement.py is pure)


class NoticeStatus(models.TextChoices):
    ACTIVE = "active", _("wirksam")
    SETTLED = "settled", _("abgerechnet")


class Notice(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT,
                                       related_name="notice", verbose_name=_("Förderantrag"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="funding_notices",
                               verbose_name=_("Gebietskörperschaft"))
    programme_year = models.ForeignKey("budgets.ProgrammeYear", on_delete=models.PROTECT,
                                       related_name="funding_notices",
                                       verbose_name=_("Programmjahr"))
    number = models.CharField(_("Aktenzeichen"), max_length=60, unique=True)
    status = models.CharField(_("Status"), max_length=20, choices=NoticeStatus.choices,
                              default=NoticeStatus.ACTIVE)
    ceased_on = models.DateField(_("unwirksam ab"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        verbose_name = _("Zuwendungsbescheid")
        verbose_name_plural = _("Zuwendungsbescheide")
        ordering = ["-programme_year__year", "region__ags", "pk"]

    def __str__(self) -> str:
        return f"Zuwendungsbescheid {self.number}"

    @property
    def current(self) -> NoticeVersion:
        """The version in force (the latest notice or amendment notice)."""
        return self.versions.get(is_current=True)


class NoticeVersion(models.Model):
    """One notice as issued: version 1 is the Zuwendungsbescheid, every later one an
    Änderungsbescheid. Rows are written once; only the legal-force fields are recorded later."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="versions",
                               verbose_name=_("Zuwendungsbescheid"))
    version = models.PositiveIntegerField(_("Fassung"))
    is_current = models.BooleanField(_("geltende Fassung"), default=True)
    date = models.DateField(_("Datum des Bescheids"))
    purpose = models.TextField(_("Zuwendungszweck"))
    financing = models.CharField(_("Finanzierungsart"), max_length=20,
                                 choices=Financing.choices)
    share_percent = models.DecimalField(_("Anteil in Prozent"), max_digits=5, decimal_places=2,
                                        null=True, blank=True)
    eligible_costs = models.DecimalField(_("zuwendungsfähige Ausgaben"), **MONEY)
    amount = models.DecimalField(_("bewilligter Betrag"), **MONEY)
    period_start = models.DateField(_("Bewilligungszeitraum von"))
    period_end = models.DateField(_("Bewilligungszeitraum bis"))
    provisions = models.TextField(
        _("Nebenbestimmungen"), blank=True,
        help_text=_("Bestandteile des Bescheids mit Name und Fassung, eine je Zeile"))
    special_provisions = models.TextField(_("besondere Nebenbestimmungen"), blank=True)
    interim_proof_due = models.DateField(_("Zwischennachweis fällig am"), null=True,
                                         blank=True)
    final_proof_due = models.DateField(_("Verwendungsnachweis fällig am"))
    may_pass_on = models.BooleanField(_("Weiterleitung an Dritte zulässig"), default=True)
    legal_remedy = models.TextField(_("Rechtsbehelfsbelehrung"))
    reason = models.TextField(_("Grund der Änderung"), blank=True)
    appeal_waived_on = models.DateField(_("Rechtsbehelfsverzicht erklärt am"), null=True,
                                        blank=True)
    legal_force_on = models.DateField(_("bestandskräftig seit"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("Erlassen von"))
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Fassung eines Zuwendungsbescheids")
        verbose_name_plural = _("Fassungen von Zuwendungsbescheiden")
        ordering = ["notice", "version"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "version"],
                                    name="funding_notice_version_once"),
            models.UniqueConstraint(fields=["notice"], condition=models.Q(is_current=True),
                                    name="funding_notice_one_current"),
        ]

    def __str__(self) -> str:
        kind = "Zuwendungsbescheid" if self.version == 1 else "Änderungsbescheid"
        return f"{kind} {self.notice.number} vom {self.date:%d.%m.%Y}"

    @property
    def kind_label(self) -> str:
        return "Zuwendungsbescheid" if self.version == 1 else "Änderungsbescheid"


class NoticeCash(models.Model):
    """Cash per calendar year of one notice version (Kassenwirksamkeit)."""

    version = models.ForeignKey(NoticeVersion, on_delete=models.CASCADE, related_name="cash",
                                verbose_name=_("Fassung eines Zuwendungsbescheids"))
    year = models.PositiveIntegerField(_("Haushaltsjahr"))
    amount = models.DecimalField(_("Betrag im Haushaltsjahr"), **MONEY)

    class Meta:
        verbose_name = _("Kassenmittel eines Haushaltsjahres")
        verbose_name_plural = _("Kassenmittel je Haushaltsjahr")
        ordering = ["version", "year"]
        constraints = [models.UniqueConstraint(fields=["version", "year"],
                                               name="funding_cash_once_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


# --- payment requests (Mittelabruf) --------------------------------------------------------

class PaymentStatus(models.TextChoices):
    REQUESTED = "requested", _("beantragt")
    RELEASED = "released", _("angewiesen")
    PAID = "paid", _("ausgezahlt")
    REFUSED = "refused", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


#: Requests that count against the granted amount.
PAYMENT_COUNTING = (PaymentStatus.REQUESTED, PaymentStatus.RELEASED, PaymentStatus.PAID)


class PaymentRequest(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT,
                               related_name="payment_requests",
                               verbose_name=_("Zuwendungsbescheid"))
    number = models.PositiveIntegerField(_("Nummer des Mittelabrufs"))
    date = models.DateField(_("Datum des Mittelabrufs"))
    amount = models.DecimalField(_("angeforderter Betrag"), **MONEY)
    needed_by = models.DateField(_("benötigt am"))
    reason = models.TextField(_("Begründung"))
    use_of_earlier = models.TextField(_("Verwendung bisher ausgezahlter Mittel"), blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=PaymentStatus.choices,
                              default=PaymentStatus.REQUESTED)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Angewiesen von"))
    released_at = models.DateTimeField(_("Angewiesen am"), null=True, blank=True)
    paid_on = models.DateField(_("Ausgezahlt am"), null=True, blank=True)
    used_on = models.DateField(_("vollständig verwendet am"), null=True, blank=True)
    refusal_reason = models.TextField(_("Grund der Ablehnung"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("Angelegt von"))
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        ordering = ["notice", "number"]
        constraints = [models.UniqueConstraint(fields=["notice", "number"],
                                               name="funding_payment_number_once")]

    def __str__(self) -> str:
        return f"Mittelabruf {self.number} zu {self.notice.number}"


# --- proof of use (Zwischennachweis, Verwendungsnachweis) ----------------------------------

class ProofKind(models.TextChoices):
    INTERIM = "interim", _("Zwischennachweis")
    FINAL = "final", _("Verwendungsnachweis")


class ProofStatus(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    QUERY = "query", _("Rückfrage")
    ACCEPTED = "accepted", _("geprüft ohne Beanstandung")
    REFUND = "refund", _("geprüft mit Rückforderung")


class Proof(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="proofs",
                               verbose_name=_("Zuwendungsbescheid"))
    kind = models.CharField(_("Art des Nachweises"), max_length=20, choices=ProofKind.choices)
    date = models.DateField(_("Datum des Nachweises"))
    report = models.TextField(_("Sachbericht"))
    costs = models.DecimalField(_("tatsächliche zuwendungsfähige Ausgaben"), **MONEY)
    own_funds = models.DecimalField(_("Eigenmittel"), **MONEY)
    third_party_funds = models.DecimalField(_("Drittmittel"), **MONEY)
    status = models.CharField(_("Status"), max_length=20, choices=ProofStatus.choices,
                              default=ProofStatus.SUBMITTED)
    review_note = models.TextField(_("Prüfvermerk"), blank=True)
    vouchers_required = models.BooleanField(
        _("Belegliste angefordert"), default=False,
        help_text=_("Die Bewilligungsbehörde hat mit einer Rückfrage die Belegliste angefordert."))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Geprüft von"))
    reviewed_at = models.DateTimeField(_("Geprüft am"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("Eingereicht von"))
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Nachweis der Verwendung")
        verbose_name_plural = _("Nachweise der Verwendung")
        ordering = ["notice", "date", "pk"]

    def __str__(self) -> str:
        return f"{ProofKind(self.kind).label} zu {self.notice.number} vom {self.date:%d.%m.%Y}"


class ProofLine(_financing_figures(" (Ist)")):
    """The numerical proof of one project: actual figures beside the financing plan."""

    proof = models.ForeignKey(Proof, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("Nachweis der Verwendung"))
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="proof_lines", verbose_name=_("Projekt"))

    class Meta:
        verbose_name = _("Zahlenmäßiger Nachweis eines Projekts")
        verbose_name_plural = _("Zahlenmäßige Nachweise")
        ordering = ["proof", "project__measure_number", "project__name"]
        constraints = [models.UniqueConstraint(fields=["proof", "project"],
                                               name="funding_proof_line_once")]

    def __str__(self) -> str:
        return f"{self.project}"


# --- settlement and refund (Schlussabrechnung, Rückforderung) ------------------------------

class Settlement(models.Model):
    notice = models.OneToOneField(Notice, on_delete=models.PROTECT, related_name="settlement",
                                  verbose_name=_("Zuwendungsbescheid"))
    proof = models.ForeignKey(Proof, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("Verwendungsnachweis"))
    date = models.DateField(_("Datum der Abrechnung"))
    effective = models.DateField(_("Bescheid unwirksam ab"), null=True, blank=True)
    recognised = models.DecimalField(_("anerkannte Zuwendung"), **MONEY)
    paid = models.DecimalField(_("ausgezahlter Betrag"), **MONEY)
    refund_amount = models.DecimalField(_("Erstattungsbetrag"), **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("Abgerechnet von"))
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Schlussabrechnung")
        verbose_name_plural = _("Schlussabrechnungen")

    def __str__(self) -> str:
        return f"Schlussabrechnung zu {self.notice.number}"


class RefundStatus(models.TextChoices):
    OPEN = "open", _("offen")
    DEFERRED = "deferred", _("gestundet")
    PAID = "paid", _("erstattet")


class Refund(models.Model):
    """The refund notice (Erstattungs- und Zinsbescheid) of a settlement."""

    settlement = models.OneToOneField(Settlement, on_delete=models.PROTECT,
                                      related_name="refund", verbose_name=_("Schlussabrechnung"))
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="refunds",
                               verbose_name=_("Zuwendungsbescheid"))
    number = models.CharField(_("Aktenzeichen des Erstattungsbescheids"), max_length=60,
                              unique=True)
    date = models.DateField(_("Datum des Erstattungsbescheids"))
    amount = models.DecimalField(_("Erstattungsbetrag"), **MONEY)
    interest_from = models.DateField(_("verzinst ab"))
    due_on = models.DateField(_("fällig am"))
    status = models.CharField(_("Status"), max_length=20, choices=RefundStatus.choices,
                              default=RefundStatus.OPEN)
    deferred_until = models.DateField(_("gestundet bis"), null=True, blank=True)
    deferral_reason = models.TextField(_("Grund der Stundung"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("Erlassen von"))
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Erstattungsbescheid")
        verbose_name_plural = _("Erstattungsbescheide")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"Erstattungsbescheid {self.number}"


class RefundPayment(models.Model):
    """A (part) payment received on a refund."""

    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="payments",
                               verbose_name=_("Erstattungsbescheid"))
    date = models.DateField(_("Zahlungseingang am"))
    amount = models.DecimalField(_("gezahlter Betrag"), **MONEY)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("Erfasst von"))
    recorded_at = models.DateTimeField(_("Erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Zahlung auf eine Erstattung")
        verbose_name_plural = _("Zahlungen auf Erstattungen")
        ordering = ["refund", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.amount}"


class BaseRate(models.Model):
    """The base rate (Basiszinssatz, § 247 BGB), maintained by the ministry; each rate holds
    from its date until the day before the next one."""

    valid_from = models.DateField(_("gültig ab"), unique=True)
    percent = models.DecimalField(_("Basiszinssatz in Prozent"), max_digits=5,
                                  decimal_places=2)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Basiszinssatz")
        verbose_name_plural = _("Basiszinssätze")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.percent} % ab {self.valid_from:%d.%m.%Y}"


# --- voucher list of a proof (Belegliste; branch f-proof) ----------------------------------

class ProofVoucher(models.Model):
    """One payment of the voucher list (Belegliste) of a proof: date, payee, purpose, amount,
    voucher number. Required when the authority asks for it in a query (ANBest-GK Nr. 7.1;
    docs/funding.md, "Zwischen- und Verwendungsnachweis")."""

    proof = models.ForeignKey(Proof, on_delete=models.CASCADE, related_name="vouchers",
                              verbose_name=_("Nachweis der Verwendung"))
    position = models.PositiveIntegerField(_("laufende Nummer"))
    date = models.DateField(_("Zahlungsdatum"))
    payee = models.CharField(_("Empfänger"), max_length=200)
    purpose = models.CharField(_("Grund der Zahlung"), max_length=300)
    amount = models.DecimalField(_("Betrag"), **MONEY)
    number = models.CharField(_("Belegnummer"), max_length=60)

    class Meta:
        verbose_name = _("Beleg eines Nachweises")
        verbose_name_plural = _("Belegliste")
        ordering = ["proof", "position"]
        constraints = [models.UniqueConstraint(fields=["proof", "position"],
                                               name="funding_voucher_position_once")]

    def __str__(self) -> str:
        return f"Beleg {self.number}"


# Passing money on to providers (Weiterleitung): models of their own module.
from .models_passon import ExpenseLine, ExpenseReport, PassOn  # noqa: E402, F401
