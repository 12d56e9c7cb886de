from django import forms

from aqb.accounts.models import Provider
from aqb.german.fields import GermanDateField, MoneyField

from .models import Party


class ProjectAddForm(forms.Form):
    measure_number = forms.TypedChoiceField(label="Maßnahmeart", coerce=int, choices=[])
    name = forms.CharField(label="Name des Projekts", max_length=300,
                           help_text="z. B. „Aktivierung und Vermittlung von Migranten“")
    short_name = forms.CharField(label="Kurzname", max_length=60, required=False,
                                 help_text="z. B. „AVIA“; erscheint vor dem Namen")
    provider = forms.ModelChoiceField(label="Träger", queryset=Provider.objects.all(),
                                      required=False, empty_label="– noch offen –")
    planned_amount = MoneyField(label="geplante Mittel (Euro)", required=False)
    planned_participants = forms.IntegerField(label="geplante Teilnehmende", min_value=0,
                                              required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_number"].choices = [
            (m.number, f"{m.number}. {m.title}") for m in agreement.measures.all()]


class BudgetLinesForm(forms.Form):
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
    scan = forms.FileField(
        label="Scan des unterzeichneten Dokuments (PDF)", required=False,
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
    file = forms.FileField(label="Datei (.txt, .pdf, .docx)")


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
