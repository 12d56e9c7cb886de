"""Forms of the ministry's steering settings: thresholds and course of a year, and a recorded
adjustment of a region's targets. German numbers ("87,5"), German errors naming the field."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from aqb.german.money import GermanNumberError, parse_decimal
from aqb.regions.models import Region

from .models import Course

HUNDRED = Decimal("100")


def _percent(value: str, label: str, *, maximum: Decimal = HUNDRED) -> Decimal:
    try:
        number = parse_decimal(value)
    except (GermanNumberError, TypeError):
        raise forms.ValidationError(
            f"„{label}“: bitte eine Zahl wie „90“ oder „87,5“ eingeben.") from None
    if number < 0 or number > maximum:
        raise forms.ValidationError(
            f"„{label}“: bitte eine Zahl von 0 bis {maximum:f} eingeben.")
    if number != number.quantize(Decimal("0.01")):
        raise forms.ValidationError(f"„{label}“: höchstens zwei Nachkommastellen.")
    return number


class SettingsForm(forms.Form):
    on_track_from = forms.CharField(
        label="„im Plan“ ab (Prozent der Erwartung)", max_length=10,
        help_text="Quote ab der ein Gebiet im Plan ist, z. B. 90.",
        error_messages={"required": "Bitte die Schwelle für „im Plan“ angeben."})
    watch_from = forms.CharField(
        label="„beobachten“ ab (Prozent der Erwartung)", max_length=10,
        help_text="Darunter gilt ein Gebiet als im Rückstand, z. B. 70.",
        error_messages={"required": "Bitte die Schwelle für „beobachten“ angeben."})
    course = forms.ChoiceField(
        label="Unterjährige Erwartung", choices=Course.choices,
        help_text="Wie viel des Jahresziels an einem Tag erwartet wird.",
        error_messages={"required": "Bitte die unterjährige Erwartung wählen.",
                        "invalid_choice": "Bitte eine der angebotenen Möglichkeiten wählen."})

    def clean_on_track_from(self):
        return _percent(self.cleaned_data["on_track_from"], "„im Plan“ ab")

    def clean_watch_from(self):
        return _percent(self.cleaned_data["watch_from"], "„beobachten“ ab")

    def clean(self):
        data = super().clean()
        on, watch = data.get("on_track_from"), data.get("watch_from")
        if on is not None and watch is not None and watch > on:
            self.add_error("watch_from", "Die Schwelle für „beobachten“ darf nicht über der "
                                         "für „im Plan“ liegen.")
        return data


FACTOR, PRO_RATA = "faktor", "anteilig"


class AdjustmentForm(forms.Form):
    region = forms.ModelChoiceField(
        label="Gebietskörperschaft", queryset=Region.objects.order_by("name"),
        empty_label="– bitte wählen –",
        error_messages={"required": "Bitte die Gebietskörperschaft wählen.",
                        "invalid_choice": "Bitte eine Gebietskörperschaft aus der Liste wählen."})
    kind = forms.ChoiceField(
        label="Art der Anpassung",
        choices=[(FACTOR, "eigener Faktor des Ministeriums"),
                 (PRO_RATA, "zurück zur anteiligen Anpassung (Zuweisung ÷ vereinbarter Betrag)")],
        error_messages={"required": "Bitte die Art der Anpassung wählen.",
                        "invalid_choice": "Bitte eine der angebotenen Möglichkeiten wählen."})
    factor = forms.CharField(
        label="Angepasstes Ziel in Prozent des vereinbarten Ziels", max_length=10,
        required=False, help_text="Nur bei eigenem Faktor, z. B. 85 für 85 % (höchstens 1000).")
    reason = forms.CharField(
        label="Begründung", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="Pflichtangabe: steht auf der Seite der Gebietskörperschaft und im Bericht.",
        error_messages={"required": "Bitte die Anpassung begründen.",
                        "max_length": "Höchstens 2.000 Zeichen."})

    def clean(self):
        data = super().clean()
        if data.get("kind") == FACTOR:
            raw = (data.get("factor") or "").strip()
            if not raw:
                self.add_error("factor", "Bitte den Prozentsatz angeben (oder „zurück zur "
                                         "anteiligen Anpassung“ wählen).")
            else:
                try:
                    data["factor_value"] = (_percent(raw, "Angepasstes Ziel",
                                                     maximum=Decimal("1000")) / HUNDRED)
                except forms.ValidationError as exc:
                    self.add_error("factor", exc)
        else:
            data["factor_value"] = None
        return data
