from decimal import Decimal

from django import forms

from aqb.german.fields import GermanDateField, MoneyField
from aqb.ui.uploads import MAX_TABLE_BYTES, UploadField

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
    agreement_shows_targets = forms.BooleanField(
        label="Ziele der Projekte im Dokument der Zielvereinbarung (§ 5) aufführen",
        required=False, help_text="Geplante Eintritte und geplante Mittel je Projekt; gilt für "
        "alle Zielvereinbarungen des Jahres, die danach erzeugt werden (unterzeichnete "
        "Dokumente bleiben, wie sie sind).")

    def __init__(self, *args, programme_year: ProgrammeYear, **kwargs):
        initial = {
            "total": programme_year.total,
            "application_deadline": programme_year.application_deadline,
            "notes": programme_year.notes,
            "agreement_shows_targets": programme_year.agreement_shows_targets,
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


class IndicatorUploadForm(forms.Form):
    name = forms.CharField(label="Bezeichnung des Datensatzes", max_length=200,
                           help_text="z. B. „Arbeitsmarktdaten 2024“")
    file = UploadField(label="Datei (CSV oder XLSX)", max_bytes=MAX_TABLE_BYTES, extensions=(
        ".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods"), help_text=(
        "Erste Zeile: Spalte „ags“ (fünfstelliger Schlüssel) und eine Spalte je Indikator; "
        "Zahlen deutsch („1.234,5“) oder einfach („1234.5“)."))


class KeyFieldsMixin(forms.Form):
    def _name_indicators(self, indicator_sets) -> None:
        """Add the indicator names of the datasets to the help text of the weights."""
        names = list(dict.fromkeys(n for s in indicator_sets for n in s.indicators))
        if names:
            self.fields["weights"].help_text += " Indikatoren: " + ", ".join(
                f"„{n}“" for n in names) + "."

    weights = forms.CharField(
        label="Gewichte", max_length=1000,
        help_text="z. B. „arbeitslose=0,5; einwohner=0,5“ oder „arbeitslose=0.5,einwohner=0.5“. "
                  "Groß- und Kleinschreibung, Bindestriche und Umlaute („ä“ oder „ae“) spielen "
                  "keine Rolle; der eindeutige Anfang eines Namens genügt.")
    floor = MoneyField(label="Mindestbetrag je Gebietskörperschaft (Euro)", required=False)
    unit = MoneyField(label="Rundungseinheit (Euro)", required=False,
                      help_text="Jeder Betrag ist ein Vielfaches davon, z. B. 10.")


class ScenarioForm(KeyFieldsMixin):
    name = forms.CharField(label="Bezeichnung des Szenarios", max_length=200)
    indicator_set = forms.ModelChoiceField(label="Indikatordatensatz", queryset=None,
                                           empty_label=None)
    total = MoneyField(label="Zu verteilender Betrag (Euro)", required=False,
                       help_text="Leer lassen: Gesamtbetrag des Jahres abzüglich der "
                                 "Zweckbindungen.")
    max_change = forms.CharField(
        label="Änderungsgrenze gegenüber dem Vorjahr (Prozent)", required=False, max_length=10,
        help_text="z. B. „10“ für höchstens ±10 % gegenüber der aktuellen Zuweisung des "
                  "Vorjahres; leer lassen ohne Grenze.")
    field_order = ["name", "indicator_set", "total", "weights", "floor", "unit", "max_change"]

    def __init__(self, *args, programme_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_set"].queryset = programme_year.indicator_sets.all()
        self._name_indicators(programme_year.indicator_sets.all())

    def clean_max_change(self):
        from aqb.german.money import GermanNumberError, parse_decimal

        text = self.cleaned_data["max_change"].replace("%", "").strip()
        if not text:
            return None
        try:
            value = parse_decimal(text)
        except GermanNumberError as exc:
            raise forms.ValidationError(f"{exc} Bitte eine Prozentzahl wie „10“ angeben.") \
                from exc
        if value < 0 or value > 100:
            raise forms.ValidationError("Bitte eine Prozentzahl zwischen 0 und 100 angeben.")
        return value / 100


class EarmarkKeyForm(KeyFieldsMixin):
    indicator_set = forms.ModelChoiceField(label="Indikatordatensatz", queryset=None,
                                           empty_label=None)
    field_order = ["indicator_set", "weights", "floor", "unit"]

    def __init__(self, *args, programme_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_set"].queryset = programme_year.indicator_sets.all()
        self._name_indicators(programme_year.indicator_sets.all())


class EarmarkFixedForm(forms.Form):
    """One amount field per region."""

    def __init__(self, *args, regions, initial_amounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        for region in regions:
            self.fields[f"ags_{region.ags}"] = _summed(MoneyField(
                label=region.name, required=False,
                initial=(initial_amounts or {}).get(region.ags)))

    def amounts(self) -> dict[str, object]:
        return {k[4:]: v for k, v in self.cleaned_data.items() if k.startswith("ags_") and v}

    def running_sum(self) -> Decimal:
        """The sum of the amounts shown: typed ones (those that read as amounts) after a
        POST, else the current shares. The page shows it in its sum row."""
        return _sum_of_fields(self)


CHANGE_KINDS = [("cut", "Kürzung"), ("increase", "Erhöhung")]


class ChangeForm(forms.Form):
    """A cut or an increase for up to six regions/parts; amounts are entered positive."""

    LINES = 6
    kind = forms.ChoiceField(label="Art", choices=CHANGE_KINDS)
    effective_date = GermanDateField(label="wirksam ab")
    reason = forms.CharField(label="Begründung", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, regions, parts, **kwargs):
        super().__init__(*args, **kwargs)
        region_choices = [("", "– bitte wählen –")] + [(r.ags, r.name) for r in regions]
        for n in range(1, self.LINES + 1):
            self.fields[f"region_{n}"] = forms.ChoiceField(
                label=f"Zeile {n}: Gebietskörperschaft", choices=region_choices,
                required=False)
            self.fields[f"part_{n}"] = forms.ChoiceField(label=f"Zeile {n}: Teil",
                                                         choices=parts, required=False)
            self.fields[f"amount_{n}"] = MoneyField(label=f"Zeile {n}: Betrag (Euro)",
                                                    required=False)

    def clean(self):
        data = super().clean()
        for n in range(1, self.LINES + 1):
            if bool(data.get(f"region_{n}")) != bool(data.get(f"amount_{n}")):
                self.add_error(f"region_{n}" if not data.get(f"region_{n}") else f"amount_{n}",
                               "Bitte Gebietskörperschaft und Betrag zusammen angeben.")
        return data

    def lines(self):
        out = []
        for n in range(1, self.LINES + 1):
            if self.cleaned_data.get(f"region_{n}") and self.cleaned_data.get(f"amount_{n}"):
                out.append((self.cleaned_data[f"region_{n}"], self.cleaned_data[f"part_{n}"],
                            self.cleaned_data[f"amount_{n}"]))
        return out


class ShiftForm(forms.Form):
    effective_date = GermanDateField(label="wirksam ab")
    reason = forms.CharField(label="Begründung", widget=forms.Textarea(attrs={"rows": 3}))
    from_region = forms.ChoiceField(label="Abgebende Gebietskörperschaft")
    from_part = forms.ChoiceField(label="Abgebender Teil", required=False)
    to_region = forms.ChoiceField(label="Aufnehmende Gebietskörperschaft")
    to_part = forms.ChoiceField(label="Aufnehmender Teil", required=False)
    amount = MoneyField(label="Betrag (Euro)")

    def __init__(self, *args, regions, parts, **kwargs):
        super().__init__(*args, **kwargs)
        region_choices = [(r.ags, r.name) for r in regions]
        for f in ("from_region", "to_region"):
            self.fields[f].choices = region_choices
        for f in ("from_part", "to_part"):
            self.fields[f].choices = parts


def _sum_of_fields(form: forms.Form) -> Decimal:
    total = Decimal("0.00")
    for name, field in form.fields.items():
        if form.is_bound:
            try:
                value = field.clean(form[name].data)
            except forms.ValidationError:
                value = None
        else:
            value = form.initial.get(name, field.initial)
        total += value or 0
    return total


def _summed(field: MoneyField) -> MoneyField:
    """Mark a money field as part of the running sum (aqb/budgets/static/budgets/sum.js)."""
    field.widget.attrs["data-summe"] = ""
    return field


class CashPlanForm(forms.Form):
    def __init__(self, *args, years, initial_amounts, **kwargs):
        super().__init__(*args, **kwargs)
        for y in years:
            self.fields[f"year_{y}"] = _summed(MoneyField(
                label=f"Abfluss {y} (Euro)", required=False, initial=initial_amounts.get(y)))

    def amounts(self) -> dict[int, object]:
        return {int(k[5:]): v for k, v in self.cleaned_data.items() if k.startswith("year_")}

    def running_sum(self) -> Decimal:
        return _sum_of_fields(self)
