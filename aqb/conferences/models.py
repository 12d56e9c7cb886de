"""Conferences (Tagungen) of the ministry with programme, registrations (capacity and waiting
list), attendance and documents; good-practice entries of the regions, published by the
ministry on the portal (docs/steering.md, "Conferences (Tagungen) and good practice")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    OPEN = "open", _("Anmeldung offen")
    CLOSED = "closed", _("abgeschlossen")
    CANCELLED = "cancelled", _("abgesagt")


class Conference(models.Model):
    """One event of the ministry (Tagung); it belongs to no region."""

    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    capacity = models.PositiveIntegerField(_("Plätze"))
    registration_deadline = models.DateField(_("Anmeldeschluss"))
    status = models.CharField(_("Status"), max_length=10, choices=ConferenceStatus.choices,
                              default=ConferenceStatus.PLANNED)
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("Tagung")
        verbose_name_plural = _("Tagungen")
        constraints = [models.CheckConstraint(name="conference_ends_after_start",
                                              condition=Q(ends_at__gte=models.F("starts_at")))]

    def __str__(self) -> str:
        return self.title


class ProgrammeItem(models.Model):
    """One point of a conference's programme, in order."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE,
                                   related_name="programme", verbose_name=_("Tagung"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    time = models.TimeField(_("Uhrzeit"))
    title = models.CharField(_("Programmpunkt"), max_length=300)
    speaker = models.CharField(_("Vortragende Stelle (Funktion, Institution)"), max_length=300,
                               blank=True)

    class Meta:
        ordering = ["conference", "position"]
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programmpunkte")

    def __str__(self) -> str:
        return f"{self.time:%H:%M} {self.title}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("angemeldet")
    WAITING = "waiting", _("Warteliste")
    CANCELLED = "cancelled", _("storniert")


class Registration(models.Model):
    """A person's registration for a conference. `region` is the region the person registered
    for (empty for the ministry's own staff); `position` orders the waiting list."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE,
                                   related_name="registrations", verbose_name=_("Tagung"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="conference_registrations",
                             verbose_name=_("Person"))
    region = models.ForeignKey("regions.Region", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="conference_registrations",
                               verbose_name=_("Gebietskörperschaft"))
    status = models.CharField(_("Status"), max_length=10, choices=RegistrationStatus.choices)
    position = models.PositiveIntegerField(_("Platz auf der Warteliste"), null=True, blank=True)
    note = models.CharField(_("Hinweis (z. B. Funktion, Barrierefreiheit)"), max_length=300,
                            blank=True)
    attended = models.BooleanField(_("teilgenommen"), null=True, blank=True)
    created_at = models.DateTimeField(_("angemeldet am"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "status", "position", "created_at", "pk"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [models.UniqueConstraint(
            fields=["conference", "user"], condition=~Q(status="cancelled"),
            name="registration_one_live_per_user")]

    def __str__(self) -> str:
        return f"Anmeldung {self.pk} zu {self.conference_id}"

    @property
    def person(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class DocumentKind(models.TextChoices):
    SLIDES = "slides", _("Präsentation")
    MINUTES = "minutes", _("Protokoll")
    OTHER = "other", _("sonstiges Dokument")


class ConferenceDocument(models.Model):
    """Slides or minutes of a conference; stored under a name the server chooses."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE,
                                   related_name="documents", verbose_name=_("Tagung"))
    kind = models.CharField(_("Art"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="tagungen/%Y/")
    suffix = models.CharField(_("Dateityp"), max_length=5)
    file_sha256 = models.CharField(_("Prüfsumme der Datei"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, verbose_name=_("hochgeladen von"))
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        ordering = ["conference", "kind", "title", "pk"]
        verbose_name = _("Tagungsdokument")
        verbose_name_plural = _("Tagungsdokumente")

    def __str__(self) -> str:
        return self.title


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")


class PracticeEntry(models.Model):
    """A good-practice entry of a region. The contact is an office (function and the office's
    e-mail address), never a private person's name."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT,
                               related_name="practice_entries",
                               verbose_name=_("Gebietskörperschaft"))
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="practice_entries",
                                verbose_name=_("Projekt"))
    measure_type = models.ForeignKey("budgets.MeasureType", on_delete=models.PROTECT,
                                     related_name="practice_entries",
                                     verbose_name=_("Maßnahmeart"))
    title = models.CharField(_("Titel"), max_length=200)
    what_worked = models.TextField(_("Was hat sich bewährt?"))
    contact_office = models.CharField(_("Kontakt (Stelle oder Funktion)"), max_length=200)
    contact_email = models.EmailField(_("E-Mail-Adresse der Stelle"), max_length=254)
    status = models.CharField(_("Status"), max_length=10, choices=PracticeStatus.choices,
                              default=PracticeStatus.DRAFT)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "title", "pk"]
        verbose_name = _("Gute-Praxis-Beispiel")
        verbose_name_plural = _("Gute-Praxis-Beispiele")

    def __str__(self) -> str:
        return self.title
