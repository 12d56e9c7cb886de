"""Forms of the survey pages (the answers themselves are read from the POST in views.py)."""

from django import forms

from aqb.german.fields import GermanDateField
from aqb.regions.models import Region

from .models import Kind


class SurveyForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    description = forms.CharField(label="Einleitung", required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text="Wird den Gebietskörperschaften über dem Fragebogen "
                                      "angezeigt.")


class SectionForm(forms.Form):
    title = forms.CharField(label="Überschrift des neuen Abschnitts", max_length=200)
    description = forms.CharField(label="Erläuterung", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Art der Frage", choices=Kind.choices)
    text = forms.CharField(label="Frage", max_length=500)
    help_text = forms.CharField(label="Hinweis zur Frage", required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label="Pflichtfrage", required=False)
    options = forms.CharField(
        label="Antwortmöglichkeiten", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Nur bei Einfach- und Mehrfachauswahl: eine Möglichkeit je Zeile.")
    scale_min = forms.IntegerField(label="Skala von", min_value=0, max_value=10, initial=1,
                                   required=False, help_text="Nur bei Skalen.")
    scale_max = forms.IntegerField(label="Skala bis", min_value=0, max_value=10, initial=5,
                                   required=False, help_text="Nur bei Skalen.")
    label_min = forms.CharField(label="Bezeichnung des unteren Endes", max_length=100,
                                required=False, help_text="z. B. „trifft nicht zu“")
    label_max = forms.CharField(label="Bezeichnung des oberen Endes", max_length=100,
                                required=False, help_text="z. B. „trifft voll zu“")


class SendForm(forms.Form):
    deadline = GermanDateField(label="Frist")
    all_regions = forms.BooleanField(label="An alle Gebietskörperschaften", required=False,
                                     initial=True)
    regions = forms.ModelMultipleChoiceField(
        label="Oder an diese Gebietskörperschaften", required=False,
        queryset=Region.objects.order_by("ags"),
        help_text="Sind hier Gebietskörperschaften gewählt, geht die Umfrage nur an diese; "
                  "mehrere mit Strg bzw. Umschalt wählen.")


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Grund für das Wiederöffnen", max_length=500)
