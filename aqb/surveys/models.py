"""Surveys (Umfragen) of the ministry to the regions (docs/steering.md, "Surveys (Umfragen)").

A survey has versions; a version has sections, a section has questions. Regions answer the
survey's sent version (one response per region and survey, a draft until submitted). Rules of
versions, sending and closing live in `services.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("in Vorbereitung")
    OPEN = "open", _("versandt")
    CLOSED = "closed", _("geschlossen")


class Kind(models.TextChoices):
    SINGLE = "single", _("Einfachauswahl")
    MULTIPLE = "multiple", _("Mehrfachauswahl")
    SCALE = "scale", _("Skala")
    NUMBER = "number", _("Zahl")
    DATE = "date", _("Datum")
    TEXT = "text", _("Freitext")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")


class Survey(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Einleitung"), blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=SurveyStatus.choices,
                              default=SurveyStatus.DRAFT)
    deadline = models.DateField(_("Frist"), null=True, blank=True)
    all_regions = models.BooleanField(_("an alle Gebietskörperschaften"), default=True)
    regions = models.ManyToManyField("regions.Region", blank=True, related_name="+",
                                     verbose_name=_("ausgewählte Gebietskörperschaften"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("angelegt von"))
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("geschlossen am"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == SurveyStatus.CLOSED


class SurveyVersion(models.Model):
    """One wording of the questionnaire. Sent versions never change (services)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions",
                               verbose_name=_("Umfrage"))
    number = models.PositiveIntegerField(_("Fassung"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("Fassung einer Umfrage")
        verbose_name_plural = _("Fassungen von Umfragen")
        constraints = [models.UniqueConstraint(fields=["survey", "number"],
                                               name="survey_version_unique")]

    def __str__(self) -> str:
        return f"{self.survey} (Fassung {self.number})"


class Section(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE,
                                related_name="sections", verbose_name=_("Fassung"))
    position = models.PositiveIntegerField(_("Reihenfolge"))
    title = models.CharField(_("Überschrift"), max_length=200)
    description = models.TextField(_("Erläuterung"), blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("Abschnitt")
        verbose_name_plural = _("Abschnitte")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions",
                                verbose_name=_("Abschnitt"))
    position = models.PositiveIntegerField(_("Reihenfolge"))
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("Frage"), max_length=500)
    help_text = models.TextField(_("Hinweis"), blank=True)
    required = models.BooleanField(_("Pflichtfrage"), default=False)
    options = models.JSONField(_("Antwortmöglichkeiten"), default=list, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("Skala von"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("Skala bis"), default=5)
    label_min = models.CharField(_("Bezeichnung des unteren Endes"), max_length=100,
                                 blank=True)
    label_max = models.CharField(_("Bezeichnung des oberen Endes"), max_length=100,
                                 blank=True)

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")

    def __str__(self) -> str:
        return self.text

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Response(models.Model):
    """The answers of one region to one survey: a draft until submitted."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses",
                               verbose_name=_("Umfrage"))
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("Fassung"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Gebietskörperschaft"))
    status = models.CharField(_("Status"), max_length=10, choices=ResponseStatus.choices,
                              default=ResponseStatus.DRAFT)
    created_at = models.DateTimeField(_("begonnen am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt gespeichert am"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True,
                                   verbose_name=_("zuletzt gespeichert von"))
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True,
                                     verbose_name=_("eingereicht von"))
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        ordering = ["survey", "region__ags"]
        verbose_name = _("Antwort einer Gebietskörperschaft")
        verbose_name_plural = _("Antworten der Gebietskörperschaften")
        constraints = [models.UniqueConstraint(fields=["survey", "region"],
                                               name="survey_response_one_per_region")]

    def __str__(self) -> str:
        return f"Antwort {self.region_id} auf {self.survey_id}"


class Answer(models.Model):
    """One question's answer; the field used depends on the question's kind."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("Antwort"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers",
                                 verbose_name=_("Frage"))
    text = models.TextField(_("Text"), blank=True)
    number = models.DecimalField(_("Zahl"), max_digits=18, decimal_places=4, null=True,
                                 blank=True)
    date = models.DateField(_("Datum"), null=True, blank=True)
    choices = models.JSONField(_("gewählte Antworten"), default=list, blank=True)

    class Meta:
        ordering = ["response", "question"]
        verbose_name = _("Einzelantwort")
        verbose_name_plural = _("Einzelantworten")
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="survey_answer_unique")]

    def __str__(self) -> str:
        return f"Antwort auf {self.question_id}"
