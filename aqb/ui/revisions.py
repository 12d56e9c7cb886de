"""Edit forms that refuse a save made on a stale page (no lost update; docs/reliability.md,
"Concurrency"). The form carries a fingerprint of what it showed in a hidden field
`revision`; the service compares it with the fingerprint of the row it has just locked and
refuses with a German request to reload when someone else changed it in between. Calls
without a form (imports, the API) pass None and skip the check."""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError


def fingerprint(content) -> str:
    """A short, stable fingerprint of JSON-able content (dates and Decimals as text)."""
    text = json.dumps(content, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def stale_message(subject: str) -> str:
    """The refusal: `subject` is what changed, with its article ("Der Nachweis")."""
    return (f"{subject} wurde inzwischen von jemand anderem geändert. Bitte laden Sie die Seite "
            "neu und geben Sie Ihre Änderungen erneut ein.")


def require_revision(seen: str | None, current: str, subject: str) -> None:
    """Refuse when the form's fingerprint `seen` is not the `current` one (None: no form)."""
    if seen is not None and seen != current:
        raise ValidationError(stale_message(subject))


def revision_field(initial: str | None = None) -> forms.CharField:
    """The hidden field that carries the fingerprint of what the form showed."""
    return forms.CharField(widget=forms.HiddenInput, required=False, initial=initial)
