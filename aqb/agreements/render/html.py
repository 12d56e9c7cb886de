"""Accessible HTML of the agreement (a fragment for pages, or a standalone file)."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from ..document import AgreementDocument, BudgetBlock, MeasureBlock, Paragraph


def document_context(doc: AgreementDocument) -> dict:
    sections = []
    for s in doc.sections:
        blocks = []
        for b in s.blocks:
            if isinstance(b, Paragraph):
                blocks.append({"kind": "p", "text": b.text})
            elif isinstance(b, BudgetBlock):
                blocks.append({"kind": "budget", "block": b})
            elif isinstance(b, MeasureBlock):
                blocks.append({"kind": "measures", "measures": b.measures})
        sections.append({"heading": s.heading, "titles": s.titles, "blocks": blocks,
                         "id": s.heading.replace("§ ", "p").replace("ä", "ae").lower()})
    return {"doc": doc, "sections": sections}


def render_html_fragment(doc: AgreementDocument, *, level: int = 1) -> str:
    """The document as an <article>; its title is a heading of `level` (1 when the document
    is the page, deeper when it sits inside a page with its own h1), sections one below."""
    if not 1 <= level <= 5:
        raise ValueError(level)
    return render_to_string("agreements/document_fragment.html",
                            {**document_context(doc), "level": level, "sublevel": level + 1})


STANDALONE_CSS = Path(__file__).resolve().parent.parent / "static" / "agreements" / "standalone.css"


@cache
def standalone_css() -> str:
    """The stylesheet the standalone file carries inline (it must read well from disk)."""
    return STANDALONE_CSS.read_text(encoding="utf-8")


def standalone_style_source() -> str:
    """The CSP source that allows exactly that inline <style> ("'sha256-...'"), for the
    response that serves the file (no 'unsafe-inline'; docs/decisions.md)."""
    digest = hashlib.sha256(standalone_css().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def render_html(doc: AgreementDocument) -> str:
    return render_to_string("agreements/document_standalone.html",
                            {**document_context(doc), "fragment": render_html_fragment(doc),
                             "css": standalone_css()})
