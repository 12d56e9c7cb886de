"""Verlauf and Protokoll speak German for every model and field: no English field names, no
codes, no Python dumps."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from aqb.audit import words
from aqb.audit.models import AuditEntry

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = {"id", "name", "title", "amount", "unit", "floor", "reference", "status", "hash",
           "order", "template", "region", "agreement", "scenario", "version", "password",
           "username", "email address", "first name", "last name", "active", "groups"}

# "0.5", "773920.00" (not "700.000" nor a date "02.08.2025")
ENGLISH_NUMBER = re.compile(r"(?<![.\d])\d+\.(\d{1,2}|\d{4,})(?![.,\d])")


def test_the_number_pattern_finds_english_numbers():
    assert ENGLISH_NUMBER.search("0.5") and ENGLISH_NUMBER.search("x 773920.00 y")
    assert not ENGLISH_NUMBER.search("28.700.000,00 € am 02.08.2025, Anteil 0,5")


def project_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("aqb."):
            continue
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                continue  # reverse relations are not fields of this model
            yield model, field


def test_every_field_of_every_model_has_a_german_label():
    missing = []
    for model, field in project_fields():
        label = words.field_label(model, field.name)
        if label in (field.name, field.name.replace("_", " ")) or label.lower() in ENGLISH \
                and label not in ("Status", "Name", "Hash"):
            missing.append(f"{model._meta.label_lower}.{field.name}: {label!r}")
    assert not missing, "ohne deutsche Bezeichnung:\n" + "\n".join(missing)


def test_every_model_has_a_german_name():
    for model in apps.get_models():
        if model.__module__.startswith("aqb."):
            name = words.type_label(model._meta.label_lower)
            assert name != model._meta.model_name and not name.islower(), name


def test_every_action_in_the_code_has_a_german_title():
    actions = set()
    for path in (ROOT / "aqb").rglob("*.py"):
        if "tests" in path.parts:
            continue
        actions |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    assert actions
    for action in sorted(actions):
        title = words.entry_title(AuditEntry(action=action, object_type="", summary=""))
        assert title != "Geändert", action


@pytest.mark.django_db
def test_the_demo_trail_reads_in_german():
    call_command("demo_load")
    for entry in AuditEntry.objects.all():
        for key, label, text in words.change_lines(entry):
            assert label != key or key[:1].isupper(), (entry.action, key)
            assert "{'" not in text and "['" not in text, (entry.action, key, text)
            assert not ENGLISH_NUMBER.search(text), (entry.action, key, text)
