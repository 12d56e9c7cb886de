"""Documents of a conference: checked to be a PDF, PPTX or DOCX before anything keeps them
(`aqb.ui.uploads` for PDFs; an Office file must be a readable ZIP container of its kind), and
served only as a download with the type the server determined (`aqb.ui.downloads`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse

from aqb.ui.downloads import attachment
from aqb.ui.uploads import (
    MAX_SCAN_BYTES,
    UploadRefused,
    check_pdf,
    check_zip,
    display_name,
    mb,
)

TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# the part every Office file of its kind holds
OFFICE_PARTS = {"pptx": "ppt/presentation.xml", "docx": "word/document.xml"}
ALLOWED = "PDF, PPTX oder DOCX"


def check_document(content: bytes, filename: str, *, field: str = "file") -> str:
    """The file's type ("pdf", "pptx", "docx") after checking it; a German ValidationError at
    `field` otherwise (empty, too large, wrong type, unreadable, encrypted)."""
    name = display_name(filename)
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if not content:
        raise ValidationError({field: f"„{name}“ ist leer."})
    if len(content) > MAX_SCAN_BYTES:
        raise ValidationError({field: f"„{name}“ ist größer als "
                                      f"{mb(MAX_SCAN_BYTES)}."})
    if content.lstrip()[:5] == b"%PDF-":
        if suffix not in ("pdf", ""):
            raise ValidationError({field: f"„{name}“ ist eine PDF-Datei, heißt aber nicht so. "
                                          f"Erlaubt sind {ALLOWED}."})
        check_pdf(content, filename, field=field)
        return "pdf"
    if suffix not in OFFICE_PARTS:
        raise ValidationError({field: f"„{name}“ ist keine erlaubte Datei. Erlaubt sind "
                                      f"{ALLOWED}."})
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError({field: f"„{name}“ ist keine {suffix.upper()}-Datei."})
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            encrypted = any(i.flag_bits & 0x1 for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError({field: f"„{name}“ ist keine lesbare "
                                      f"{suffix.upper()}-Datei."}) from exc
    try:  # member count, packing ratio, external references, DTDs
        check_zip(content, name, kind="document")
    except UploadRefused as exc:
        raise ValidationError({field: str(exc)}) from None
    if encrypted or "EncryptedPackage" in names:
        raise ValidationError({field: f"„{name}“ ist verschlüsselt oder kennwortgeschützt."})
    if "[Content_Types].xml" not in names or OFFICE_PARTS[suffix] not in names:
        raise ValidationError({field: f"„{name}“ ist keine lesbare "
                                      f"{suffix.upper()}-Datei."})
    return suffix


def serve_document(document) -> FileResponse:
    response = FileResponse(document.file.open("rb"),
                            content_type=TYPES.get(document.suffix, "application/octet-stream"))
    return attachment(response, f"{document.title}.{document.suffix}")
