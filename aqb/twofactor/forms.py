from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=20,
        help_text="Der sechsstellige Code aus Ihrer Authenticator-App oder einer Ihrer "
                  "Notfallcodes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}))
