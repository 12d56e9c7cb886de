"""Pseudonyms: a keyed hash of first name, surname and birth date, or the provider's own id.

Name and birth date are normalised (NFKC, case folded, accents and the German special letters
spelled out, everything but letters and digits dropped; the date as ISO) and hashed with
HMAC-SHA-256 under the key in the environment variable AQB_PSEUDONYM_KEY. The key is never in
the database: without it a pseudonym cannot be tied back to a person, and with the same key the
same person always gets the same pseudonym, so a re-entry is recognised. The caller drops the
name fields at once; they never reach a model, a log or a job's parameters.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import unicodedata

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})

HASH_PREFIX = "h:"
PROVIDER_PREFIX = "t:"
PROVIDER_ID_MAX = 40


def _key() -> bytes:
    key = getattr(settings, "AQB_PSEUDONYM_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "AQB_PSEUDONYM_KEY fehlt: ohne diesen Schlüssel können keine Pseudonyme gebildet "
            "werden.")
    return key.encode()


def normalise_name(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold().translate(_SPELLED)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def from_person(first_name: str, surname: str, birth_date: datetime.date) -> str:
    """The pseudonym of a person: "h:" + 64 hex digits."""
    message = "\x1f".join((normalise_name(first_name), normalise_name(surname),
                           birth_date.isoformat()))
    digest = hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()
    return HASH_PREFIX + digest


def from_provider_id(provider_id: str) -> str:
    """The pseudonym from the provider's own participant id: "t:" + the id as given (trimmed).
    The provider must not use names or birth dates as ids (said on the form and template)."""
    return PROVIDER_PREFIX + " ".join(str(provider_id).split())


def shown(pseudonym: str) -> str:
    """How a pseudonym is shown in lists: a provider's id in full, a hash shortened."""
    if pseudonym.startswith(PROVIDER_PREFIX):
        return pseudonym[len(PROVIDER_PREFIX):]
    return pseudonym[len(HASH_PREFIX):len(HASH_PREFIX) + 12] + "…"
