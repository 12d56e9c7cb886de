"""Renderers of an AgreementDocument: text, HTML, PDF (Typst, PDF/A) and DOCX."""

from __future__ import annotations

from importlib import import_module

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


#: The module of a renderer package that writes each format (its function: render_<module>).
MODULES = {"txt": "text", "html": "html", "pdf": "pdf", "docx": "docx"}
#: Formats whose renderer returns text; they are encoded as UTF-8.
TEXT_FORMATS = ("txt", "html")


def render_with(package: str, source, fmt: str) -> bytes:
    """`source` in one of FORMATS, as bytes, written by the renderer modules of `package`
    (`text`, `html`, `pdf`, `docx`, each with its `render_<module>`). A module is imported
    only when its format is asked for. Serves the agreement (this package) and the funding
    letters (`aqb.funding.letters`)."""
    module = MODULES.get(fmt)
    if module is None:
        raise RenderError(f"Unbekanntes Format „{fmt}“. Möglich: {', '.join(FORMATS)}.")
    renderer = getattr(import_module(f"{package}.{module}"), f"render_{module}")
    result = renderer(source)
    return result.encode("utf-8") if fmt in TEXT_FORMATS else result


def render(document: AgreementDocument, fmt: str) -> bytes:
    """The document in one of FORMATS, as bytes."""
    return render_with(__name__, document, fmt)
