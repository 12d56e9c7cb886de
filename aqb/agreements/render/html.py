"""Accessible HTML of the agreement (a fragment for pages, or a standalone file)."""

from __future__ import annotations

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


def render_html(doc: AgreementDocument) -> str:
    return render_to_string("agreements/document_standalone.html",
                            {**document_context(doc), "fragment": render_html_fragment(doc)})
