"""Forms of the payment pages: the region's request, the authority's refusal and payment."""

from __future__ import annotations

from django import forms

from aqb.german.fields import GermanDateField, MoneyField


class PaymentRequestForm(forms.Form):
    date = GermanDateField(label="Datum des Mittelabrufs")
    amount = MoneyField(label="Angeforderter Betrag (Euro)")
    needed_by = GermanDateField(
        label="Benötigt am",
        help_text="Höchstens zwei Monate nach dem Datum des Mittelabrufs.")
    reason = forms.CharField(label="Begründung", max_length=4000,
                             widget=forms.Textarea({"rows": 3}))
    use_of_earlier = forms.CharField(label="Verwendung bisher ausgezahlter Mittel",
                                     max_length=4000, required=False,
                                     widget=forms.Textarea({"rows": 3}))


class PaymentRefuseForm(forms.Form):
    reason = forms.CharField(label="Begründung der Ablehnung", max_length=4000,
                             widget=forms.Textarea({"rows": 4}))


class PaymentPayForm(forms.Form):
    paid_on = GermanDateField(label="Ausgezahlt am")
