from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .backends import client_ip, login_is_throttled
from .models import Membership, Provider, Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Benutzername oder Passwort ist falsch. Bitte prüfen Sie Ihre Eingabe.",
        "inactive": "Dieses Benutzerkonto ist gesperrt.",
        "throttled": ("Zu viele fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen ist die "
                      "Anmeldung vorübergehend gesperrt. Bitte versuchen Sie es in 15 Minuten "
                      "erneut."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Benutzername"
        self.fields["password"].label = "Passwort"

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and login_is_throttled(username, client_ip(self.request)):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        return super().clean()


# --- user management (ministry) --------------------------------------------------------------

PASSWORD_HINT = ("Mindestens 12 Zeichen, nicht nur Ziffern, kein gängiges Passwort und nicht "
                 "dem Namen oder Benutzernamen ähnlich.")


def _password_field(label: str, *, hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, strip=False, help_text=hint,
                           widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class _PasswordPair(forms.Form):
    password = _password_field("Passwort", hint=PASSWORD_HINT)
    password_repeat = _password_field("Passwort wiederholen")

    def clean(self):
        data = super().clean()
        a, b = data.get("password"), data.get("password_repeat")
        if a and b and a != b:
            self.add_error("password_repeat", "Die beiden Passwörter stimmen nicht überein.")
        return data


class UserCreateForm(_PasswordPair):
    username = forms.CharField(label="Benutzername", max_length=150, help_text=(
        "Buchstaben, Ziffern und @ . + - _; zum Beispiel „region-06611-mueller“."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    first_name = forms.CharField(label="Vorname", max_length=150)
    last_name = forms.CharField(label="Nachname", max_length=150)
    email = forms.EmailField(label="E-Mail", widget=forms.EmailInput(
        attrs={"autocomplete": "off"}))
    field_order = ["username", "first_name", "last_name", "email", "password", "password_repeat"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Anfangspasswort"
        self.fields["password_repeat"].label = "Anfangspasswort wiederholen"


class PasswordSetForm(_PasswordPair):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Neues Passwort"
        self.fields["password_repeat"].label = "Neues Passwort wiederholen"


class PasswordChangeOwnForm(_PasswordPair):
    """The holder's own change: the current password, then the new one twice."""
    old_password = forms.CharField(
        label="Bisheriges Passwort", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    field_order = ["old_password", "password", "password_repeat"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Neues Passwort"
        self.fields["password_repeat"].label = "Neues Passwort wiederholen"


class UserEditForm(forms.Form):
    first_name = forms.CharField(label="Vorname", max_length=150)
    last_name = forms.CharField(label="Nachname", max_length=150)
    email = forms.EmailField(label="E-Mail")


class _RegionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.ags})"


class MembershipForm(forms.Form):
    """One membership: a role, and the region or provider the role is bound to."""

    role = forms.ChoiceField(label="Rolle")
    region = _RegionChoice(label="Gebietskörperschaft", queryset=None, required=False,
                           empty_label="– keine –",
                           help_text="nur bei der Rolle Gebietskörperschaft")
    provider = forms.ModelChoiceField(label="Träger", queryset=None, required=False,
                                      empty_label="– keiner –",
                                      help_text="nur bei der Rolle Träger")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Regions by the lazy reference of Membership: accounts does not import regions.
        region_model = Membership._meta.get_field("region").related_model
        self.fields["role"].choices = [("", "– bitte wählen –"), *Role.choices]
        self.fields["region"].queryset = region_model.objects.order_by("name")
        self.fields["provider"].queryset = Provider.objects.order_by("name")

    def clean(self):
        from .services import membership_errors

        data = super().clean()
        if "role" in data:
            for field, message in membership_errors(
                    role=data.get("role"), region=data.get("region"),
                    provider=data.get("provider")).items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data


class _MembershipRows(forms.BaseFormSet):
    def clean(self):
        """A membership given twice is marked at its row (the service would only say so for
        the whole form)."""
        seen: dict[tuple, int] = {}
        for n, form in enumerate(self.forms, start=1):
            data = getattr(form, "cleaned_data", None)
            if not data or form.errors:
                continue
            key = (data["role"], data.get("region"), data.get("provider"))
            if key in seen:
                form.add_error("role", f"Diese Mitgliedschaft ist schon als Mitgliedschaft "
                                       f"{seen[key]} angegeben.")
            else:
                seen[key] = n


# The create page offers two rows: the first is required, the second may stay empty.
MembershipFormSet = forms.formset_factory(MembershipForm, formset=_MembershipRows, extra=1,
                                          min_num=1, validate_min=True)


class UserFilterForm(forms.Form):
    rolle = forms.ChoiceField(label="Rolle", required=False)
    suche = forms.CharField(label="Suche", required=False, max_length=100, help_text=(
        "Name, Benutzername, E-Mail, Gebietskörperschaft oder Träger"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rolle"].choices = [("", "alle Rollen"), *Role.choices]


class ProviderForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    city = forms.CharField(label="Ort", max_length=100, required=False)
