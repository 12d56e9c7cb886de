"""Form fields that take German input (money "1.234,56", dates "13.08.2025")."""

from decimal import Decimal

from django import forms

from .money import GermanNumberError, format_number, parse_decimal


class MoneyInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return format_number(value, 2)
        return super().format_value(value)


class MoneyField(forms.Field):
    """Euro amount in German or plain notation; Decimal with two places, never negative."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": "Bitte einen Betrag wie „1.234,56“ eingeben.",
        "negative": "Der Betrag darf nicht negativ sein.",
    }

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            amount = parse_decimal(str(value))
        except GermanNumberError as exc:
            raise forms.ValidationError(f"{exc} {self.error_messages['invalid']}",
                                        code="invalid") from exc
        if amount < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return amount.quantize(Decimal("0.01"))


class GermanDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class GermanDateField(forms.DateField):
    widget = GermanDateInput
    input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
    default_error_messages = {"invalid": "Bitte ein Datum wie „31.03.2025“ eingeben."}
