"""Audit entries in words: German field labels and values instead of codes and dumps.

`{% change_lines entry as lines %}` gives (key, label, text) per changed field. Labels come
from the model's verbose names (looked up through the app registry, so the audit app imports
no app above it), else from LABELS; values are shown with the field's choices, German
money and dates. Keys whose content the entry's summary already says (measures) are left
out; the full record stays in the audit log and in `aqb audit_verify`.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from aqb.german.dates import format_date
from aqb.german.money import format_eur

register = template.Library()

LABELS = {
    "status": "Status",
    "budgets": "Haushaltsmittel",
    "signature": "Unterschrift",
    "version": "Fassung",
    "template_version": "Vorlagenfassung",
    "file_sha256": "Prüfsumme der Datei",
    "signed_file_sha256": "Prüfsumme des unterzeichneten Dokuments",
}
HIDDEN = {"measures"}  # the summary names the project that was added or removed
ACTIONS = {
    "agreement.create": "Entwurf angelegt", "agreement.agree": "Als abgestimmt festgeschrieben",
    "agreement.reopen": "Zur Überarbeitung geöffnet", "agreement.publish": "Veröffentlicht",
    "agreement.budgets": "Haushaltsmittel geändert", "agreement.amend": "Neue Fassung angelegt",
    "agreement.import": "Aus Dokument eingelesen", "agreement.attach_scan": "Scan hinterlegt",
    "agreement.sign_ministry": "Unterschrift des Ministeriums",
    "agreement.sign_region": "Unterschrift der Gebietskörperschaft",
    "agreement_template.save": "Vorlage gespeichert", "allocation.set": "Zuweisung gesetzt",
    "authority.update": "Bewilligungsbehörde geändert", "earmark.create": "Zweckbindung angelegt",
    "earmark.update": "Zweckbindung geändert", "earmark.delete": "Zweckbindung entfernt",
    "ministry_name.create": "Name des Ministeriums eingetragen",
    "ministry_name.update": "Name des Ministeriums geändert",
    "programme_year.create": "Programmjahr angelegt",
    "programme_year.update": "Programmjahr geändert",
    "region.update": "Stammdaten geändert",
    "signatory.create": "Unterzeichnende Person eingetragen",
    "signatory.update": "Unterzeichnende Person geändert",
}


def _field(object_type: str, key: str):
    try:
        return apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _money(text) -> str | None:
    try:
        return format_eur(Decimal(str(text)))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _value(value, field, key: str) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if key == "budgets" and isinstance(value, list):
        return "; ".join(
            f"{name} {_money(amount) or ''}".strip() if amount is not None else str(name)
            for name, amount in value) or "–"
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if key == "status":
        from_choices = {c: label for m in apps.get_models()
                        for f in m._meta.fields if f.name == "status" and f.choices
                        for c, label in f.flatchoices}
        return str(from_choices.get(value, value))
    if isinstance(field, models.DecimalField):
        return _money(value) or str(value)
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return str(value)


@register.simple_tag
def entry_title(entry) -> str:
    """What happened, in words: the entry's summary, else a German name for its action."""
    return entry.summary or ACTIONS.get(entry.action, "Geändert")


@register.simple_tag
def change_lines(entry) -> list[tuple[str, str, str]]:
    lines = []
    for key, change in (entry.changes or {}).items():
        if key in HIDDEN or not isinstance(change, dict):
            continue
        before, after = change.get("before"), change.get("after")
        if before == after:
            continue
        field = _field(entry.object_type, key)
        label = str(field.verbose_name) if field is not None else LABELS.get(key, key)
        label = label[:1].upper() + label[1:]
        lines.append((key, label,
                      f"{_value(before, field, key)} → {_value(after, field, key)}"))
    return lines
