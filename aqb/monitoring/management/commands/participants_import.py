"""aqb participants_import DATEI --region AGS --year JAHR --project KURZNAME [--check]
[--format json]: check a participant file (CSV or XLSX) and store it, all or nothing.

Exit codes: 0 all rows stored (with --check: all rows valid, nothing stored); 3 errors found,
nothing stored (each with line, column and a German message; with --format json:
`{"rows": N, "stored": 0, "errors": [{"row": R, "column": "...", "message": "..."}]}`, plus
`errors_total` when more errors were found than listed); 2 not readable as a participant file
(missing required columns, not CSV/XLSX, over a limit); 1 project or year not found.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from aqb.accounts import policy
from aqb.accounts.management.german_cli import germanize
from aqb.monitoring.importing import FileUnreadable, participants_import
from aqb.projects.models import Project


class Command(BaseCommand):
    help = ("Prüft eine Teilnehmendenliste (CSV oder XLSX) und übernimmt sie für ein Projekt "
            "und Programmjahr – ganz oder gar nicht.")

    def create_parser(self, prog_name, subcommand, **kwargs):
        return germanize(super().create_parser(prog_name, subcommand, **kwargs))

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="DATEI", help="die Liste (.csv oder .xlsx)")
        parser.add_argument("--region", required=True, metavar="AGS",
                            help="Kreisschlüssel der Gebietskörperschaft, z. B. 06635")
        parser.add_argument("--year", required=True, type=int, metavar="JAHR",
                            help="Programmjahr")
        parser.add_argument("--project", required=True, metavar="KURZNAME",
                            help="Kurzname des Projekts in dieser Gebietskörperschaft")
        parser.add_argument("--check", action="store_true",
                            help="nur prüfen, nichts speichern")
        parser.add_argument("--format", choices=("text", "json"), default="text",
                            help="Ausgabe als Text (Vorgabe) oder JSON")

    def handle(self, *args, path, region, year, project, check, format, **options):
        target = self._project(region, project)
        if not target.runs_in(year):
            self._fail(1, f"Das Projekt {target.label} läuft nicht im Programmjahr {year}.")
        file = Path(path)
        if not file.is_file():
            self._fail(2, f"Die Datei „{file.name}“ kann nicht geöffnet werden (nicht "
                          "vorhanden oder keine Leseberechtigung).")
        progress = self._progress if format == "text" and sys.stderr.isatty() else None
        try:
            result = participants_import(actor=policy.SYSTEM, project=target, year=year,
                                         path=file, name=file.name, check_only=check,
                                         progress=progress)
        except FileUnreadable as exc:
            if format == "json":
                self.stdout.write(json.dumps({"rows": 0, "stored": 0, "errors": [
                    {"row": None, "column": "", "message": str(exc)}]}, ensure_ascii=False))
            self._fail(2, str(exc))
        except OSError:
            self._fail(2, f"Die Datei „{file.name}“ kann nicht gelesen werden.")
        if progress:
            self.stderr.write("")
        if format == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self._report(result, check, file.name)
        if not result.ok:
            sys.exit(3)

    def _report(self, result, check, name):
        for e in result.errors:
            column = f", Spalte {e['column']}" if e["column"] else ""
            self.stdout.write(f"Zeile {e['row']}{column}: {e['message']}")
        if not result.ok:
            more = result.error_count - len(result.errors)
            hint = f" (die ersten {len(result.errors)} gezeigt)" if more else ""
            self.stderr.write(f"{name}: {result.rows} Zeilen, {result.error_count} Fehler"
                              f"{hint}. Nichts gespeichert.")
        elif check:
            self.stderr.write(f"{name}: {result.rows} Zeilen, keine Fehler. Nur geprüft, "
                              "nichts gespeichert.")
        else:
            self.stderr.write(f"{name}: {result.stored} Zeilen übernommen ({result.created} "
                              f"neu, {result.corrected} korrigiert, {result.reentries} "
                              "Wiedereintritte).")

    def _progress(self, done, total, step):
        of = f" von {total}" if total else ""
        self.stderr.write(f"\r{step}: {done}{of} Zeilen", ending="")

    def _project(self, ags, short):
        found = list(Project.objects.select_related("region").filter(
            region__ags=ags, short_name__iexact=short.strip())[:2])
        if not found:
            self._fail(1, f"Kein Projekt mit dem Kurznamen „{short}“ in der "
                          f"Gebietskörperschaft {ags}.")
        if len(found) > 1:
            self._fail(1, f"Der Kurzname „{short}“ ist in der Gebietskörperschaft {ags} "
                          "nicht eindeutig; bitte den Kurznamen im Projekt eindeutig machen.")
        return found[0]

    def _fail(self, code, message):
        self.stderr.write(f"Fehler: {message}")
        sys.exit(code)
