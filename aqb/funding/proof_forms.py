"""Forms of the proof pages: the header (kind, date, Sachbericht), the actual figures of one
project beside its plan, one row of the voucher list, and the authority's review notes."""

from __future__ import annotations

from django import forms

from aqb.german.fields import ID_MAX, GermanDateField, MoneyField
from aqb.ui.revisions import revision_field

from .models import ProofKind


class ProofForm(forms.Form):
    kind = forms.ChoiceField(label="Art des Nachweises", choices=ProofKind.choices)
    date = GermanDateField(label="Datum des Nachweises")
    report = forms.CharField(
        label="Sachbericht", max_length=20000, widget=forms.Textarea({"rows": 8}),
        help_text="Verwendung der Zuwendung, erzielte Ergebnisse im Vergleich zu den Zielen, "
                  "Abweichungen vom Finanzierungsplan.")
    # the correction only: the proof's fingerprint when the form was loaded
    # (`selectors.proof_revision`); the save is refused when someone else changed it since
    revision = revision_field()

    def __init__(self, *args, with_kind: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_kind:
            del self.fields["kind"]
        else:
            del self.fields["revision"]


class ProofLineForm(forms.Form):
    """Actual figures of one project; empty counts as 0."""

    project = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=ID_MAX)
    personnel_costs = MoneyField(label="Personalkosten (Ist, Euro)", required=False)
    material_costs = MoneyField(label="Sachkosten (Ist, Euro)", required=False)
    administrative_costs = MoneyField(label="Verwaltungskosten (Ist, Euro)", required=False)
    other_costs = MoneyField(label="sonstige Kosten (Ist, Euro)", required=False)
    own_funds = MoneyField(label="Eigenmittel (Ist, Euro)", required=False)
    third_party_funds = MoneyField(label="Drittmittel (Ist, Euro)", required=False)


ProofLineFormSet = forms.formset_factory(ProofLineForm, extra=0)


class VoucherForm(forms.Form):
    """One payment of the voucher list; a row left empty is ignored."""

    date = GermanDateField(label="Datum", required=False)
    payee = forms.CharField(label="Empfänger", max_length=200, required=False)
    purpose = forms.CharField(label="Grund der Zahlung", max_length=300, required=False)
    amount = MoneyField(label="Betrag (Euro)", required=False)
    number = forms.CharField(label="Belegnummer", max_length=60, required=False)

    def is_blank(self) -> bool:
        c = getattr(self, "cleaned_data", {}) or {}
        return not any(c.get(k) not in (None, "") for k in self.fields)


VoucherFormSet = forms.formset_factory(VoucherForm, extra=0, max_num=2000)


class ProofQueryForm(forms.Form):
    question = forms.CharField(label="Frage an die Gebietskörperschaft", max_length=4000,
                               widget=forms.Textarea({"rows": 5}))
    vouchers_required = forms.BooleanField(
        label="Belegliste anfordern", required=False,
        help_text="Die Korrektur muss dann jede Zahlung mit Datum, Empfänger, Grund, Betrag "
                  "und Belegnummer enthalten.")


class ProofRefundForm(forms.Form):
    note = forms.CharField(label="Prüfvermerk (Beanstandung und Rückforderung)",
                           max_length=4000, widget=forms.Textarea({"rows": 5}))
