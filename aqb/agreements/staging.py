"""An uploaded document kept between the import preview and the save.

The preview stores the upload on the server (Django's default storage: the file system or
object storage, so the save may reach another web server than the preview) under a random
token (the file name is the token only, never anything the user sent) and remembers the
token, the original name and the SHA-256 in the user's session. Saving names the token; the
file is used only if the token is in the same session, is not older than `MAX_AGE`, and the
file still has its hash. So the file is not chosen twice, never travels back through the
browser, and one user cannot save another user's upload.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage

from aqb.jobs.services import storage_put, storage_read

SESSION_KEY = "agreement_import_staged"
MAX_AGE = 3600          # seconds
MAX_ENTRIES = 5         # per session


@dataclass(frozen=True)
class Staged:
    token: str
    filename: str
    content: bytes


FOLDER = "import-staging"


def _path(token: str) -> str | None:
    """The storage name of a staged upload (a token of 32 hex digits only)."""
    if len(token) != 32 or any(c not in "0123456789abcdef" for c in token):
        return None
    return f"{FOLDER}/{token}"


def _drop(token: str) -> None:
    path = _path(token)
    if path is not None:
        default_storage.delete(path)


def _drop_abandoned(now: float) -> None:
    """Delete uploads of sessions that never came back (older than MAX_AGE)."""
    try:
        files = default_storage.listdir(FOLDER)[1]
    except (FileNotFoundError, OSError):
        return
    for name in files:
        try:
            if now - default_storage.get_modified_time(f"{FOLDER}/{name}").timestamp() > MAX_AGE:
                default_storage.delete(f"{FOLDER}/{name}")
        except (FileNotFoundError, OSError):
            continue


def stage(session, *, filename: str, content: bytes) -> str:
    """Keep `content` for this session; returns the token for the save step."""
    entries = dict(session.get(SESSION_KEY, {}))
    now = time.time()
    for token, meta in sorted(entries.items(), key=lambda kv: kv[1]["at"]):
        if now - meta["at"] > MAX_AGE or len(entries) >= MAX_ENTRIES:
            _drop(token)
            entries.pop(token)
    _drop_abandoned(now)
    token = secrets.token_hex(16)
    storage_put(_path(token), content)
    entries[token] = {"name": Path(filename).name, "sha256": hashlib.sha256(content).hexdigest(),
                      "at": now}
    session[SESSION_KEY] = entries
    return token


def fetch(session, token: str) -> Staged | None:
    """The staged upload for `token` in this session, or None (unknown, expired, changed)."""
    meta = session.get(SESSION_KEY, {}).get(token or "")
    path = _path(token or "")
    if meta is None or path is None or time.time() - meta["at"] > MAX_AGE:
        return None
    content = storage_read(path)
    if content is None or hashlib.sha256(content).hexdigest() != meta["sha256"]:
        return None
    return Staged(token, meta["name"], content)


def discard(session, token: str) -> None:
    entries = dict(session.get(SESSION_KEY, {}))
    if entries.pop(token, None) is not None:
        session[SESSION_KEY] = entries
    _drop(token)
