from django import forms

from aqb.accounts.models import Provider
from aqb.budgets.models import DEFAULT_MEASURE_TYPES
from aqb.german.fields import CountField, MoneyField

MEASURE_CHOICES = [(n, f"{n}. {title}") for n, title in DEFAULT_MEASURE_TYPES.items()]


class ProjectForm(forms.Form):
    """Name, measure type, plan figures and years of a project (create and edit)."""

    name = forms.CharField(label="Name des Projekts", max_length=300,
                           help_text="z. B. „Aktivierung und Vermittlung von Migranten“")
    short_name = forms.CharField(label="Kurzname", max_length=60, required=False,
                                 help_text="z. B. „AVIA“; erscheint vor dem Namen")
    measure_number = forms.TypedChoiceField(label="Maßnahmeart", coerce=int,
                                            choices=MEASURE_CHOICES)
    planned_amount = MoneyField(label="geplante Mittel (Euro)", required=False)
    planned_participants = CountField(label="geplante Teilnehmende", required=False)
    first_year = forms.IntegerField(label="von Jahr", min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label="bis Jahr", min_value=2000, max_value=2100,
                                   required=False, help_text="leer: läuft weiter")

    @classmethod
    def for_project(cls, project, data=None):
        return cls(data, initial={f: getattr(project, f) for f in (
            "name", "short_name", "measure_number", "planned_amount", "planned_participants",
            "first_year", "last_year")})


class ProjectCreateForm(ProjectForm):
    provider = forms.ModelChoiceField(label="Träger", queryset=Provider.objects.all(),
                                      required=False, empty_label="– noch offen –")


class ProviderAssignForm(forms.Form):
    provider = forms.ModelChoiceField(
        label="Träger", queryset=Provider.objects.all(), required=False,
        empty_label="– noch offen –",
        help_text="Der Träger sieht danach dieses Projekt; ein bisheriger Träger nicht mehr. "
                  "Fehlt ein Träger in der Liste, legt ihn das Ministerium unter "
                  "„Benutzerkonten“ an.")
