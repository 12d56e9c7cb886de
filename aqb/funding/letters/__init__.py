"""A generic official letter (Bescheid) as one structured source, and its renderers.

A `Letter` holds what an authority's letter consists of: letterhead (from the granting
authority's master data), recipient address, file number, date, subject, salutation, an
opening, numbered sections (paragraphs, lists, tables), the legal-remedy notice and the
closing. The grant notice, its amendments and the refund notice are built as letters
(`notice.py`, `refund.py`); text, HTML, PDF/A (Typst, the agreements' fonts) and DOCX are views
of it, like the agreement's renderers (`aqb.agreements.render`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from aqb.agreements.render import CONTENT_TYPES, FORMATS, RenderError, render_with

__all__ = ["CONTENT_TYPES", "FORMATS", "Block", "Items", "Letter", "Paragraph", "RenderError",
           "Section", "Sender", "Table", "numbered", "render"]

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Items:
    """A list; `numbered` for "1.", "2.", … ."""

    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    """A small table; `numeric` marks the columns aligned right (amounts); `total` is an
    optional last row printed bold."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    total: tuple[str, ...] | None = None


Block = Paragraph | Items | Table


@dataclass(frozen=True)
class Section:
    heading: str                # "Bewilligung"
    blocks: tuple[Block, ...]
    number: str = ""            # "I." (empty: an unnumbered section)

    @property
    def title(self) -> str:
        return f"{self.number} {self.heading}" if self.number else self.heading


@dataclass(frozen=True)
class Sender:
    name: str
    department: str = ""
    street: str = ""
    city: str = ""              # "34117 Kassel"

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(x for x in (self.name, self.department, self.street, self.city) if x)

    @property
    def return_line(self) -> str:
        """The small line above the recipient's address (Rücksendeangabe)."""
        return " · ".join(x for x in (self.name, self.street, self.city) if x)


@dataclass(frozen=True)
class Letter:
    sender: Sender
    recipient: tuple[str, ...]          # address lines
    file_number: str
    date: date
    subject: str                        # "Zuwendungsbescheid"
    reference: str                      # the line under the subject
    salutation: str
    opening: tuple[str, ...]            # paragraphs before the sections
    sections: tuple[Section, ...]
    legal_remedy: str
    closing: str = "Mit freundlichen Grüßen"
    signature: tuple[str, ...] = ("Im Auftrag",)
    is_demo: bool = False
    keywords: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return f"{self.subject} – {self.file_number}"


def numbered(sections: list[tuple[str, tuple[Block, ...]]]) -> tuple[Section, ...]:
    """Sections numbered I., II., … in order."""
    return tuple(Section(heading, blocks, f"{ROMAN[i]}.")
                 for i, (heading, blocks) in enumerate(sections))


def render(letter: Letter, fmt: str) -> bytes:
    """The letter in one of FORMATS, as bytes."""
    return render_with(__name__, letter, fmt)
