"""Forms of the grant notice: issue, amendment (with its reason), legal force and waiver."""

from __future__ import annotations

import re
from dataclasses import asdict
from decimal import Decimal

from django import forms

from aqb.german.fields import GermanDateField, MoneyField
from aqb.german.money import (
    GermanNumberError,
    MoneyError,
    format_number,
    parse_decimal,
    parse_money,
)

from .notices import NoticeInput
from .settlement import Financing

_CASH_LINE = re.compile(r"^\s*(\d{4})\s*[:=]\s*(.+?)\s*$")


class PercentField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(widget=forms.TextInput({"inputmode": "decimal", "maxlength": "20"}),
                         **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value, 2)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            number = parse_decimal(value.replace("%", "").strip())
        except GermanNumberError:
            raise forms.ValidationError("Bitte eine Zahl wie „80,00“ eingeben.") from None
        if not Decimal(0) < number <= 100:
            raise forms.ValidationError("Der Anteil liegt über 0 und höchstens bei 100.")
        return number.quantize(Decimal("0.01"))


def cash_text(cash: dict[int, Decimal]) -> str:
    return "\n".join(f"{y}: {format_number(a, 2)}" for y, a in sorted(cash.items()))


class NoticeForm(forms.Form):
    date = GermanDateField(label="Datum des Bescheids")
    financing = forms.ChoiceField(label="Finanzierungsart", choices=Financing.choices)
    share_percent = PercentField(label="Anteil in Prozent", required=False,
                                 help_text="Nur bei Anteilfinanzierung, z. B. „80,00“.")
    eligible_costs = MoneyField(label="Zuwendungsfähige Ausgaben (Euro)")
    amount = MoneyField(label="Bewilligter Betrag (Euro)",
                        help_text="Höchstens die aktuelle Zuweisung an die "
                                  "Gebietskörperschaft.")
    period_start = GermanDateField(label="Bewilligungszeitraum von")
    period_end = GermanDateField(label="Bewilligungszeitraum bis")
    cash = forms.CharField(
        label="Kassenmittel je Haushaltsjahr", required=False, max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text="Eine Zeile je Jahr, z. B. „2025: 60.000,00“. Leer: alles im ersten Jahr.")
    purpose = forms.CharField(label="Zuwendungszweck", max_length=4000,
                              widget=forms.Textarea({"rows": 3}))
    provisions = forms.CharField(
        label="Nebenbestimmungen", max_length=8000, widget=forms.Textarea({"rows": 5}),
        help_text="Name und Fassung, eine je Zeile.")
    special_provisions = forms.CharField(
        label="Besondere Nebenbestimmungen", required=False, max_length=8000,
        widget=forms.Textarea({"rows": 4}), help_text="Absätze durch eine Leerzeile trennen.")
    interim_proof_due = GermanDateField(label="Zwischennachweis fällig am", required=False)
    final_proof_due = GermanDateField(label="Verwendungsnachweis fällig am")
    may_pass_on = forms.BooleanField(label="Weiterleitung an Dritte (Träger) zulässig",
                                     required=False)
    legal_remedy = forms.CharField(label="Rechtsbehelfsbelehrung", max_length=4000,
                                   widget=forms.Textarea({"rows": 4}))

    @classmethod
    def initial_from(cls, data: NoticeInput) -> dict:
        initial = asdict(data)
        initial["cash"] = cash_text(data.cash)
        return initial

    def clean_cash(self) -> dict[int, Decimal]:
        result: dict[int, Decimal] = {}
        for n, line in enumerate(self.cleaned_data["cash"].splitlines(), 1):
            if not line.strip():
                continue
            m = _CASH_LINE.match(line)
            if not m:
                raise forms.ValidationError(
                    f"Zeile {n}: bitte „Jahr: Betrag“ schreiben, z. B. „2025: 60.000,00“.")
            year = int(m.group(1))
            if year in result:
                raise forms.ValidationError(f"Zeile {n}: das Jahr {year} steht doppelt.")
            try:
                result[year] = parse_money(m.group(2), field=f"Zeile {n}")
            except MoneyError as exc:
                raise forms.ValidationError(str(exc)) from None
        return result

    def notice_input(self) -> NoticeInput:
        c = self.cleaned_data
        return NoticeInput(
            date=c["date"], financing=c["financing"], share_percent=c["share_percent"],
            eligible_costs=c["eligible_costs"], amount=c["amount"],
            period_start=c["period_start"], period_end=c["period_end"], purpose=c["purpose"],
            provisions=c["provisions"], special_provisions=c["special_provisions"],
            interim_proof_due=c["interim_proof_due"], final_proof_due=c["final_proof_due"],
            may_pass_on=c["may_pass_on"], legal_remedy=c["legal_remedy"], cash=c["cash"])


class AmendForm(NoticeForm):
    reason = forms.CharField(label="Grund der Änderung", max_length=4000,
                             widget=forms.Textarea({"rows": 3}))

    field_order = ["reason"]


class LegalForceForm(forms.Form):
    posted_on = GermanDateField(
        label="Zur Post gegeben am", required=False,
        help_text="Leer: am Datum des Bescheids. Bekanntgabe am dritten Tag danach "
                  "(§ 41 Abs. 2 HVwVfG), dann ein Monat Widerspruchsfrist.")
    day = GermanDateField(label="Bestandskräftig ab", required=False,
                          help_text="Leer: der Tag nach Ablauf der Widerspruchsfrist.")


class WaiverForm(forms.Form):
    day = GermanDateField(label="Verzicht erklärt am")
