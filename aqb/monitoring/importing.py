"""Importing a participant file: check every row, then take over all of it or nothing.

`participants_check(path, name)` reads the file once (`reading.rows`, streamed) and collects
every error with its line (header = line 1), column and a German message: format, allowed
values (`vocab`), and plausibility (age at entry 14 to 80, year of birth agreeing with a given
birth date, exit not before entry, residence in one of Hessen's districts, outcome after six
months only with consent). `participants_import(...)` checks first and, when the file has no
error, reads it a second time and hands the rows to `records.participants_store` (one
transaction; re-entries merged). Name fields become a pseudonym (`pseudonym.from_person`)
in the row's own loop and are dropped there; they never reach a record, a log or a job.

Missing required columns, or a file that cannot be read, are `FileUnreadable` ("not a
participant file"); everything else is a row error.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterator
from pathlib import Path

from aqb.ui.uploads import formula_like

from . import pseudonym, vocab
from .reading import FileUnreadable, rows
from .records import ParticipantData, participants_store

__all__ = ["COLUMNS", "FileUnreadable", "ImportResult", "participants_check",
           "participants_import"]

MAX_ERRORS = 1000
AGE_MIN, AGE_MAX = 14, 80

# column -> (field of ParticipantData, vocabulary or kind, German label)
CHOICE_COLUMNS = {
    "geschlecht": ("gender", vocab.Gender),
    "rechtskreis": ("scheme", vocab.Scheme),
    "erwerbsstatus": ("employment", vocab.Employment),
    "bildung": ("education", vocab.Education),
    "staatsangehoerigkeit": ("nationality", vocab.Nationality),
    "behinderung": ("disability", vocab.Disability),
    "austrittsgrund": ("exit_reason", vocab.ExitReason),
    "verbleib": ("outcome", vocab.Outcome),
    "verbleib_6_monate": ("outcome_6m", vocab.Outcome),
}
YES_NO_COLUMNS = {"teilzeitausbildung": "part_time", "einwilligung": "consent"}
NAME_COLUMNS = ("vorname", "nachname", "geburtsdatum")
COLUMNS = ("teilnehmer_id", *NAME_COLUMNS, "eintritt", "austritt", "geschlecht", "geburtsjahr",
           "rechtskreis", "erwerbsstatus", "bildung", "staatsangehoerigkeit", "behinderung",
           "wohnort_ags", "teilzeitausbildung", "austrittsgrund", "verbleib",
           "verbleib_6_monate", "einwilligung")
FREE_TEXT_COLUMNS = ("teilnehmer_id", "vorname", "nachname")
REQUIRED = ("eintritt", "geschlecht", "geburtsjahr", "rechtskreis", "wohnort_ags")
DESCRIPTIONS = {
    "teilnehmer_id": "eigene Teilnehmenden-Nummer des Trägers (keine Namen oder Geburtsdaten); "
                     "statt Vorname, Nachname und Geburtsdatum",
    "vorname": "wird sofort zu einem Pseudonym verschlüsselt und nicht gespeichert",
    "nachname": "wird sofort zu einem Pseudonym verschlüsselt und nicht gespeichert",
    "geburtsdatum": "TT.MM.JJJJ; nur für das Pseudonym, wird nicht gespeichert",
    "eintritt": "Datum des Eintritts, TT.MM.JJJJ oder JJJJ-MM-TT (Pflicht)",
    "austritt": "Datum des Austritts, leer solange die Person teilnimmt",
    "geburtsjahr": "vierstellig, z. B. 2004 (Pflicht)",
    "wohnort_ags": "Kreisschlüssel des Wohnorts in Hessen, z. B. 06635 (Pflicht)",
}
_DATE_HINT = "ist kein Datum wie „13.08.2025“ oder „2025-08-13“."
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def allowed_values() -> dict[str, str]:
    """column -> the allowed values as German text (for messages and the templates)."""
    values = {c: vocab.allowed_text(choices) for c, (_, choices) in CHOICE_COLUMNS.items()}
    values.update({c: "ja, nein" for c in YES_NO_COLUMNS})
    return values


@dataclasses.dataclass
class ImportResult:
    rows: int = 0
    stored: int = 0
    errors: list[dict] = dataclasses.field(default_factory=list)
    error_count: int = 0
    created: int = 0
    corrected: int = 0
    reentries: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_json(self) -> dict:
        """The shape of the command line's and the API's answer."""
        data = {"rows": self.rows, "stored": self.stored, "errors": self.errors}
        if self.error_count > len(self.errors):
            data["errors_total"] = self.error_count
        return data


class _Errors:
    def __init__(self, result: ImportResult):
        self.result = result

    def add(self, row: int, column: str, message: str) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < MAX_ERRORS:
            self.result.errors.append({"row": row, "column": column, "message": message})


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    return str(cell).strip()


class _Checker:
    """Turns the cells of one row into `ParticipantData`, reporting errors; caches the
    parsing of values that repeat (dates, codes)."""

    def __init__(self, header: list, name: str, errors: _Errors):
        self.errors = errors
        self.index: dict[str, int] = {}
        self.width = len(header)
        for i, cell in enumerate(header):
            title = _text(cell).lstrip("\ufeff").strip().lower()
            if not title:
                continue
            if title not in COLUMNS:
                errors.add(1, title, f"Unbekannte Spalte „{title}“. Zulässig sind: "
                                     f"{', '.join(COLUMNS)}.")
            elif title in self.index:
                errors.add(1, title, f"Die Spalte „{title}“ steht mehrfach in der Kopfzeile.")
            else:
                self.index[title] = i
        missing = [c for c in REQUIRED if c not in self.index]
        has_id = "teilnehmer_id" in self.index
        has_names = all(c in self.index for c in NAME_COLUMNS)
        if not has_id and not has_names:
            missing.insert(0, "teilnehmer_id (oder vorname, nachname, geburtsdatum)")
        if missing:
            raise FileUnreadable(
                f"„{name}“ ist keine Teilnehmendenliste: in der Kopfzeile (Zeile 1) fehlen die "
                f"Spalten {', '.join(missing)}. Bitte die Vorlage verwenden.")
        self.lookups = {c: vocab.lookup(choices) for c, (_, choices) in CHOICE_COLUMNS.items()}
        self.allowed = allowed_values()
        self.code_cache: dict[tuple[str, str], str | None] = {}
        self.date_cache: dict[object, datetime.date | None] = {}
        self.flag_cache: dict[str, bool | None] = {}
        from aqb.regions.models import Region

        self.districts = set(Region.objects.values_list("ags", flat=True))
        self.columns = [(c, i) for c, i in self.index.items()]

    def date(self, cell) -> datetime.date | None:
        key = cell if not isinstance(cell, list) else None
        try:
            return self.date_cache[key]
        except (KeyError, TypeError):
            pass
        value = _parse_date(cell)
        if len(self.date_cache) < 10_000:
            self.date_cache[key] = value
        return value

    def row(self, line: int, cells: list) -> ParticipantData | None:
        add = self.errors.add
        before = self.errors.result.error_count
        values: dict[str, object] = {}
        n = len(cells)
        for column, i in self.columns:
            cell = cells[i] if i < n else None
            if cell.__class__ is str:  # texts stripped once; empty is "not given"
                cell = cell.strip() or None
            values[column] = cell
        for column in FREE_TEXT_COLUMNS:
            cell = values.get(column)
            if cell.__class__ is str and formula_like(cell):
                add(line, column, "Der Wert beginnt mit „=“, „+“, „-“ oder „@“ und sieht aus "
                                  "wie eine Tabellenformel; Formeln werden nicht übernommen.")
        if n > self.width and any(_text(c) for c in cells[self.width:]):
            add(line, "", "Werte ohne Spaltenüberschrift (mehr Felder als in der Kopfzeile).")
        data: dict[str, object] = {}
        for column in REQUIRED:
            if values.get(column) is None:
                add(line, column, "Pflichtangabe fehlt.")
        # dates
        for column in ("eintritt", "austritt", "geburtsdatum"):
            cell = values.get(column)
            if cell is None:
                continue
            day = self.date(cell)
            if day is None:  # a birth date is not quoted: it is personal data
                shown = "Der Wert" if column == "geburtsdatum" else f"„{_text(cell)}“"
                add(line, column, f"{shown} {_DATE_HINT}")
            else:
                data[column] = day
        # year of birth
        birth_year = None
        cell = values.get("geburtsjahr")
        if cell is not None:
            text = _text(cell)
            if len(text) == 4 and text.isdigit():
                birth_year = int(text)
            else:
                add(line, "geburtsjahr", f"„{text}“ ist keine vierstellige Jahreszahl.")
        # allowed values
        codes: dict[str, str] = {}
        for column, (field, _) in CHOICE_COLUMNS.items():
            cell = values.get(column)
            if cell is None:
                continue
            text = cell if cell.__class__ is str else _text(cell)
            key = (column, text)
            try:
                code = self.code_cache[key]
            except KeyError:
                code = self.lookups[column].get(vocab.normalise(text))
                if len(self.code_cache) < 10_000:
                    self.code_cache[key] = code
            if code is None:
                if text:
                    add(line, column, f"„{text}“ ist nicht zulässig. Zulässig: "
                                      f"{self.allowed[column]}.")
            else:
                codes[field] = code
        flags: dict[str, bool | None] = {}
        for column, field in YES_NO_COLUMNS.items():
            cell = values.get(column)
            if cell is None:
                continue
            text = cell if cell.__class__ is str else _text(cell)
            try:
                flag = self.flag_cache[text]
            except KeyError:
                flag = vocab.YES_NO.get(vocab.normalise(text))
                if len(self.flag_cache) < 1000:
                    self.flag_cache[text] = flag
            if flag is None and text:
                add(line, column, f"„{text}“ ist nicht zulässig. Zulässig: ja, nein.")
            flags[field] = flag
        # residence
        ags = None
        cell = values.get("wohnort_ags")
        if cell is not None:
            ags = _text(cell)
            if ags.isdigit() and len(ags) == 4:
                ags = "0" + ags  # Excel drops the leading zero of a number
            if ags not in self.districts:
                add(line, "wohnort_ags", f"„{_text(cell)}“ ist kein Kreis in Hessen. Bitte den "
                                         "fünfstelligen Kreisschlüssel angeben, z. B. 06635.")
        # identity
        identity = None
        provider_id = _text(values.get("teilnehmer_id"))
        if provider_id:
            if len(provider_id) > pseudonym.PROVIDER_ID_MAX:
                add(line, "teilnehmer_id", f"Die Teilnehmenden-Nummer ist länger als "
                                           f"{pseudonym.PROVIDER_ID_MAX} Zeichen.")
            else:
                identity = (pseudonym.from_provider_id(provider_id), "provider")
        else:
            first, last = _text(values.get("vorname")), _text(values.get("nachname"))
            born = data.get("geburtsdatum")
            if not (first or last or values.get("geburtsdatum") is not None):
                add(line, "teilnehmer_id", "Bitte teilnehmer_id angeben oder vorname, nachname "
                                           "und geburtsdatum.")
            else:
                for column, value in (("vorname", first), ("nachname", last)):
                    if not value:
                        add(line, column, "Pflichtangabe fehlt (ohne teilnehmer_id werden "
                                          "vorname, nachname und geburtsdatum gebraucht).")
                if values.get("geburtsdatum") is None:
                    add(line, "geburtsdatum", "Pflichtangabe fehlt (ohne teilnehmer_id werden "
                                              "vorname, nachname und geburtsdatum gebraucht).")
                if first and last and born:
                    identity = (pseudonym.from_person(first, last, born), "hash")
            del first, last  # the names go no further than this row
        # plausibility
        entry, exit_ = data.get("eintritt"), data.get("austritt")
        if entry and exit_ and exit_ < entry:
            add(line, "austritt", f"Der Austritt ({exit_:%d.%m.%Y}) liegt vor dem Eintritt "
                                  f"({entry:%d.%m.%Y}).")
        born = data.get("geburtsdatum")
        if birth_year and born and born.year != birth_year:
            add(line, "geburtsjahr", f"Das Geburtsjahr {birth_year} passt nicht zum "
                                     "Geburtsdatum.")
        if birth_year and entry:
            age = entry.year - birth_year
            if not AGE_MIN <= age <= AGE_MAX:
                add(line, "geburtsjahr", f"Alter bei Eintritt {age} Jahre: zulässig sind "
                                         f"{AGE_MIN} bis {AGE_MAX} Jahre.")
        if codes.get("outcome_6m") and flags.get("consent") is not True:
            add(line, "verbleib_6_monate", "Der Verbleib nach 6 Monaten darf nur mit "
                                           "Einwilligung (einwilligung = ja) erfasst werden.")
        if self.errors.result.error_count != before or identity is None:
            return None
        return ParticipantData(
            pseudonym=identity[0], pseudonym_kind=identity[1], entry_date=entry,
            exit_date=exit_, gender=codes["gender"], birth_year=birth_year,
            scheme=codes["scheme"], residence_ags=ags,
            employment=codes.get("employment", ""), education=codes.get("education", ""),
            nationality=codes.get("nationality", ""), disability=codes.get("disability", ""),
            part_time=flags.get("part_time"), exit_reason=codes.get("exit_reason", ""),
            outcome=codes.get("outcome", ""), outcome_6m=codes.get("outcome_6m", ""),
            consent=bool(flags.get("consent")))


def _parse_date(cell) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if 1 <= cell < 110_000:  # an Excel serial day number
            return _EXCEL_EPOCH + datetime.timedelta(days=int(cell))
        return None
    text = str(cell).strip()
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        if len(text) >= 19 and text[4] == "-" and text[10] in "T ":  # ISO with a time
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
        parts = text.split(".")
        if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
            return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
    return None


def _read(path: Path, name: str, result: ImportResult, progress=None,
          total: int = 0) -> Iterator[ParticipantData | None]:
    """Every data row as checked input (None where the row has errors)."""
    source = rows(path, name)
    header = next(source, None)
    if header is None:
        raise FileUnreadable(f"„{name}“ ist leer.")
    line, cells = header
    if line != 1:
        raise FileUnreadable(f"„{name}“: die Kopfzeile muss in Zeile 1 stehen.")
    checker = _Checker(cells, name, _Errors(result))
    for line, cells in source:
        if isinstance(cells[0], str) and cells[0].lstrip().startswith("#"):
            continue  # a comment line (the template's explanations)
        result.rows += 1
        if progress is not None and result.rows % 5000 == 0:
            progress(result.rows, total)
        yield checker.row(line, cells)


def participants_check(path: Path | str, name: str, *, progress=None) -> ImportResult:
    """Check the whole file; every error (up to MAX_ERRORS kept, all counted). A file without
    a data row is no participant list (FileUnreadable)."""
    result = ImportResult()
    for _ in _read(Path(path), name, result, progress):
        pass
    if not result.rows and result.ok:
        raise FileUnreadable(f"„{name}“ enthält keine Datenzeile (nur die Kopfzeile oder leere "
                             "Zeilen). Es wurde nichts gespeichert.")
    return result


class FileChanged(Exception):
    pass


def participants_import(*, actor, project, year: int, path: Path | str, name: str,
                        check_only: bool = False,
                        progress: Callable[[int, int, str], None] | None = None
                        ) -> ImportResult:
    """Check the file; unless `check_only` or errors were found, store all its rows in one
    transaction (two passes over the file, so it never sits in memory)."""
    path = Path(path)
    checking = (lambda done, total: progress(done, total, "Prüfen")) if progress else None
    result = participants_check(path, name, progress=checking)
    if not result.ok or check_only:
        return result
    total = result.rows
    second = ImportResult()

    def checked() -> Iterator[ParticipantData]:
        for data in _read(path, name, second):
            if data is None:
                raise FileChanged
            yield data

    storing = (lambda done: progress(done, total, "Übernehmen")) if progress else None
    try:
        stored = participants_store(actor=actor, project=project, year=year, rows=checked(),
                                    source=f"Datei {name}", progress=storing)
    except FileChanged:
        raise FileUnreadable(f"„{name}“ hat sich während der Übernahme geändert; nichts "
                             "wurde gespeichert.") from None
    result.stored = stored.rows
    result.created, result.corrected, result.reentries = (stored.created, stored.corrected,
                                                          stored.reentries)
    return result
