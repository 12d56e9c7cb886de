"""Serving stored agreement files (the signed record): always as a download, with the type
the server determined and a name the server chose, never the uploader's; ``nosniff`` so no
browser runs a stored file as a page."""

from __future__ import annotations

from pathlib import PurePath

from django.http import FileResponse, Http404

from aqb.ui.downloads import attachment

from .models import Agreement

TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain; charset=utf-8",
}


def signed_file_name(agreement: Agreement, suffix: str = ".pdf") -> str:
    """The name the server gives a stored signed record; never the uploader's name."""
    return stored_name(agreement, "unterzeichnet", suffix)


def stored_name(agreement: Agreement, kind: str, suffix: str) -> str:
    return (f"Zielvereinbarung_{agreement.programme_year.year}_{agreement.region.ags}"
            f"_v{agreement.version}_{kind}{suffix}")


def stored_suffix(agreement: Agreement) -> str:
    """The file's true kind, by its first bytes (stored names of older rows came from the
    uploader, so the name is not trusted): PDF, DOCX (a ZIP) or plain text."""
    with agreement.signed_file.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"
    if PurePath(agreement.signed_file.name).suffix.lower() == ".txt":
        return ".txt"
    return ""


def serve_stored_file(agreement: Agreement) -> FileResponse:
    if not agreement.signed_file:
        raise Http404("Kein unterzeichnetes Dokument gespeichert.")
    suffix = stored_suffix(agreement)
    response = FileResponse(agreement.signed_file.open("rb"),
                            content_type=TYPES.get(suffix, "application/octet-stream"))
    return attachment(response, signed_file_name(agreement, suffix or ".bin"))
