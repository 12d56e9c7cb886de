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

__all__ = [
    "MAX_CHARACTERS",
    "MAX_FILE_BYTES",
    "MAX_PDF_PAGES",
    "SUPPORTED_SUFFIXES",
    "check_file_size",
    "extract_text",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".pdf", ".docx")

#: Size limits. A signed agreement has about five pages and 15.000 characters; the limits
#: leave ample room and keep reading (linear in the size, see docs/agreements.md) short.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 60
MAX_CHARACTERS = 300_000
#: Uncompressed size of all parts of a DOCX together (a "zip bomb" stops here).
MAX_DOCX_UNPACKED_BYTES = 60 * 1024 * 1024

_OTHER_FORMATS = {
    ".doc": "ein älteres Word-Format",
    ".odt": "ein OpenDocument-Text",
    ".rtf": "ein RTF-Dokument",
}
_FORMAT_NAMES = {".pdf": "PDF-Datei", ".docx": "Word-Datei (DOCX)", ".txt": "Textdatei"}


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _error(shown: str, text: str) -> AgreementReadError:
    return AgreementReadError(f"Die Datei „{shown}“ {text}", filename=shown)


def _size(size: int) -> str:
    """ "3 MB", "4 KB" (rounded up, so that a file over the limit never looks equal to it)."""
    if size >= 1024 * 1024:
        return f"{_thousands(math.ceil(size / 1024 / 1024))} MB"
    return f"{_thousands(math.ceil(size / 1024))} KB"


def check_file_size(size: int, *, filename: str) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES` (or empty) before anything reads it."""
    shown = Path(filename).name
    if size > MAX_FILE_BYTES:
        raise _error(shown, f"ist zu groß zum Einlesen ({_size(size)}; möglich sind "
                            f"höchstens {_size(MAX_FILE_BYTES)}).")
    if size == 0:
        raise _error(shown, "ist leer.")


def _check_characters(count: int, shown: str) -> None:
    if count > MAX_CHARACTERS:
        raise _error(shown, f"ist zu lang zum Einlesen: Sie enthält mehr als "
                            f"{_thousands(MAX_CHARACTERS)} Zeichen Text (eine Zielvereinbarung "
                            "hat etwa 15.000). Bitte nur die Zielvereinbarung einlesen.")


def _sniff(head: bytes) -> str:
    """What the first bytes say the file is: "pdf", "zip" or "other"."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return "other"


def _check_kind(suffix: str, kind: str, shown: str) -> None:
    """The content must be what the extension says (German message if not)."""
    if suffix == ".pdf" and kind != "pdf":
        if kind == "zip":
            raise _error(shown, "ist keine PDF-Datei (vermutlich eine Word-Datei); bitte mit "
                                "der richtigen Endung („.docx“) einlesen.")
        raise _error(shown, "ist keine PDF-Datei.")
    if suffix == ".docx" and kind != "zip":
        if kind == "pdf":
            raise _error(shown, "ist keine Word-Datei, sondern eine PDF-Datei; bitte mit der "
                                "richtigen Endung („.pdf“) einlesen.")
        raise _error(shown, "ist keine Word-Datei (DOCX).")
    if suffix == ".txt" and kind != "other":
        name = "eine PDF-Datei" if kind == "pdf" else "eine Word- oder ZIP-Datei"
        raise _error(shown, f"ist keine Textdatei, sondern {name}; bitte mit der richtigen "
                            "Endung einlesen.")


def extract_text(path: Path, *, filename: str | None = None) -> str:
    """Return the text of an agreement file.

    ``filename`` is the name the user knows (an upload's original name); it decides
    the format by its extension and is the only name that appears in error messages.
    Without it the name of ``path`` is used.

    Raises :class:`AgreementReadError` (German message naming the file, never a library's
    text or a server path) for an unsupported extension, content that does not match the
    extension, a damaged or encrypted file, or one beyond the size limits
    (:data:`MAX_FILE_BYTES`, :data:`MAX_PDF_PAGES`, :data:`MAX_CHARACTERS`).
    """
    path = Path(path)
    shown = Path(filename or path.name).name
    suffix = Path(shown).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        described = f"„{suffix}“" if suffix else "ohne Dateiendung"
        other = f", {_OTHER_FORMATS[suffix]}" if suffix in _OTHER_FORMATS else ""
        raise _error(shown, f"hat ein nicht unterstütztes Format ({described}{other}); "
                            "möglich sind PDF, DOCX und TXT.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise _error(shown, "ist nicht vorhanden oder kann nicht geöffnet werden.") from error
    check_file_size(size, filename=shown)
    _check_kind(suffix, _sniff(head), shown)
    try:
        if suffix == ".txt":
            text = _txt_text(path, shown)
        elif suffix == ".pdf":
            text = _pdf_text(path, shown)
        else:
            text = _docx_text(path, shown)
    except AgreementReadError:
        raise
    except Exception as error:  # any library failure means "unreadable"
        raise _error(shown, _unreadable_reason(suffix, error)) from error
    _check_characters(len(text), shown)
    return normalise_text(text)


def _causes(error: BaseException):
    """The error and what it wraps (pdfplumber wraps pdfminer's errors in its own)."""
    seen: set[int] = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(arg for arg in current.args if isinstance(arg, BaseException))
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def _unreadable_reason(suffix: str, error: BaseException) -> str:
    """Why a file could not be read, in German (the library's text is not shown)."""
    names = {type(cause).__name__ for cause in _causes(error)}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "FileNotDecryptedError"}:
        return ("ist verschlüsselt (kennwortgeschützt) und kann nicht gelesen werden; bitte "
                "eine Fassung ohne Kennwort einlesen.")
    if suffix == ".docx":
        return "ist keine lesbare Word-Datei (DOCX); sie ist beschädigt oder unvollständig."
    if suffix == ".pdf":
        return "ist keine lesbare PDF-Datei; sie ist beschädigt oder unvollständig."
    return "konnte nicht gelesen werden."


# --------------------------------------------------------------------------- TXT


def _txt_text(path: Path, shown: str) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252."""
    data = path.read_bytes()
    _check_characters(len(data) // 4, shown)  # cheap pre-check: 4 bytes hold a character
    if b"\x00" in data:
        raise _error(shown, "ist keine Textdatei (sie enthält Binärdaten).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _error(shown, "hat eine unbekannte Zeichenkodierung (erwartet UTF-8 oder "
                            "Windows-1252).") from error


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
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise _error(shown, f"hat {_thousands(len(pdf.pages))} Seiten; eingelesen werden "
                                f"höchstens {MAX_PDF_PAGES} Seiten (eine Zielvereinbarung hat "
                                "etwa fünf).")
        pages = []
        count = 0
        for page in pdf.pages:
            lines = _page_lines(page)
            count += sum(len(word["text"]) + 1 for line in lines for word in line.words)
            _check_characters(count, shown)
            pages.append(lines)
            page.flush_cache()  # keep memory flat on long documents
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


def _docx_text(path: Path, shown: str) -> str:
    """Paragraphs and tables of a DOCX body in document order.

    Paragraphs are separated by blank lines; automatic list numbers and bullets
    are written out ("1. ", "- "). Table rows become lines, the cells of a row
    side by side separated by column gaps, so a two-column signature table reads
    like the same table in a PDF.

    Linear in the size of the document: styles and list definitions are looked up in
    dictionaries built once, and the text stops at :data:`MAX_CHARACTERS`.
    """
    import docx

    from aqb.ui.uploads import UploadRefused, check_zip

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "word/document.xml" not in names:
            raise _error(shown, "ist keine Word-Datei (DOCX): Es fehlt der Dokumentteil.")
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_DOCX_UNPACKED_BYTES:
            raise _error(shown, "ist zu groß zum Einlesen (entpackt mehr als "
                                f"{_size(MAX_DOCX_UNPACKED_BYTES)}).")
    try:  # member count, packing ratio, encryption, external references, DTDs
        check_zip(path, shown, kind="document")
    except UploadRefused as exc:
        raise AgreementReadError(str(exc), filename=shown) from None
    document = docx.Document(str(path))
    reader = _DocxReader(document)
    out: list[str] = []
    count = 0
    for block in document.iter_inner_content():
        lines = reader.block_lines(block)
        count += sum(len(line) + 1 for line in lines) + 1
        _check_characters(count, shown)
        out.extend(lines)
        out.append("")
    return "\n".join(out)


class _DocxReader:
    """Lines of paragraphs and tables, with list numbers written out."""

    def __init__(self, document: Any) -> None:
        self.numbering = _Numbering(document)

    def block_lines(self, block: Any) -> list[str]:
        """Lines of a paragraph or a table."""
        from docx.table import Table

        if isinstance(block, Table):
            return self._table_lines(block)
        text = self.numbering.prefix(block._p) + block.text
        return text.split("\n")

    def _table_lines(self, table: Any) -> list[str]:
        """Each row as lines; the cells' lines are zipped side by side.

        A cell that continues a vertical merge is empty here (its text is in the row
        where the merge starts), which also keeps long merges linear.
        """
        from docx.table import _Cell

        lines: list[str] = []
        for tr in table._tbl.tr_lst:
            cells: list[list[str]] = []
            for tc in tr.tc_lst:
                if tc.vMerge == "continue":
                    cells.append([])
                    continue
                cell_lines: list[str] = []
                for block in _Cell(tc, table).iter_inner_content():
                    cell_lines.extend(self.block_lines(block))
                cells.append([collapse(line) for line in cell_lines])
            for parts in zip_longest(*cells, fillvalue=""):
                text = COLUMN_GAP.join(part for part in parts if part)
                if text and not parts[0]:
                    text = COLUMN_GAP + text
                lines.append(text)
        return lines


@dataclass(frozen=True)
class _Level:
    """One level of a list definition (w:lvl)."""

    fmt: str
    start: int
    text: str


class _Numbering:
    """Writes out Word's automatic list numbers ("1.", "2.") and bullets.

    The list definitions and the styles' numbering are read into dictionaries once, so
    that each paragraph costs the same however long the document is.
    """

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._abstract_of: dict[str, str] = {}
        self._levels: dict[str, dict[int, _Level]] = {}
        self._style_levels: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            self._read_numbering(root)
        self._styles: dict[str, Any] = {}
        self._default_style: str | None = None
        try:
            styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            for style in styles.findall(qn("w:style")):
                style_id = style.get(qn("w:styleId"))
                if style_id:
                    self._styles[style_id] = style
                    if (style.get(qn("w:type")) == "paragraph"
                            and style.get(qn("w:default")) in ("1", "true")):
                        self._default_style = style_id
        self._style_num: dict[str, tuple[str | None, int | None, str] | None] = {}
        self._counters: dict[str, dict[int, int]] = {}

    def _val(self, element: Any, child: str) -> str | None:
        found = element.find(self._qn(child))
        return None if found is None else found.get(self._qn("w:val"))

    def _read_numbering(self, root: Any) -> None:
        qn = self._qn
        for num in root.findall(qn("w:num")):
            abstract = self._val(num, "w:abstractNumId")
            if abstract is not None:
                self._abstract_of[num.get(qn("w:numId"))] = abstract
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(qn("w:lvl")):
                try:
                    level = int(lvl.get(qn("w:ilvl")) or 0)
                    start = int(self._val(lvl, "w:start") or 1)
                except ValueError:
                    continue
                levels[level] = _Level(self._val(lvl, "w:numFmt") or "decimal", start,
                                       self._val(lvl, "w:lvlText") or f"%{level + 1}.")
                p_style = self._val(lvl, "w:pStyle")
                if p_style:
                    self._style_levels[(abstract_id, p_style)] = level
            self._levels[abstract_id] = levels

    def _num_pr_values(self, num_pr: Any) -> tuple[str | None, int | None]:
        num_id = self._val(num_pr, "w:numId")
        ilvl = self._val(num_pr, "w:ilvl")
        try:
            return num_id, None if ilvl is None else int(ilvl)
        except ValueError:
            return num_id, None

    def _from_style(self, style_id: str) -> tuple[str | None, int | None, str] | None:
        """(numId, ilvl, style id) of a paragraph style or its base styles; cached."""
        if style_id in self._style_num:
            return self._style_num[style_id]
        result = None
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and current in self._styles:
            seen.add(current)
            style = self._styles[current]
            p_pr = style.find(self._qn("w:pPr"))
            num_pr = None if p_pr is None else p_pr.find(self._qn("w:numPr"))
            if num_pr is not None:
                num_id, ilvl = self._num_pr_values(num_pr)
                result = (num_id, ilvl, current)
                break
            current = self._val(style, "w:basedOn")
        self._style_num[style_id] = result
        return result

    def _paragraph_num(self, p: Any) -> tuple[str | None, int | None, str | None]:
        """The paragraph's numbering (numId, ilvl, style id), directly or via its style."""
        p_pr = p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            num_id, ilvl = self._num_pr_values(p_pr.numPr)
            return num_id, ilvl, None
        style_id = p_pr.style if p_pr is not None else None
        found = self._from_style(style_id or self._default_style or "")
        return found if found else (None, None, None)

    def prefix(self, p: Any) -> str:
        """The list marker of a paragraph: "1. " when numbered, "- " for a bullet, else ""."""
        num_id, level, style_id = self._paragraph_num(p)
        if num_id is None or num_id == "0":
            return ""
        abstract = self._abstract_of.get(num_id)
        if abstract is None:
            return ""
        if level is None:
            level = self._style_levels.get((abstract, style_id), 0) if style_id else 0
        lvl = self._levels.get(abstract, {}).get(level)
        if lvl is None:
            lvl = _Level("decimal", 1, f"%{level + 1}.")
        if lvl.fmt in ("bullet", "none"):
            return "- " if lvl.fmt == "bullet" else ""
        counters = self._counters.setdefault(num_id, {})
        counters[level] = counters.get(level, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > level]:  # at most nine levels
            del counters[deeper]
        return self._render(lvl.text, counters) + " "

    @staticmethod
    def _render(template: str, counters: dict[int, int]) -> str:
        """Fill "%1.%2." with the current counters (all shown as decimals)."""

        def value(match: re.Match[str]) -> str:
            return str(counters.get(int(match.group(1)) - 1, 1))

        return re.sub(r"%(\d)", value, template)
