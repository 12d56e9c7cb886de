"""An uploaded document kept between the import preview and the save.

The preview stores the upload on the server under a random token (the file name is the token
only, never anything the user sent) and remembers the token, the original name and the
SHA-256 in the user's session. Saving names the token; the file is used only if the token is
in the same session, is not older than `MAX_AGE`, and the file still has its hash. So the
file is not chosen twice, never travels back through the browser, and one user cannot save
another user's upload.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "agreement_import_staged"
MAX_AGE = 3600          # seconds
MAX_ENTRIES = 5         # per session


@dataclass(frozen=True)
class Staged:
    token: str
    filename: str
    content: bytes


def _dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "import-staging"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _path(token: str) -> Path | None:
    if len(token) != 32 or any(c not in "0123456789abcdef" for c in token):
        return None
    return _dir() / token


def _drop(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def stage(session, *, filename: str, content: bytes) -> str:
    """Keep `content` for this session; returns the token for the save step."""
    entries = dict(session.get(SESSION_KEY, {}))
    now = time.time()
    for token, meta in sorted(entries.items(), key=lambda kv: kv[1]["at"]):
        if now - meta["at"] > MAX_AGE or len(entries) >= MAX_ENTRIES:
            _drop(token)
            entries.pop(token)
    for path in _dir().iterdir():  # uploads of sessions that never came back
        if now - path.stat().st_mtime > MAX_AGE:
            path.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    _path(token).write_bytes(content)
    entries[token] = {"name": Path(filename).name, "sha256": hashlib.sha256(content).hexdigest(),
                      "at": now}
    session[SESSION_KEY] = entries
    return token


def fetch(session, token: str) -> Staged | None:
    """The staged upload for `token` in this session, or None (unknown, expired, changed)."""
    meta = session.get(SESSION_KEY, {}).get(token or "")
    path = _path(token or "")
    if meta is None or path is None or time.time() - meta["at"] > MAX_AGE or not path.exists():
        return None
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != meta["sha256"]:
        return None
    return Staged(token, meta["name"], content)


def discard(session, token: str) -> None:
    entries = dict(session.get(SESSION_KEY, {}))
    if entries.pop(token, None) is not None:
        session[SESSION_KEY] = entries
    _drop(token)
