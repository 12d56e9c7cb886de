"""Uploaded files are checked to be what they claim before anything keeps them.

All limits on uploads live here (docs/reliability.md, "Hostile input"): the size of a file
per kind (checked by `UploadField` before the form is valid, and again by the readers for the
command line and the API), the ZIP container of XLSX/DOCX/PPTX (`check_zip`: member count,
unpacked size and compression ratio from the ZIP directory before anything is unpacked,
encryption, external references, DTDs), the CSV field limit, and what counts as a formula
(`formula_like`) in imported tables.

The user's file name is only used in messages; what is stored gets a name and type chosen by
the server (see ``aqb.ui.downloads`` for serving). A scan must be a readable, unencrypted PDF:
a file that merely starts with ``%PDF`` (an HTML page, say) is refused.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError

__all__ = ["CSV_FIELD_CHARS", "MAX_DOCUMENT_BYTES", "MAX_LIST_BYTES", "MAX_SCAN_BYTES",
           "MAX_TABLE_BYTES", "MAX_ZIP_MEMBERS", "MAX_ZIP_RATIO", "UploadField", "UploadRefused",
           "check_pdf", "check_zip", "csv_error_text", "display_name", "formula_like", "mb"]

MB = 1024 * 1024
#: a signed scan, an application's attachment, a conference document, an agreement to read
MAX_SCAN_BYTES = 20 * MB
MAX_DOCUMENT_BYTES = MAX_SCAN_BYTES
#: small tables: the ministry's indicator file, a provider's expense lines
MAX_TABLE_BYTES = 20 * MB
#: participant lists (up to a million rows, read streamed)
MAX_LIST_BYTES = 200 * MB
#: ZIP containers (XLSX, DOCX, PPTX): parts, unpacked size per kind, ratio of one part
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_UNPACKED = {"list": 1024 * MB, "table": 50 * MB, "document": 100 * MB}
MAX_ZIP_RATIO = 200          # unpacked / packed of a part larger than 1 MB
#: the longest CSV field any reader accepts (readers have smaller limits per cell)
CSV_FIELD_CHARS = 10_000
csv.field_size_limit(CSV_FIELD_CHARS)


def csv_reader(handle, **kwargs):
    """`csv.reader` under the uploads' field limit. Python keeps that limit process-wide, and a
    library may change it at import (frictionless, in the tests, raises it to its maximum):
    every reader of an upload sets it again, always to the same value, so a long field gets
    the same message whatever ran before."""
    csv.field_size_limit(CSV_FIELD_CHARS)
    return csv.reader(handle, **kwargs)

_FORMULA = re.compile(r"^[=+@\t\r]|^-(?![\d.,\s]*$)")


class UploadRefused(ValueError):
    """A file refused before it is parsed; the message is German and names the file."""


def mb(n: int) -> str:
    return f"{n // MB} MB"


def formula_like(text: str) -> bool:
    """A text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start; a
    plain negative number such as "-3,50" is not one)."""
    return bool(text) and bool(_FORMULA.match(text))


def csv_error_text(exc: csv.Error) -> str:
    """The German reason for the csv module's error (its English text is never shown)."""
    text = str(exc)
    if "field larger" in text:
        return f"ein Feld ist länger als {CSV_FIELD_CHARS:,} Zeichen".replace(",", ".")
    if "NUL" in text or "null" in text:
        return "die Datei enthält Nullzeichen, sie ist wohl keine Textdatei"
    if "quote" in text or "EOF" in text:
        return "ein Anführungszeichen ist nicht geschlossen"
    return "das Format ist fehlerhaft"


class UploadField(forms.FileField):
    """A file field with the limits of its kind, checked before the form is valid (and so
    before any reader sees the file): not empty, not larger than `max_bytes`, one of
    `extensions` (None: any). German messages naming the user's file."""

    def __init__(self, *, max_bytes: int, extensions: tuple[str, ...] | None = None, **kwargs):
        kwargs.setdefault("allow_empty_file", True)  # our own message, naming the file
        super().__init__(**kwargs)
        self.max_bytes = max_bytes
        self.extensions = extensions

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        name = display_name(upload.name)
        if self.extensions and not name.lower().endswith(self.extensions):
            allowed = ", ".join(e.lstrip(".").upper() for e in self.extensions)
            raise ValidationError(f"„{name}“ hat nicht die richtige Art: erlaubt sind {allowed}.")
        if upload.size == 0:
            raise ValidationError(f"„{name}“ ist leer.")
        if upload.size > self.max_bytes:
            raise ValidationError(f"„{name}“ ist größer als {mb(self.max_bytes)} und wird nicht "
                                  "gelesen.")
        return upload


def check_zip(source, name: str, *, kind: str) -> None:
    """Refuse a ZIP container (XLSX, DOCX, PPTX) from its directory before anything is
    unpacked: too many parts, too large unpacked (`MAX_ZIP_UNPACKED[kind]`), a part packed
    suspiciously tightly (a "zip bomb"), encrypted, external references (linked templates,
    objects, workbooks), or a DTD in an XML part. `source` is a path or bytes."""
    name = display_name(name)
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise UploadRefused(f"„{name}“ besteht aus mehr als {MAX_ZIP_MEMBERS} Teilen "
                                    "und wird nicht gelesen.")
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_ZIP_UNPACKED[kind]:
                raise UploadRefused(f"„{name}“ ist entpackt größer als "
                                    f"{mb(MAX_ZIP_UNPACKED[kind])} und wird nicht gelesen.")
            for i in infos:
                if i.file_size > MB and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
                    raise UploadRefused(f"„{name}“ ist auffällig stark gepackt (ein Teil "
                                        f"entpackt mehr als das {MAX_ZIP_RATIO}-Fache) und "
                                        "wird nicht gelesen.")
                if i.flag_bits & 0x1:
                    raise UploadRefused(f"„{name}“ ist verschlüsselt oder kennwortgeschützt.")
            for i in infos:
                lower = i.filename.lower()
                if "externallinks/" in lower:
                    raise UploadRefused(_external(name))
                if not lower.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(i) as part:
                    head = part.read(MB if lower.endswith(".rels") else 4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise UploadRefused(f"„{name}“ enthält eine Dokumenttyp-Definition (DTD), "
                                        "die in Office-Dateien nicht vorkommt, und wird nicht "
                                        "gelesen.")
                if lower.endswith(".rels") and _external_target(head):
                    raise UploadRefused(_external(name))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, UploadRefused):
            raise
        suffix = PurePath(name).suffix.lower().lstrip(".")
        label = suffix.upper() if suffix in ("xlsx", "xlsm", "docx", "pptx", "ods") else "Office"
        raise UploadRefused(f"„{name}“ ist keine lesbare {label}-Datei (beschädigt oder "
                            "unvollständig).") from None


_REL = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)


def _external_target(rels: bytes) -> bool:
    """A relationship to something outside the file that is not a plain hyperlink."""
    for match in _REL.finditer(rels):
        tag = match.group(0)
        if b'TargetMode="External"' in tag and b"/hyperlink\"" not in tag:
            return True
    return False


def _external(name: str) -> str:
    return (f"„{name}“ enthält Verknüpfungen zu externen Dateien oder Adressen (verknüpfte "
            "Vorlage, Objekt oder Arbeitsmappe). Bitte ohne externe Verknüpfungen speichern.")


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
                                      f"{mb(MAX_SCAN_BYTES)}."})
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
