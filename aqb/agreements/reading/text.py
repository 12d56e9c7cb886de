"""Text helpers shared by extraction and parsing.

Extracted text keeps one layout hint: text in side-by-side columns (a two-column
signature table in a PDF or DOCX) is separated by :data:`COLUMN_GAP`, and a line
that only has text in the right column starts with it. Anywhere else runs of
whitespace are insignificant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "COLUMN_GAP",
    "collapse",
    "join_wrapped",
    "merge_hyphenated",
    "normalise_text",
    "split_columns",
]

#: Separator between columns in extracted text (three or more spaces or a tab).
COLUMN_GAP = " " * 6

_COLUMN_SPLIT = re.compile(r"\t+|[ ]{3,}")
_LEADING_GAP = re.compile(r"^(?:\t|[ ]{3,})")
_SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f\u200b]")
_HYPHENS = re.compile(r"[\u2010\u2011]")
#: A line ending in a word broken by a hyphen ("Qualifizierungs-").
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
#: Words after which "X-" is a truncated compound ("Ausbildungs- und"), not a break.
_CONJUNCTIONS = frozenset({"und", "oder", "bzw.", "sowie", "bis", "als", "wie", "u."})


def normalise_text(text: str) -> str:
    """Unify characters that layout tools vary.

    NFC (PDFs often give decomposed umlauts), ``\\r\\n`` and form feeds to ``\\n``,
    special spaces to a plain space, typographic hyphens to ``-``; a soft hyphen
    at a line end becomes ``-`` (a visible break), elsewhere it is dropped.
    Trailing whitespace is removed; leading whitespace (a column hint) is kept.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _SPACES.sub(" ", text)
    text = _HYPHENS.sub("-", text)
    text = re.sub(r"\u00ad[ \t]*\n", "-\n", text).replace("\u00ad", "")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def collapse(text: str) -> str:
    """Collapse all whitespace (including column gaps) to single spaces."""
    return " ".join(text.split())


def split_columns(line: str) -> tuple[bool, list[str]]:
    """Split a line at column gaps.

    Returns whether the line starts with a gap (text only in a right column)
    and the non-empty segments.
    """
    leading = bool(_LEADING_GAP.match(line))
    segments = [collapse(part) for part in _COLUMN_SPLIT.split(line.strip())]
    return leading, [segment for segment in segments if segment]


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0]


def _broken(text: str) -> bool:
    """True if ``text`` ends in a word broken by a hyphen (looks at its last two characters,
    so that joining many lines stays linear)."""
    return bool(_BROKEN_WORD.search(text[-2:]))


def _join_pair(left: str, right: str) -> str:
    """Join two wrapped pieces of text, undoing hyphenation at the break.

    * ``"Qualifizierungs-" + "budget"``: a word broken by layout, joined without hyphen;
    * ``"Ausbildungs-" + "und Qualifizierung"``: a truncated compound, kept with a space;
    * ``"Waldeck-" + "Frankenberg"``: a real hyphen (next part capitalised), kept.
    """
    return "".join(_glue(left, right)) + right if left and right else left or right


def _glue(left: str, right: str) -> tuple[str, str]:
    """How ``left`` (non-empty) continues before ``right`` (non-empty): the text of ``left``
    to keep and the separator; only the last character of ``left`` may be dropped."""
    if _broken(left):
        first = _first_word(right)
        if first[:1].islower():
            if first.rstrip(",.;:") in _CONJUNCTIONS:
                return left, " "
            return left[:-1], ""
        if first[:1].isupper() or first[:1].isdigit():
            return left, ""
    return left, " "


def join_wrapped(lines: Iterable[str], *, keep_breaks: bool = False) -> str:
    """Join lines that a layout wrapped into one text (blank lines are skipped).

    With ``keep_breaks`` the space that joins two lines is a ``"\\n"`` instead (same
    length and offsets, so a caller can still see where a line began).

    Linear in the length of the text: pieces are collected in a list and only the last
    piece is looked at when the next one is added.
    """
    parts: list[str] = []
    for line in lines:
        piece = collapse(line)
        if not piece:
            continue
        if parts:
            parts[-1], separator = _glue(parts[-1], piece)
            if separator:
                parts.append("\n" if keep_breaks else separator)
        parts.append(piece)
    return "".join(parts)


def merge_hyphenated(lines: Iterable[str]) -> list[str]:
    """Merge each line that ends in a broken word with the next non-empty line.

    Unlike :func:`join_wrapped` the line structure is kept otherwise, so that
    "Erster Kreisbeigeordne-" / "ter" becomes one title line.
    """
    result: list[str] = []
    pending = False
    for raw in lines:
        line = collapse(raw)
        if not line:
            if not pending:
                result.append(line)
            continue
        if pending:
            result[-1] = _join_pair(result[-1], line)
        else:
            result.append(line)
        pending = _broken(result[-1])
    return result
