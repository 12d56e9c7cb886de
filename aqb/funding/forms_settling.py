"""Forms of the settlement and refund pages and of the ministry's base-rate table."""

from __future__ import annotations

from django import forms

from aqb.german.fields import GermanDateField, MoneyField
from aqb.german.money import GermanNumberError, parse_decimal


class SettlementForm(forms.Form):
    date = GermanDateField(label="Datum der Abrechnung")
    effective = GermanDateField(
        label="Bescheid unwirksam ab", required=False,
        help_text="Tag, ab dem der Zuwendungsbescheid (teilweise) unwirksam ist; ab ihm wird "
                  "die Erstattung verzinst. Leer: das Datum der Abrechnung.")


class UntilForm(forms.Form):
    until = GermanDateField(label="Zinsen berechnen bis einschließlich")


class RefundPaymentForm(forms.Form):
    date = GermanDateField(label="Zahlungseingang am")
    amount = MoneyField(label="Gezahlter Betrag (Euro)")


class DeferralForm(forms.Form):
    until = GermanDateField(label="Gestundet bis")
    reason = forms.CharField(label="Grund der Stundung", max_length=4000,
                             widget=forms.Textarea({"rows": 3}))


class BaseRateForm(forms.Form):
    valid_from = GermanDateField(label="Gültig ab",
                                 help_text="Der 1. Januar oder der 1. Juli eines Jahres.")
    percent = forms.CharField(label="Basiszinssatz in Prozent", max_length=10,
                              help_text="Zum Beispiel „1,27“ oder „-0,88“.")

    def clean_percent(self):
        text = self.cleaned_data["percent"].strip().removesuffix("%").strip()
        try:
            return parse_decimal(text)
        except GermanNumberError:
            raise forms.ValidationError("Bitte einen Prozentsatz wie „1,27“ eingeben.") \
                from None
