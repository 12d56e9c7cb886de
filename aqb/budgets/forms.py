from django import forms

from aqb.german.fields import GermanDateField, MoneyField

from .models import ProgrammeYear


class ProgrammeYearCreateForm(forms.Form):
    year = forms.IntegerField(label="Jahr", min_value=2000, max_value=2100)
    total = MoneyField(label="Gesamtbetrag (Euro)")
    application_deadline = GermanDateField(
        label="Antragsfrist", required=False,
        help_text="Leer lassen für den 31. März des Jahres.")
    notes = forms.CharField(label="Bemerkungen", required=False, widget=forms.Textarea(
        attrs={"rows": 3}))


class ProgrammeYearEditForm(forms.Form):
    total = MoneyField(label="Gesamtbetrag (Euro)")
    application_deadline = GermanDateField(label="Antragsfrist")
    notes = forms.CharField(label="Bemerkungen", required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, programme_year: ProgrammeYear, **kwargs):
        initial = {
            "total": programme_year.total,
            "application_deadline": programme_year.application_deadline,
            "notes": programme_year.notes,
        }
        for mt in programme_year.measure_types.all():
            initial[f"measure_{mt.number}"] = mt.title
        super().__init__(*args, initial=initial, **kwargs)
        for mt in programme_year.measure_types.all():
            self.fields[f"measure_{mt.number}"] = forms.CharField(
                label=f"Maßnahmeart {mt.number}", max_length=300)

    def measure_titles(self) -> dict[int, str]:
        return {int(k.split("_")[1]): v for k, v in self.cleaned_data.items()
                if k.startswith("measure_")}


class EarmarkForm(forms.Form):
    name = forms.CharField(label="Bezeichnung", max_length=200)
    amount = MoneyField(label="Betrag (Euro)")


class StrategyDocumentForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    reference = forms.CharField(label="Fundstelle (Link oder Aktenzeichen)", max_length=500,
                                required=False)
