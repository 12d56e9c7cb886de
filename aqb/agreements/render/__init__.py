"""Renderers of an AgreementDocument: text, HTML, PDF (Typst, PDF/A) and DOCX."""

from __future__ import annotations

from ..document import AgreementDocument

FORMATS = ("txt", "html", "pdf", "docx")
CONTENT_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class RenderError(ValueError):
    pass


def render(document: AgreementDocument, fmt: str) -> bytes:
    """The document in one of FORMATS, as bytes."""
    if fmt == "txt":
        from .text import render_text

        return render_text(document).encode("utf-8")
    if fmt == "html":
        from .html import render_html

        return render_html(document).encode("utf-8")
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(document)
    raise RenderError(f"Unbekanntes Format „{fmt}“. Möglich: {', '.join(FORMATS)}.")
