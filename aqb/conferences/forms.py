"""Forms of the conference pages; the services check again and carry errors back."""

from __future__ import annotations

from django import forms

from aqb.budgets.models import MeasureType
from aqb.german.fields import CountField, GermanDateField, GermanDateTimeField
from aqb.ui.uploads import MAX_DOCUMENT_BYTES, UploadField

from .models import ConferenceStatus, DocumentKind


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConferenceForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    starts_at = GermanDateTimeField(label="Beginn", widget=DateTimeInput())
    ends_at = GermanDateTimeField(label="Ende", widget=DateTimeInput())
    place = forms.CharField(label="Ort oder Link der Videokonferenz", max_length=300)
    description = forms.CharField(label="Beschreibung", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    capacity = CountField(label="Plätze", min_value=1, max_value=10000)
    registration_deadline = GermanDateField(label="Anmeldeschluss")
    status = forms.ChoiceField(label="Status", choices=ConferenceStatus.choices)


class ProgrammeForm(forms.Form):
    programme = forms.CharField(
        label="Programm", required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Ein Programmpunkt je Zeile: „Uhrzeit | Titel | vortragende Stelle "
                  "(Funktion, Institution)“, z. B. „09:30 | Begrüßung | Referatsleitung, "
                  "Ministerium“.")


class RegisterForm(forms.Form):
    note = forms.CharField(label="Hinweis (z. B. Funktion, Bedarf an Barrierefreiheit)",
                           max_length=300, required=False)


class RegisterOtherForm(RegisterForm):
    user = forms.ModelChoiceField(label="Person", queryset=None)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.get_username()} ({u.get_username()})")
        self.order_fields(["user", "note"])


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Art", choices=DocumentKind.choices)
    title = forms.CharField(label="Titel", max_length=200, required=False,
                            help_text="Leer lassen, um den Dateinamen zu verwenden.")
    file = UploadField(label="Datei (PDF, PPTX oder DOCX, höchstens 20 MB)",
                       max_bytes=MAX_DOCUMENT_BYTES)


class PracticeForm(forms.Form):
    measure_type = forms.ModelChoiceField(label="Maßnahmeart", queryset=None)
    project = forms.ModelChoiceField(label="Projekt", queryset=None, required=False)
    title = forms.CharField(label="Titel", max_length=200)
    what_worked = forms.CharField(label="Was hat sich bewährt?",
                                  widget=forms.Textarea(attrs={"rows": 6}))
    contact_office = forms.CharField(
        label="Kontakt (Stelle oder Funktion)", max_length=200,
        help_text="Eine Stelle oder Funktion, z. B. „Fachdienst Arbeit, Koordination AQB“ – "
                  "kein Name einer Person.")
    contact_email = forms.EmailField(
        label="E-Mail-Adresse der Stelle",
        help_text="Ein Funktionspostfach, keine persönliche Adresse.")

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_type"].queryset = MeasureType.objects.select_related(
            "programme_year").order_by("-programme_year__year", "number")
        self.fields["measure_type"].label_from_instance = lambda m: (
            f"{m.programme_year.year}: {m.number} – {m.title}")
        self.fields["project"].queryset = region.projects.order_by("name")
