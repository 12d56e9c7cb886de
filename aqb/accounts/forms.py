from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .backends import login_is_throttled


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Benutzername oder Passwort ist falsch. Bitte prüfen Sie Ihre Eingabe.",
        "inactive": "Dieses Benutzerkonto ist gesperrt.",
        "throttled": ("Zu viele fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen ist die "
                      "Anmeldung für dieses Benutzerkonto 15 Minuten gesperrt."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Benutzername"
        self.fields["password"].label = "Passwort"

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and login_is_throttled(username):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        return super().clean()
