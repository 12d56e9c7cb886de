"""Plain text from agreement files (.txt, .pdf, .docx).

The text keeps the document's reading order and line structure; paragraph
breaks are blank lines. Side-by-side columns (signature tables) are separated by
:data:`~aqb.agreements.reading.text.COLUMN_GAP`, see :mod:`.text`.
"""

from __future__ import annotations

import math
import re
import statistics
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

from .model import AgreementReadError
from .text import COLUMN_GAP, collapse, normalise_text

__all__ = ["SUPPORTED_SUFFIXES", "extract_text"]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".pdf", ".docx")


def extract_text(path: Path, *, filename: str | None = None) -> str:
    """Return the text of an agreement file.

    ``filename`` is the name the user knows (an upload's original name); it decides
    the format by its extension and appears in error messages. Without it the
    name of ``path`` is used.

    Raises :class:`AgreementReadError` (German message naming the file) for an
    unsupported extension or a file that cannot be read.
    """
    path = Path(path)
    shown = filename or path.name
    suffix = Path(shown).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        described = f"„{suffix}“" if suffix else "ohne Dateiendung"
        raise AgreementReadError(
            f"Die Datei „{shown}“ hat ein nicht unterstütztes Format ({described}); "
            "möglich sind PDF, DOCX und TXT.",
            filename=shown,
        )
    try:
        if suffix == ".txt":
            text = _txt_text(path, shown)
        elif suffix == ".pdf":
            text = _pdf_text(path, shown)
        else:
            text = _docx_text(path)
    except AgreementReadError:
        raise
    except Exception as error:  # any library failure means "unreadable"
        raise AgreementReadError(
            f"Die Datei „{shown}“ konnte nicht gelesen werden ({type(error).__name__}: {error}).",
            filename=shown,
        ) from error
    return normalise_text(text)


# --------------------------------------------------------------------------- TXT


def _txt_text(path: Path, shown: str) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise AgreementReadError(
            f"Die Datei „{shown}“ ist keine Textdatei (sie enthält Binärdaten).",
            filename=shown,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise AgreementReadError(
            f"Die Datei „{shown}“ hat eine unbekannte Zeichenkodierung "
            "(erwartet UTF-8 oder Windows-1252).",
            filename=shown,
        ) from error


# --------------------------------------------------------------------------- PDF

#: A gap between two words wider than this many font sizes separates columns.
_COLUMN_GAP_EM = 2.0
#: A line starting further right than this share of the text width is right-column text.
_RIGHT_COLUMN_SHARE = 0.4
#: Page numbers as printed in headers and footers ("Seite 2 von 5", "- 2 -", "2/5").
_PAGE_NUMBER = re.compile(
    r"(?:seite|s\.)?\s*[-–]?\s*\d{1,3}\s*[-–]?(?:\s*(?:von|/|of)\s*\d{1,3})?",
    re.IGNORECASE,
)
#: How many lines at the top and bottom of a page may be running headers/footers.
_EDGE_LINES = 2


@dataclass
class _Line:
    """One text line of a PDF page with its geometry."""

    words: list[dict[str, Any]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(
            float(w.get("size") or (w["bottom"] - w["top"])) for w in self.words
        )

    def plain(self) -> str:
        return collapse(" ".join(w["text"] for w in self.words))

    def render(self, left: float, width: float) -> str:
        """The line's text with column gaps; right-column-only lines start with a gap."""
        words = sorted(self.words, key=lambda w: w["x0"])
        parts = [words[0]["text"]]
        for previous, word in zip(words, words[1:], strict=False):
            wide = word["x0"] - previous["x1"] > _COLUMN_GAP_EM * self.size
            parts.append(COLUMN_GAP if wide else " ")
            parts.append(word["text"])
        text = "".join(parts)
        if width > 0 and self.x0 - left > _RIGHT_COLUMN_SHARE * width:
            text = COLUMN_GAP + text
        return text


def _page_lines(page: Any) -> list[_Line]:
    """Group a page's words into lines by vertical position, top to bottom."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        height = word["bottom"] - word["top"]
        if lines and abs(lines[-1].middle - middle) <= 0.4 * min(height, lines[-1].size):
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    return lines


def _running_key(line: _Line) -> str:
    """Compare running lines independent of page numbers."""
    return re.sub(r"\d+", "#", line.plain()).casefold()


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers and headers/footers repeated on most pages."""

    def edges(lines: list[_Line]) -> list[_Line]:
        return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]

    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_running_key(line) for line in edges(lines)})
    needed = max(2, math.ceil(len(pages) / 2))

    def running(line: _Line) -> bool:
        key = _running_key(line)
        if _PAGE_NUMBER.fullmatch(line.plain()):
            return True
        # "§ #" at the top of two pages is a heading, not a running header.
        return counts[key] >= needed and not key.startswith("§") and len(key) >= 4

    result = []
    for lines in pages:
        edge_ids = {id(line) for line in edges(lines)}
        result.append([ln for ln in lines if not (id(ln) in edge_ids and running(ln))])
    return result


def _pdf_text(path: Path, shown: str) -> str:
    """Text of a PDF with running lines removed and paragraph breaks as blank lines."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = [_page_lines(page) for page in pdf.pages]
    pages = _drop_running_lines(pages)
    if not any(pages):
        raise AgreementReadError(
            f"Die Datei „{shown}“ enthält keinen auslesbaren Text "
            "(vermutlich ein eingescanntes Dokument).",
            filename=shown,
        )
    gaps = [
        nxt.top - line.bottom
        for lines in pages
        for line, nxt in zip(lines, lines[1:], strict=False)
        if nxt.top - line.bottom > 0
    ]
    normal_gap = statistics.quantiles(gaps, n=4)[0] if len(gaps) >= 2 else 0.0
    out: list[str] = []
    for lines in pages:
        if not lines:
            continue
        left = min(line.x0 for line in lines)
        width = max(line.x1 for line in lines) - left
        for index, line in enumerate(lines):
            if index:
                gap = line.top - lines[index - 1].bottom
                if gap > max(1.8 * normal_gap, normal_gap + 0.4 * line.size):
                    out.append("")
            out.append(line.render(left, width))
    return "\n".join(out)


# -------------------------------------------------------------------------- DOCX


def _docx_text(path: Path) -> str:
    """Paragraphs and tables of a DOCX body in document order.

    Paragraphs are separated by blank lines; automatic list numbers and bullets
    are written out ("1. ", "- "). Table rows become lines, the cells of a row
    side by side separated by column gaps, so a two-column signature table reads
    like the same table in a PDF.
    """
    import docx

    if not zipfile.is_zipfile(path):
        raise ValueError("keine DOCX-Datei (kein ZIP-Container)")
    document = docx.Document(str(path))
    numbering = _Numbering(document)
    out: list[str] = []
    for block in document.iter_inner_content():
        out.extend(_block_lines(block, numbering))
        out.append("")
    return "\n".join(out)


def _block_lines(block: Any, numbering: _Numbering) -> list[str]:
    """Lines of a paragraph or a table."""
    from docx.table import Table

    if isinstance(block, Table):
        return _table_lines(block, numbering)
    text = numbering.prefix(block) + block.text
    return text.split("\n")


def _table_lines(table: Any, numbering: _Numbering) -> list[str]:
    """Each row as lines; the cells' lines are zipped side by side."""
    lines: list[str] = []
    for row in table.rows:
        cells = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                continue
            seen.add(id(cell._tc))
            cell_lines: list[str] = []
            for block in cell.iter_inner_content():
                cell_lines.extend(_block_lines(block, numbering))
            cells.append([collapse(line) for line in cell_lines])
        for parts in zip_longest(*cells, fillvalue=""):
            text = COLUMN_GAP.join(part for part in parts if part)
            if text and not parts[0]:
                text = COLUMN_GAP + text
            lines.append(text)
    return lines


class _Numbering:
    """Writes out Word's automatic list numbers ("1.", "2.") and bullets."""

    def __init__(self, document: Any) -> None:
        try:
            self._root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            self._root = None
        self._counters: dict[tuple[str, int], int] = {}

    def _num_pr(self, paragraph: Any) -> tuple[Any, str | None]:
        """The paragraph's numbering properties, directly or via its style."""
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr, None
        style = paragraph.style
        while style is not None:
            s_pr = style.element.pPr
            if s_pr is not None and s_pr.numPr is not None:
                return s_pr.numPr, style.style_id
            style = style.base_style
        return None, None

    def prefix(self, paragraph: Any) -> str:
        """The list marker of a paragraph: "1. " when numbered, "- " for a bullet, else ""."""
        if self._root is None:
            return ""
        num_pr, style_id = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        if num_id == "0":
            return ""
        abstract = self._root.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return ""
        levels = f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl'
        if num_pr.ilvl is not None:
            level = int(num_pr.ilvl.val)
        elif style_id and (
            found := self._root.xpath(f'{levels}[w:pStyle/@w:val="{style_id}"]/@w:ilvl')
        ):
            level = int(found[0])
        else:
            level = 0
        lvl = f'{levels}[@w:ilvl="{level}"]'
        fmt = (self._root.xpath(f"{lvl}/w:numFmt/@w:val") or ["decimal"])[0]
        if fmt in ("bullet", "none"):
            return "- " if fmt == "bullet" else ""
        start = int((self._root.xpath(f"{lvl}/w:start/@w:val") or ["1"])[0])
        key = (num_id, level)
        self._counters[key] = self._counters.get(key, start - 1) + 1
        for deeper in [k for k in self._counters if k[0] == num_id and k[1] > level]:
            del self._counters[deeper]
        template = (self._root.xpath(f"{lvl}/w:lvlText/@w:val") or [f"%{level + 1}."])[0]
        return self._render(template, num_id) + " "

    def _render(self, template: str, num_id: str) -> str:
        """Fill "%1.%2." with the current counters (all shown as decimals)."""

        def value(match: re.Match[str]) -> str:
            return str(self._counters.get((num_id, int(match.group(1)) - 1), 1))

        return re.sub(r"%(\d)", value, template)
