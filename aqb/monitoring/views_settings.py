"""The ministry's pages of monitoring's data protection: retention setting, processing
record."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render

from aqb.accounts.policy import MINISTRY, access
from aqb.ui.forms import form_page

from .models import MonitoringSettings
from .processing_record import processing_record_markdown
from .retention import monitoring_settings_save, settings_current


class SettingsForm(forms.Form):
    retention_years = forms.IntegerField(
        label="Aufbewahrung in Jahren nach Ende des Jahres der Schlusszahlung",
        min_value=1, max_value=30,
        help_text="Danach löscht ein täglicher Auftrag die Datensätze; die Auswertungen "
                  "bleiben unverändert. Standard: "
                  f"{MonitoringSettings._meta.get_field('retention_years').default} Jahre.",
        error_messages={"min_value": "Mindestens 1 Jahr.", "max_value": "Höchstens 30 Jahre.",
                        "required": "Bitte eine Zahl von Jahren angeben.",
                        "invalid": "Bitte eine ganze Zahl angeben."})


@access(MINISTRY)
def monitoring_settings(request):
    current = settings_current()
    form = SettingsForm(request.POST or None, initial={"retention_years": current.retention_years})

    def save(f):
        try:
            monitoring_settings_save(actor=request.user,
                                     retention_years=f.cleaned_data["retention_years"])
        except ValidationError as exc:
            raise ValidationError({"retention_years": exc.messages}) from exc

    return form_page(request, form=form, title="Aufbewahrung der Teilnehmendendaten", save=save,
                     success="Die Aufbewahrung wurde gespeichert.", target="records:access_log",
                     context={"intro": "Datensätze der Teilnehmenden werden nach dieser Frist "
                                       "gelöscht (Verzeichnis der Verarbeitungstätigkeiten)."})


@access(MINISTRY)
def processing_record_page(request):
    return render(request, "monitoring/processing_record.html",
                  {"text": processing_record_markdown()})
