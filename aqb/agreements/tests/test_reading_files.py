"""Reading real files: a typst-generated PDF, a python-docx DOCX, text encodings, errors."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import typst
from docx.shared import Pt

from aqb.agreements.reading import (
    AgreementReadError,
    extract_text,
    parse_agreement,
    read_agreement,
    region_refs_from_csv,
)

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PATH = FIXTURES / "zielvereinbarung_2025_waldeck_frankenberg.txt"
SEED = SEED_PATH.read_text(encoding="utf-8")
REGIONS = region_refs_from_csv(FIXTURES / "regions.csv")
SIGNATURE_START = SEED.index("Wiesbaden, den")
RUNNING_HEADER = "AQB 2025 · Landkreis Waldeck-Frankenberg"


def seed_expected() -> dict:
    return parse_agreement(SEED, regions=REGIONS).to_json_dict()


# ------------------------------------------------------- the seed as structure


def paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated paragraphs, each a list of lines."""
    return [p.split("\n") for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def list_items(lines: list[str]) -> tuple[str, list[tuple[int, str]]]:
    """Split the measures paragraph into its intro and items (level 0 measure, 1 project)."""
    start = next(i for i, line in enumerate(lines) if re.match(r"\d+\. ", line))
    intro = " ".join(lines[:start])
    items: list[tuple[int, str]] = []
    for line in lines[start:]:
        if re.match(r"\d+\. ", line):
            items.append((0, line.split(" ", 1)[1]))
        elif line.startswith(" - "):
            items.append((1, line[3:]))
        else:
            level, text = items[-1]
            items[-1] = (level, f"{text} {line}")
    return intro, items


def signature_blocks() -> list[dict[str, str]]:
    """The two signature blocks of the seed."""
    blocks = []
    for chunk in re.split(r"\n(?=Korbach, den)", SEED[SIGNATURE_START:]):
        lines = [line for line in chunk.split("\n") if line]
        place_date, image_name, name, title, *institution = lines
        assert image_name == name
        blocks.append(
            {
                "place_date": place_date,
                "name": name,
                "title": title,
                "institution": " ".join(institution).replace("Waldeck- ", "Waldeck-"),
            }
        )
    return blocks


def is_short_heading(lines: list[str]) -> bool:
    return len(lines) == 1 and len(lines[0]) < 60 and not lines[0].endswith(".")


# ------------------------------------------------------------------------- PDF


def typst_escape(text: str) -> str:
    return re.sub(r"([\\#$*_<>@\[\]`~/=+\-\"'])", r"\\\1", text)


def seed_as_typst(page_width_cm: float = 13) -> str:
    """The seed as a typst document with a narrow, justified, hyphenated layout."""
    out = [
        f"#set page(width: {page_width_cm}cm, height: 17cm, margin: (x: 1.2cm, y: 2.2cm),",
        f"  header: [#set text(8pt); #h(1fr) {typst_escape(RUNNING_HEADER)}],",
        "  footer: context [#set align(center); #set text(8pt); Seite #counter(page).display()])",
        '#set text(lang: "de", hyphenate: true, size: 10pt)',
        "#set par(justify: true)",
        "",
    ]
    for lines in paragraphs(SEED[:SIGNATURE_START]):
        if any(re.match(r"\d+\. ", line) for line in lines):
            intro, items = list_items(lines)
            out += [typst_escape(intro), ""]
            for level, text in items:
                out.append(("+ " if level == 0 else "  - ") + typst_escape(text))
        elif is_short_heading(lines):
            out.append(f"#align(center)[*{typst_escape(lines[0])}*]")
        else:
            out.append(typst_escape(" ".join(lines)))
        out.append("")
    cells = []
    for block in signature_blocks():
        cells.append(
            "[#set par(justify: false)\n"
            f"{typst_escape(block['place_date'])}\n#v(1.2em)\n"
            f'#text(style: "italic", size: 11pt)[{typst_escape(block["name"])}] \\\n'
            f"{typst_escape(block['name'])} \\\n{typst_escape(block['title'])} \\\n"
            f"{typst_escape(block['institution'])}]"
        )
    out.append("#v(2em)")
    out.append(f"#grid(columns: (1fr, 1fr), column-gutter: 1cm,\n{cells[0]},\n{cells[1]})")
    return "\n".join(out)


@pytest.fixture(scope="module", params=[13, 10], ids=["13cm", "10cm"])
def seed_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed as PDF; at 10 cm even the dates and titles in the signature table wrap."""
    path = tmp_path_factory.mktemp("pdf") / "zielvereinbarung.pdf"
    path.write_bytes(typst.compile(seed_as_typst(request.param).encode("utf-8")))
    return path


def test_pdf_text_has_layout_artefacts_removed(seed_pdf: Path) -> None:
    text = extract_text(seed_pdf)
    assert "Seite" not in text
    assert RUNNING_HEADER not in text
    # The layout really wrapped, hyphenated and put the signatures side by side.
    assert re.search(r"[a-zäöüß]-\n[a-zäöüß]", text), "no hyphenated line break"
    assert re.search(r"Heike Hofmann {3,}Karl-Friedrich Frese", text)


def test_pdf_parses_like_the_text(seed_pdf: Path) -> None:
    agreement = read_agreement(seed_pdf, regions=REGIONS)
    assert agreement.to_json_dict() == seed_expected()


def test_pdf_with_upload_name(seed_pdf: Path, tmp_path: Path) -> None:
    upload = tmp_path / "upload.bin"
    upload.write_bytes(seed_pdf.read_bytes())
    agreement = read_agreement(upload, regions=REGIONS, filename="ZV 2025.PDF")
    assert agreement.is_complete


# ------------------------------------------------------------------------ DOCX


def seed_as_docx(path: Path, *, row_per_line: bool = False) -> None:
    """The seed as a Word document: numbered/bulleted list styles, signatures in a table.

    The signature table has one row with a cell per party, or with ``row_per_line``
    one row per line (place and date, name, title, institution).
    """
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.header.paragraphs[0].text = RUNNING_HEADER
    section.footer.paragraphs[0].text = "Seite 1"
    for lines in paragraphs(SEED[:SIGNATURE_START]):
        if any(re.match(r"\d+\. ", line) for line in lines):
            intro, items = list_items(lines)
            document.add_paragraph(intro)
            for level, text in items:
                document.add_paragraph(text, style="List Number" if level == 0 else "List Bullet 2")
        elif is_short_heading(lines):
            document.add_paragraph().add_run(lines[0]).bold = True
        else:
            document.add_paragraph(" ".join(lines))
    blocks = signature_blocks()
    if row_per_line:
        keys = ("place_date", "name", "title", "institution")
        table = document.add_table(rows=len(keys), cols=2)
        for row, key in zip(table.rows, keys, strict=True):
            for cell, block in zip(row.cells, blocks, strict=True):
                cell.text = block[key]
    else:
        table = document.add_table(rows=1, cols=2)
        for cell, block in zip(table.rows[0].cells, blocks, strict=True):
            cell.paragraphs[0].text = block["place_date"]
            for line in ("", block["name"], block["name"], block["title"], block["institution"]):
                cell.add_paragraph(line)
    document.save(str(path))


def test_docx_text_writes_out_list_numbers_and_table_columns(tmp_path: Path) -> None:
    path = tmp_path / "zv.docx"
    seed_as_docx(path)
    text = extract_text(path)
    assert "\n1. Ausbildungsvorbereitung\n" in text
    assert "\n- AVIA (Aktivierung und Vermittlung von Migranten)\n" in text
    assert "\n4. Weiterbildungsmaßnahmen" in text
    assert re.search(r"Wiesbaden, den 2\. 8\. 2025 {3,}Korbach, den 13\. Aug\. 2025", text)
    assert RUNNING_HEADER not in text


@pytest.mark.parametrize("row_per_line", [False, True])
def test_docx_parses_like_the_text(tmp_path: Path, row_per_line: bool) -> None:
    path = tmp_path / "zv.docx"
    seed_as_docx(path, row_per_line=row_per_line)
    assert read_agreement(path, regions=REGIONS).to_json_dict() == seed_expected()


# ------------------------------------------------------------------------- TXT


def test_txt_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "zv.txt"
    path.write_bytes(SEED.replace("„", '"').replace("“", '"').replace("–", "-").encode("cp1252"))
    assert read_agreement(path, regions=REGIONS).to_json_dict() == seed_expected()


def test_txt_with_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "zv.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.encode("utf-8"))
    assert extract_text(path).startswith("\n\nZielvereinbarung")


# ----------------------------------------------------------------------- errors


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "zv.odt"
    path.write_bytes(b"x")
    with pytest.raises(AgreementReadError, match="„zv.odt“.*nicht unterstütztes Format") as caught:
        extract_text(path)
    assert caught.value.filename == "zv.odt"


def test_no_extension_uses_upload_name(tmp_path: Path) -> None:
    path = tmp_path / "upload"
    path.write_text(SEED, encoding="utf-8")
    with pytest.raises(AgreementReadError, match="ohne Dateiendung"):
        extract_text(path)
    assert extract_text(path, filename="Vereinbarung.TXT").strip().startswith("Zielvereinbarung")


def test_binary_txt(tmp_path: Path) -> None:
    path = tmp_path / "bild.txt"
    path.write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(AgreementReadError, match="keine Textdatei"):
        extract_text(path)


def test_pdf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(typst.compile(b"#rect(width: 2cm, height: 2cm)"))
    with pytest.raises(AgreementReadError, match="keinen auslesbaren Text"):
        extract_text(path)
