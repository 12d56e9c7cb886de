"""The form for one participant record: enter (identity by the provider's participant id or by
first name, surname and birth date, turned into the pseudonym at once) and correct (identity
not changeable). Fields are named like the columns of the import file, so messages and the
template speak one language."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured

from aqb.german.fields import GermanDateField
from aqb.ui.revisions import revision_field

from . import pseudonym, vocab
from .models import Participant, PseudonymKind
from .records import ParticipantData
from .rules import district_keys, plausibility
from .selectors import participant_revision

NOT_KNOWN = ("", "– nicht bekannt –")

# form field (= column of the import file) -> model field
FIELD_OF = {
    "eintritt": "entry_date", "austritt": "exit_date", "geschlecht": "gender",
    "geburtsjahr": "birth_year", "rechtskreis": "scheme", "erwerbsstatus": "employment",
    "bildung": "education", "staatsangehoerigkeit": "nationality", "behinderung": "disability",
    "wohnort_ags": "residence_ags", "teilzeitausbildung": "part_time",
    "austrittsgrund": "exit_reason", "verbleib": "outcome", "verbleib_6_monate": "outcome_6m",
    "einwilligung": "consent",
}
IDENTITY = ("teilnehmer_id", "vorname", "nachname", "geburtsdatum")


class NeverShownTextInput(forms.TextInput):
    """An input whose value is never rendered back (name fields: after sending, the page does
    not show them again, also not when other fields have errors)."""

    def format_value(self, value):
        return None


class NeverShownDateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return None


def _choices(choices, required: bool) -> list:
    return ([] if not required else [("", "– bitte wählen –")]) + (
        [] if required else [NOT_KNOWN]) + list(choices.choices)


def residence_choices() -> list:
    from aqb.regions.models import Region

    return [("", "– bitte wählen –")] + [
        (r.ags, f"{r.ags} {r.official_name}")
        for r in Region.objects.order_by("official_name")]


class ParticipantForm(forms.Form):
    teilnehmer_id = forms.CharField(
        label="Teilnehmenden-Nummer des Trägers", required=False,
        max_length=pseudonym.PROVIDER_ID_MAX,
        help_text="Ihre eigene Nummer der Person, z. B. „TN-2025-017“ – keine Namen oder "
                  "Geburtsdaten. Oder stattdessen die drei Felder darunter ausfüllen.")
    vorname = forms.CharField(label="Vorname", required=False, max_length=200,
                              widget=NeverShownTextInput(attrs={"autocomplete": "off"}))
    nachname = forms.CharField(label="Nachname", required=False, max_length=200,
                               widget=NeverShownTextInput(attrs={"autocomplete": "off"}))
    geburtsdatum = GermanDateField(label="Geburtsdatum", required=False,
                                   widget=NeverShownDateInput(attrs={"autocomplete": "off"}))
    eintritt = GermanDateField(label="Eintritt")
    austritt = GermanDateField(label="Austritt", required=False)
    geschlecht = forms.ChoiceField(label="Geschlecht", choices=_choices(vocab.Gender, True))
    geburtsjahr = forms.IntegerField(
        label="Geburtsjahr", required=False, min_value=1900, max_value=2100,
        help_text="Darf leer bleiben, wenn das Geburtsdatum angegeben ist.")
    rechtskreis = forms.ChoiceField(label="Rechtskreis", choices=_choices(vocab.Scheme, True))
    erwerbsstatus = forms.ChoiceField(label="Erwerbsstatus bei Eintritt", required=False,
                                      choices=_choices(vocab.Employment, False))
    bildung = forms.ChoiceField(label="Bildung (ISCED)", required=False,
                                choices=_choices(vocab.Education, False))
    staatsangehoerigkeit = forms.ChoiceField(label="Staatsangehörigkeit", required=False,
                                             choices=_choices(vocab.Nationality, False))
    behinderung = forms.ChoiceField(label="Behinderung", required=False,
                                    choices=_choices(vocab.Disability, False))
    wohnort_ags = forms.ChoiceField(label="Wohnort (Landkreis oder kreisfreie Stadt)",
                                    choices=[])
    teilzeitausbildung = forms.ChoiceField(label="Teilzeitausbildung", required=False,
                                           choices=[NOT_KNOWN, ("ja", "ja"), ("nein", "nein")])
    austrittsgrund = forms.ChoiceField(label="Austrittsgrund", required=False,
                                       choices=_choices(vocab.ExitReason, False))
    verbleib = forms.ChoiceField(label="Verbleib (bis 4 Wochen nach Austritt)", required=False,
                                 choices=_choices(vocab.Outcome, False))
    verbleib_6_monate = forms.ChoiceField(
        label="Verbleib nach 6 Monaten", required=False,
        choices=_choices(vocab.Outcome, False),
        help_text="Nur wenn die Person in die Befragung eingewilligt hat.")
    einwilligung = forms.BooleanField(
        label="Einwilligung in die Befragung nach 6 Monaten liegt vor", required=False)

    def __init__(self, data=None, *, record: Participant | None = None, region_ags: str = ""):
        self.record = record
        initial = {"wohnort_ags": region_ags}
        if record is not None:
            initial = {name: getattr(record, field) for name, field in FIELD_OF.items()}
            initial["teilzeitausbildung"] = {True: "ja", False: "nein"}.get(record.part_time, "")
        super().__init__(data, initial=initial)
        self.fields["wohnort_ags"].choices = residence_choices()
        if record is not None:  # the identity of a stored record is not changeable
            for name in IDENTITY:
                del self.fields[name]
            # what the form showed (`selectors.participant_revision`): the correction is
            # refused when someone else changed the record in between
            self.fields["revision"] = revision_field(participant_revision(record))
        self.data_out: ParticipantData | None = None

    def clean(self):
        cleaned = super().clean()
        pseudo, kind = self._identity(cleaned)
        birth_date = cleaned.get("geburtsdatum")
        if cleaned.get("geburtsjahr") is None and "geburtsjahr" not in self.errors:
            if birth_date is not None:
                cleaned["geburtsjahr"] = birth_date.year
            else:
                self.add_error("geburtsjahr", "Bitte das Geburtsjahr angeben.")
        for column, message in plausibility(
                entry_date=cleaned.get("eintritt"), birth_year=cleaned.get("geburtsjahr"),
                birth_date=birth_date, exit_date=cleaned.get("austritt"),
                residence_ags=cleaned.get("wohnort_ags"),
                outcome_6m=cleaned.get("verbleib_6_monate", ""),
                consent=bool(cleaned.get("einwilligung")), districts=district_keys()):
            if column not in self.errors:
                self.add_error(column, message)
        # the name fields are dropped at once: only the pseudonym goes on
        for name in ("vorname", "nachname", "geburtsdatum"):
            cleaned.pop(name, None)
        if not self.errors:
            if self.record is not None:
                pseudo, kind = self.record.pseudonym, self.record.pseudonym_kind
            values = {FIELD_OF[n]: cleaned.get(n) for n in FIELD_OF}
            values["part_time"] = vocab.YES_NO.get(cleaned.get("teilzeitausbildung") or "")
            values["consent"] = bool(cleaned.get("einwilligung"))
            for f in ("employment", "education", "nationality", "disability", "exit_reason",
                      "outcome", "outcome_6m"):
                values[f] = values[f] or ""
            self.data_out = ParticipantData(pseudonym=pseudo, pseudonym_kind=kind, **values)
        return cleaned

    def _identity(self, cleaned) -> tuple[str, str]:
        if self.record is not None:
            return "", ""
        own = (cleaned.get("teilnehmer_id") or "").strip()
        names = {n: cleaned.get(n) for n in ("vorname", "nachname", "geburtsdatum")}
        given = {n for n, v in names.items() if v not in (None, "") and str(v).strip()}
        if own and given:
            self.add_error("teilnehmer_id", "Bitte entweder die Teilnehmenden-Nummer oder "
                                            "Vorname, Nachname und Geburtsdatum angeben, "
                                            "nicht beides.")
            return "", ""
        if own:
            return pseudonym.from_provider_id(own), PseudonymKind.PROVIDER
        if not given and "geburtsdatum" not in self.errors:
            self.add_error("teilnehmer_id", "Bitte die Teilnehmenden-Nummer oder Vorname, "
                                            "Nachname und Geburtsdatum angeben.")
            return "", ""
        missing = {"vorname": "Bitte auch den Vornamen angeben.",
                   "nachname": "Bitte auch den Nachnamen angeben.",
                   "geburtsdatum": "Bitte auch das Geburtsdatum angeben."}
        for n, message in missing.items():
            if n not in given and n not in self.errors:
                self.add_error(n, message)
        if self.errors.keys() & {"vorname", "nachname", "geburtsdatum"}:
            return "", ""
        try:
            return (pseudonym.from_person(names["vorname"], names["nachname"],
                                          names["geburtsdatum"]), PseudonymKind.HASH)
        except ImproperlyConfigured:
            self.add_error(None, "Pseudonyme können gerade nicht gebildet werden (Schlüssel "
                                 "fehlt). Bitte die Teilnehmenden-Nummer verwenden oder den "
                                 "Betrieb verständigen.")
            return "", ""
