"""Uploaded files are checked to be what they claim before anything keeps them.

The user's file name is only used in messages; what is stored gets a name and type chosen by
the server (see ``aqb.ui.downloads`` for serving). A scan must be a readable, unencrypted PDF:
a file that merely starts with ``%PDF`` (an HTML page, say) is refused.
"""

from __future__ import annotations

import io
import logging
from pathlib import PurePath

from django.core.exceptions import ValidationError

__all__ = ["MAX_SCAN_BYTES", "check_pdf", "display_name"]

MAX_SCAN_BYTES = 20 * 1024 * 1024


def display_name(filename: str) -> str:
    """The last part of the user's file name, for messages only."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    return name[:120] or "Datei"


def check_pdf(content: bytes, filename: str, *, field: str) -> None:
    """Raise a German ValidationError at ``field`` unless ``content`` is a readable,
    unencrypted PDF with at least one page."""
    from pypdf import PdfReader

    name = display_name(filename)
    if not content:
        raise ValidationError({field: f"„{name}“ ist leer."})
    if len(content) > MAX_SCAN_BYTES:
        raise ValidationError({field: f"„{name}“ ist größer als "
                                      f"{MAX_SCAN_BYTES // (1024 * 1024)} MB."})
    if not content.lstrip()[:5] == b"%PDF-":
        raise ValidationError({field: f"„{name}“ ist keine PDF-Datei."})
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # its warnings name nothing the user can act on
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError({field: f"„{name}“ ist verschlüsselt oder kennwortgeschützt. "
                                          "Bitte eine unverschlüsselte PDF-Datei hochladen."})
        pages = len(reader.pages)
        if pages:
            reader.pages[0].mediabox  # noqa: B018 - the first page must be readable
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many unrelated types for broken files
        raise ValidationError({field: f"„{name}“ ist keine lesbare PDF-Datei."}) from exc
    finally:
        pypdf_log.setLevel(level)
    if not pages:
        raise ValidationError({field: f"„{name}“ enthält keine Seite."})
