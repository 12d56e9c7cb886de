"""Accessible HTML of a letter: a fragment (an <article>) for pages and a standalone file
without scripts or inline styles (it reads well from disk and needs no CSP exception)."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import Items, Letter, Paragraph, Table


def letter_context(letter: Letter) -> dict:
    sections = []
    for s in letter.sections:
        blocks = []
        for b in s.blocks:
            if isinstance(b, Paragraph):
                blocks.append({"kind": "p", "text": b.text})
            elif isinstance(b, Items):
                blocks.append({"kind": "items", "items": b.items, "numbered": b.numbered})
            elif isinstance(b, Table):
                blocks.append({"kind": "table", "t": b, "rows": [
                    [(c, i in b.numeric) for i, c in enumerate(r)] for r in b.rows],
                    "total": [(c, i in b.numeric) for i, c in enumerate(b.total or ())],
                    "header": [(c, i in b.numeric) for i, c in enumerate(b.header)]})
        sections.append({"title": s.title, "blocks": blocks})
    return {"letter": letter, "sections": sections}


def render_html_fragment(letter: Letter, *, level: int = 2) -> str:
    """The letter as an <article>; the subject is a heading of `level`, sections one below."""
    return render_to_string("funding/letters/fragment.html",
                            {**letter_context(letter), "level": level, "sublevel": level + 1})


def render_html(letter: Letter) -> str:
    return render_to_string("funding/letters/standalone.html", {
        "letter": letter, "fragment": render_html_fragment(letter, level=1)})
