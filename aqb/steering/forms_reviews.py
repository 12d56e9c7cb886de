"""Forms of the autumn review meetings (German input; the services check the rest)."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.db.models import Q
from django.utils import timezone

from aqb.accounts.models import Role, User
from aqb.budgets.models import ProgrammeYear
from aqb.german.fields import GermanDateField
from aqb.regions.models import Region

from .models import CommentKind, Responsible


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        where = ", ".join(sorted({m.region.name if m.region_id else m.get_role_display()
                                  for m in obj.memberships.all()
                                  if m.role in (Role.MINISTRY, Role.REGION)}))
        return f"{name} ({where})"


def people(region=None):
    """Users of the ministry and of the region (all regions before one is chosen)."""
    q = Q(memberships__role=Role.MINISTRY)
    q |= Q(memberships__role=Role.REGION, memberships__region=region) if region is not None \
        else Q(memberships__role=Role.REGION)
    return User.objects.filter(q, is_active=True).distinct().prefetch_related(
        "memberships__region").order_by("last_name", "username")


class ScheduleForm(forms.Form):
    region = forms.ModelChoiceField(label="Gebietskörperschaft",
                                    queryset=Region.objects.order_by("name"))
    programme_year = forms.ModelChoiceField(label="Programmjahr",
                                            queryset=ProgrammeYear.objects.order_by("-year"),
                                            to_field_name="year")
    day = GermanDateField(label="Datum")
    at = forms.TimeField(label="Uhrzeit", widget=forms.TimeInput(attrs={"type": "time"},
                                                                     format="%H:%M"),
                         error_messages={"invalid": "Bitte eine Uhrzeit wie „10:00“ eingeben."})
    place = forms.CharField(label="Ort", max_length=200, required=False)
    video_link = forms.URLField(label="Videokonferenz-Link", required=False, assume_scheme="https",
                                error_messages={"invalid": "Bitte eine vollständige Adresse "
                                                           "(https://…) eingeben."})
    participants = PersonChoice(label="Teilnehmende (Benutzerkonten)", queryset=User.objects.none(),
                                required=False,
                                help_text="Nur Personen des Ministeriums und der "
                                          "Gebietskörperschaft; mehrere mit Strg wählen.")
    external_participants = forms.CharField(
        label="weitere Teilnehmende (Funktion)", required=False, widget=forms.Textarea(
            attrs={"rows": 3}),
        help_text="Nur Funktionen oder Stellen, eine je Zeile, keine Namen "
                  "(z. B. „Jobcenter, Bereichsleitung“).")

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people(review.region if review else None)
        if review is not None:
            del self.fields["region"]
            del self.fields["programme_year"]

    def starts_at(self) -> datetime:
        d = self.cleaned_data
        return timezone.make_aware(datetime.combine(d["day"], d["at"] or time(10)))


class CancelForm(forms.Form):
    reason = forms.CharField(label="Grund der Absage", widget=forms.Textarea(attrs={"rows": 3}))


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Tagesordnungspunkt", max_length=200)
    text = forms.CharField(label="Erläuterung", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class MinutesForm(forms.Form):
    decisions = forms.CharField(label="Beschlüsse", required=False,
                                widget=forms.Textarea(attrs={"rows": 6}),
                                help_text="Ein Beschluss je Absatz.")


class ActionForm(forms.Form):
    what = forms.CharField(label="Maßnahme", widget=forms.Textarea(attrs={"rows": 2}))
    party = forms.ChoiceField(label="verantwortliche Seite", choices=Responsible.choices)
    owner = forms.ModelChoiceField(label="verantwortliche Person", queryset=User.objects.none(),
                                   required=False)
    due_on = GermanDateField(label="zu erledigen bis")

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        if review is not None:
            self.fields["owner"].queryset = people(review.region)
            self.fields["owner"].label_from_instance = PersonChoice.label_from_instance.__get__(
                self.fields["owner"])


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label="Art der Rückmeldung", choices=CommentKind.choices)
    text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Für eine Anmerkung oder einen Einwand erforderlich.")

    def __init__(self, *args, ministry: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ministry:  # the ministry answers; only the region objects or confirms
            self.fields["kind"].choices = [(CommentKind.COMMENT.value,
                                            CommentKind.COMMENT.label)]


class DoneForm(forms.Form):
    done_on = GermanDateField(label="erledigt am")
    note = forms.CharField(label="Vermerk zur Erledigung", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
