from django import forms

from .services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(label="Bezeichnung", max_length=100,
                           help_text="Wofür das Token dient, z. B. „Fachverfahren Jugendhilfe“.")
    days = forms.IntegerField(label="Gültigkeit in Tagen", min_value=1, max_value=MAX_DAYS,
                              initial=DEFAULT_DAYS,
                              help_text=f"1 bis {MAX_DAYS} Tage; danach wird das Token abgelehnt.",
                              error_messages={"invalid": "Bitte eine ganze Zahl angeben.",
                                              "min_value": "Mindestens 1 Tag.",
                                              "max_value": f"Höchstens {MAX_DAYS} Tage."})
