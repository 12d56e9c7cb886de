from django import forms

from .models import Choice


class PreferencesForm(forms.Form):
    """One choice per registered kind (field name = the kind's key)."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            kind = row["kind"]
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label, choices=Choice.choices, initial=row["choice"],
                help_text=kind.description or None,
                error_messages={"required": "Bitte eine Auswahl treffen.",
                                "invalid_choice": "Bitte „sofort“, „tägliche Zusammenfassung“ "
                                                  "oder „aus“ wählen."})
