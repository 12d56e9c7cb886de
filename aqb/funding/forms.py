"""Forms of the application pages: the financing plan (one form per project), the early-start
request, queries and answers, attachments."""

from __future__ import annotations

from django import forms

from aqb.german.fields import ID_MAX, GermanDateField, MoneyField
from aqb.ui.uploads import MAX_SCAN_BYTES, UploadField


class LineForm(forms.Form):
    """One project's financing plan. Empty amounts count as 0; an empty amount requested is
    computed (costs minus own and third-party funds)."""

    project = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=ID_MAX)
    personnel_costs = MoneyField(label="Personalkosten (Euro)", required=False)
    material_costs = MoneyField(label="Sachkosten (Euro)", required=False)
    administrative_costs = MoneyField(label="Verwaltungskosten (Euro)", required=False)
    other_costs = MoneyField(label="sonstige Kosten (Euro)", required=False)
    own_funds = MoneyField(label="Eigenmittel (Euro)", required=False)
    third_party_funds = MoneyField(label="Drittmittel (Euro)", required=False)
    requested = MoneyField(
        label="beantragte Zuwendung (Euro)", required=False,
        help_text="Leer lassen: Kosten abzüglich Eigen- und Drittmitteln.")


LineFormSet = forms.formset_factory(LineForm, extra=0)


class EarlyStartForm(forms.Form):
    early_start = forms.BooleanField(label="Vorzeitigen Maßnahmebeginn beantragen",
                                     required=False)
    early_start_date = GermanDateField(label="Beginn der Maßnahmen", required=False)
    early_start_reason = forms.CharField(label="Begründung des vorzeitigen Beginns",
                                         required=False, widget=forms.Textarea({"rows": 3}),
                                         max_length=4000)


class QuestionForm(forms.Form):
    question = forms.CharField(label="Frage an die Gebietskörperschaft", max_length=4000,
                               widget=forms.Textarea({"rows": 5}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Ihre Antwort", max_length=4000,
                             widget=forms.Textarea({"rows": 5}))


class RejectForm(forms.Form):
    reason = forms.CharField(label="Begründung der Ablehnung", max_length=4000,
                             widget=forms.Textarea({"rows": 5}))


class AttachmentForm(forms.Form):
    title = forms.CharField(label="Bezeichnung der Anlage", max_length=200, required=False,
                            help_text="z. B. Kalkulation, Stellungnahme")
    file = UploadField(label="PDF-Datei", max_bytes=MAX_SCAN_BYTES,
                       help_text="Nur PDF, höchstens 20 MB.")
