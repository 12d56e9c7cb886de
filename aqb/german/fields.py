"""Form fields that take German input (money "1.234,56", dates "13.08.2025")."""

from decimal import Decimal

from django import forms

from .money import MAX_AMOUNT, MoneyError, format_number, money_check, parse_money


class MoneyInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return format_number(value, 2)
        return super().format_value(value)


class MoneyField(forms.Field):
    """Euro amount in German or plain notation: Decimal rounded half up to the cent
    (:func:`aqb.german.money.round_cents`), never negative, at most ``max_value`` (default
    :data:`~aqb.german.money.MAX_AMOUNT`, 1 Mrd. Euro)."""

    widget = MoneyInput

    def __init__(self, *, max_value: Decimal = MAX_AMOUNT, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        # The page names the field (its label beside the input and in the error summary),
        # so the message itself does not repeat it.
        try:
            if isinstance(value, Decimal | int) and not isinstance(value, bool):
                return money_check(value, maximum=self.max_value)
            return parse_money(str(value).strip(), maximum=self.max_value)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc), code=exc.code) from exc


class GermanDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class GermanDateField(forms.DateField):
    widget = GermanDateInput
    input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
    default_error_messages = {"invalid": "Bitte ein Datum wie „31.03.2025“ eingeben."}
