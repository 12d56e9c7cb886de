"""Safe download headers: one place that builds ``Content-Disposition``.

A file name shown to the user may come from data (a region's name, an indicator, an uploaded
file). It must never break the header (line breaks make Django refuse it with a 500), smuggle
a path (``../``, ``\\``) or end the quoted string early (``"``). ``attachment`` cleans the
name, sends an ASCII fallback in ``filename=`` and the full UTF-8 name in ``filename*=``
(RFC 6266 / RFC 5987), and sets ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

__all__ = ["attachment", "content_disposition", "safe_filename"]

_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\"<>:|?*;]+')
_SPACES = re.compile(r"\s+")
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._()+-]+")
MAX_LENGTH = 150


def safe_filename(name: str, *, default: str = "download") -> str:
    """``name`` as a file name: no control characters, separators, quotes or leading dots;
    whitespace collapsed; at most ``MAX_LENGTH`` characters (the extension is kept)."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = _UNSAFE.sub("-", text)
    text = _SPACES.sub(" ", text).strip(" .-")
    if len(text) > MAX_LENGTH:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 8:
            text = stem[: MAX_LENGTH - len(ext) - 1].rstrip(" .-") + "." + ext
        else:
            text = text[:MAX_LENGTH].rstrip(" .-")
    return text or default


def _ascii_fallback(name: str) -> str:
    for german, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"),
                          ("Ü", "Ue"), ("ß", "ss")):
        name = name.replace(german, plain)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""

    def plain(part: str) -> str:
        part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
        part = _ASCII_UNSAFE.sub("-", part.replace(" ", "-")).strip(".-")
        return re.sub(r"-{2,}", "-", part)

    stem, ext = plain(stem) or "download", plain(ext)
    return f"{stem}.{ext}" if ext else stem


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The header value, e.g. ``attachment; filename="aenderungen-2025.csv";
    filename*=UTF-8''%C3%84nderungen-2025.csv``."""
    name = safe_filename(filename)
    kind = "inline" if inline else "attachment"
    fallback = _ascii_fallback(name)
    if fallback == name:
        return f'{kind}; filename="{name}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment(response, filename: str, *, inline: bool = False):
    """Set a safe ``Content-Disposition`` (and ``nosniff``) on ``response``; return it."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response
