"""Plain text in the layout of the signed agreements (one blank line between blocks)."""

from __future__ import annotations

from ..document import AgreementDocument, BudgetBlock, MeasureBlock, Paragraph

SIGNATURE_LINE = "________________________"


def _blocks(doc: AgreementDocument) -> list[str]:
    out = ["", "Zielvereinbarung" if doc.title == "Zielvereinbarung" else doc.title,
           str(doc.year), "zwischen", doc.ministry_dative, f"und {doc.region_dative}",
           doc.purpose]
    for section in doc.sections:
        out.append(section.heading)
        out.extend(section.titles)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            elif isinstance(block, BudgetBlock):
                out.extend([block.total, block.source])
                if block.items:
                    out.append("\n".join(f" - {item.text}" for item in block.items))
            elif isinstance(block, MeasureBlock):
                lines = []
                for m in block.measures:
                    lines.append(f"{m.number}. {m.title}")
                    lines.extend(f" - {p}" for p in m.projects)
                out.append("\n".join(lines))
    for sig in doc.signatures:
        out.append(sig.place_line)
        out.append(sig.signature_line or SIGNATURE_LINE)
        out.append("\n".join(sig.lines))
    return out


def render_text(doc: AgreementDocument) -> str:
    return "\n\n".join(_blocks(doc)) + "\n"
