"""Forms of passing money on (Weiterleitung) and of the providers' expense reports."""

from __future__ import annotations

from django import forms

from aqb.german.fields import GermanDateField, MoneyField
from aqb.ui.uploads import MAX_TABLE_BYTES, UploadField

from .models_passon import ANBEST_P, PassOnBasis, ReportKind


class PassOnForm(forms.Form):
    project = forms.TypedChoiceField(label="Projekt (mit Träger)", coerce=int)
    amount = MoneyField(label="Weitergeleiteter Betrag (Euro)")
    date = GermanDateField(label="Datum der Weiterleitung")
    basis = forms.ChoiceField(label="Rechtsform der Weiterleitung",
                              choices=PassOnBasis.choices)
    reference = forms.CharField(label="Aktenzeichen oder Vertragsnummer", max_length=80)
    anbest_p = forms.BooleanField(label="ANBest-P zum Bestandteil gemacht", required=False,
                                  initial=True)
    anbest_p_version = forms.CharField(label="ANBest-P: Bezeichnung und Fassung",
                                       max_length=300, required=False, initial=ANBEST_P)
    interim_report_due = GermanDateField(label="Zwischenbericht des Trägers fällig am",
                                         required=False)
    report_due = GermanDateField(label="Schlussbericht des Trägers fällig am")

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [
            (p.pk, f"{p} – {p.provider}" if p.provider_id else f"{p} (kein Träger)")
            for p in projects]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="Art des Berichts", choices=ReportKind.choices)
    period_start = GermanDateField(label="Berichtszeitraum von")
    period_end = GermanDateField(label="Berichtszeitraum bis")


class ExpenseLineForm(forms.Form):
    date = GermanDateField(label="Datum der Zahlung")
    payee = forms.CharField(label="Empfänger der Zahlung", max_length=200)
    purpose = forms.CharField(label="Zweck der Ausgabe", max_length=300)
    amount = MoneyField(label="Betrag (Euro)")
    voucher = forms.CharField(label="Belegnummer", max_length=60)


class ReviewForm(forms.Form):
    """The decision comes from the button pressed ("accept" or "object")."""

    note = forms.CharField(label="Prüfvermerk", required=False, max_length=4000,
                           widget=forms.Textarea({"rows": 4}),
                           help_text="Bei einer Beanstandung: was der Träger korrigieren soll.")


class LinesUploadForm(forms.Form):
    file = UploadField(
        label="Datei mit Ausgaben (CSV oder XLSX)", max_bytes=MAX_TABLE_BYTES,
        extensions=(".csv", ".xlsx"),
        help_text="Spalten: Datum, Empfänger, Zweck, Betrag, Belegnummer; die erste Zeile "
                  "enthält die Überschriften. Ersetzt alle bisher erfassten Ausgaben.")
