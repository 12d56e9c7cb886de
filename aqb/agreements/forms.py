from decimal import Decimal, InvalidOperation

from django import forms

from aqb.accounts.models import Provider
from aqb.german.fields import CountField, GermanDateField, MoneyField
from aqb.german.money import GermanNumberError, format_number, parse_decimal
from aqb.ui.revisions import revision_field
from aqb.ui.uploads import MAX_DOCUMENT_BYTES, MAX_SCAN_BYTES, UploadField

from .models import Party
from .selectors import agreement_revision
from .targets import LABELS, target_field


class ProjectAddForm(forms.Form):
    measure_number = forms.TypedChoiceField(label="Maßnahmeart", coerce=int, choices=[])
    name = forms.CharField(label="Name des Projekts", max_length=300,
                           help_text="z. B. „Aktivierung und Vermittlung von Migranten“")
    short_name = forms.CharField(label="Kurzname", max_length=60, required=False,
                                 help_text="z. B. „AVIA“; erscheint vor dem Namen")
    provider = forms.ModelChoiceField(label="Träger", queryset=Provider.objects.all(),
                                      required=False, empty_label="– noch offen –")
    planned_amount = MoneyField(label="geplante Mittel (Euro)", required=False)
    planned_participants = CountField(label="geplante Teilnehmende", required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_number"].choices = [
            (m.number, f"{m.number}. {m.title}") for m in agreement.measures.all()]


class PercentInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value.normalize() if value != value.to_integral_value()
                                 else value.quantize(Decimal(1)))
        return super().format_value(value)


class PercentField(forms.Field):
    """A percentage in German notation ("62,5"), 0 to 100, two places at most."""

    widget = PercentInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            number = Decimal(value)
        else:
            try:
                number = parse_decimal(str(value).replace("%", "").strip())
            except (GermanNumberError, InvalidOperation) as exc:
                raise forms.ValidationError("Bitte eine Zahl wie „62,5“ eingeben.",
                                            code="invalid") from exc
        if not Decimal(0) <= number <= Decimal(100):
            raise forms.ValidationError("Bitte einen Wert zwischen 0 und 100 Prozent eingeben.",
                                        code="range")
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError("Höchstens zwei Nachkommastellen.", code="places")
        return number


class TargetsForm(forms.Form):
    """The targets of every project line of a draft, three fields per line."""

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"] = revision_field(agreement_revision(agreement))
        self.entries = []
        for m in agreement.measures.prefetch_related("projects").order_by("number"):
            for p in m.projects.all():
                self.entries.append(p)
                where = f"{p.label} (Maßnahmeart {m.number})"
                self.fields[target_field("planned_participants", p.pk)] = CountField(
                    label=f"{LABELS['planned_participants']}: {where}", required=False,
                    initial=p.planned_participants,
                    error_messages={"invalid": "Bitte eine ganze Zahl eingeben.",
                                    "min_value": "Die Zahl darf nicht negativ sein."})
                self.fields[target_field("planned_amount", p.pk)] = MoneyField(
                    label=f"{LABELS['planned_amount']}: {where}", required=False,
                    initial=p.planned_amount)
                self.fields[target_field("outcome_target", p.pk)] = PercentField(
                    label=f"{LABELS['outcome_target']}: {where}", required=False,
                    initial=p.outcome_target, help_text="Optional; Anteil der Austritte.")

    def targets(self) -> dict[int, dict]:
        return {p.pk: {name: self.cleaned_data.get(target_field(name, p.pk))
                       for name in LABELS} for p in self.entries}


class BudgetLinesForm(forms.Form):
    revision = revision_field()  # `selectors.agreement_revision`, set by the view
    name_0 = forms.CharField(label="Haushaltsmittel aus (Zeile 1)", max_length=200)
    amount_0 = MoneyField(label="Betrag (Zeile 1)", required=False)
    name_1 = forms.CharField(label="Haushaltsmittel aus (Zeile 2)", max_length=200,
                             required=False, help_text="Nur bei einem zweiten Budget, z. B. "
                             "„Arbeitsmarktbudget“.")
    amount_1 = MoneyField(label="Betrag (Zeile 2)", required=False)

    def lines(self):
        out = []
        for i in (0, 1):
            name = self.cleaned_data.get(f"name_{i}")
            if name:
                out.append((name, self.cleaned_data.get(f"amount_{i}")))
        return out


class SignForm(forms.Form):
    place = forms.CharField(label="Ort", max_length=100)
    day = GermanDateField(label="Datum der Unterschrift")
    name = forms.CharField(label="Name", max_length=150)
    title = forms.CharField(label="Amtsbezeichnung", max_length=150)
    scan = UploadField(
        label="Scan des unterzeichneten Dokuments (PDF)", required=False,
        max_bytes=MAX_SCAN_BYTES,
        help_text="Optional. Ohne Scan wird das Dokument aus den Daten erzeugt und als "
                  "unterzeichnete Fassung gespeichert.")
    confirm = forms.BooleanField(
        label="Ich bestätige, dass das Dokument so unterzeichnet wurde.", required=True)

    def __init__(self, *args, with_scan: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_scan:
            del self.fields["scan"]


class AmendForm(forms.Form):
    reason = forms.CharField(label="Grund der Änderung", widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = UploadField(label="Datei (.txt, .pdf, .docx)", max_bytes=MAX_DOCUMENT_BYTES)


class DraftsForm(forms.Form):
    year = forms.TypedChoiceField(label="Programmjahr", coerce=int, choices=[])


def text_rows(text: str, *, width: int = 90, least: int = 3, most: int = 40) -> int:
    """Rows for a textarea that shows `text` whole at about `width` characters a line (plus
    one empty line to write on), so long legal text need not be read through a slit."""
    lines = sum(max(1, -(-len(line) // width)) for line in (text or "").splitlines() or [""])
    return max(least, min(most, lines + 1))


class TemplateForm(forms.Form):
    purpose = forms.CharField(label="Zweck (Kopfzeile)", max_length=300,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, clauses, **kwargs):
        super().__init__(*args, **kwargs)
        self.clause_keys = []
        for i, c in enumerate(clauses):
            self.fields[f"clause_{i}_heading"] = forms.CharField(
                label=f"Abschnitt {i + 1}: Überschrift", initial=c["heading"], max_length=50)
            self.fields[f"clause_{i}_titles"] = forms.CharField(
                label=f"Abschnitt {i + 1}: Titelzeilen (eine je Zeile)", required=False,
                initial="\n".join(c.get("titles", [])),
                widget=forms.Textarea(attrs={"rows": text_rows("\n".join(
                    c.get("titles", [])), least=2)}))
            self.fields[f"clause_{i}_body"] = forms.CharField(
                label=f"Abschnitt {i + 1}: Text", initial=c["body"],
                widget=forms.Textarea(attrs={"rows": text_rows(c["body"], least=6)}))
            self.clause_keys.append(c.get("key", f"k{i}"))

    def clauses(self):
        out = []
        for i, key in enumerate(self.clause_keys):
            titles = [t.strip() for t in self.cleaned_data[f"clause_{i}_titles"].splitlines()
                      if t.strip()]
            out.append({"key": key, "heading": self.cleaned_data[f"clause_{i}_heading"].strip(),
                        "titles": titles,
                        "body": self.cleaned_data[f"clause_{i}_body"].replace("\r\n", "\n")})
        return out


PARTY_CHOICES = Party.choices
