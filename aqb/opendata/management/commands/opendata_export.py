"""aqb opendata_export <Verzeichnis>: every open dataset as files with its Data Package.

Writes into `<Verzeichnis>/<slug>/` the CSV, JSON and XLSX files of each published year (for
datasets with yearly files) and across all published years, and `datapackage.json`; with
`--regionen` also the all-years files of each region. The files are byte for byte those
served under /opendata/daten/<slug>/ for the same data, and the directory is a valid Data
Package (`frictionless validate <Verzeichnis>/<slug>/datapackage.json`).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from aqb.opendata import files
from aqb.opendata.datasets import dataset_get, datasets


class Command(BaseCommand):
    help = "Schreibt alle offenen Datensätze als Dateien mit Datenpaket (datapackage.json)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Zielverzeichnis (wird angelegt)")
        parser.add_argument("--datensatz", action="append", default=[], metavar="SLUG",
                            help="nur diesen Datensatz (mehrfach möglich)")
        parser.add_argument("--regionen", action="store_true",
                            help="auch die Dateien je Gebietskörperschaft (alle Jahre)")

    def handle(self, *args, directory: str, datensatz: list[str], regionen: bool, **options):
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise CommandError(f"„{target}“ ist kein Verzeichnis.")
        chosen = datasets()
        if datensatz:
            try:
                chosen = [dataset_get(slug) for slug in datensatz]
            except Http404 as exc:
                raise CommandError(f"Unbekannter Datensatz; vorhanden: "
                                   f"{', '.join(d.slug for d in datasets())}.") from exc
        total = 0
        for dataset in chosen:
            folder = target / dataset.slug
            try:
                folder.mkdir(parents=True, exist_ok=True)
                count = 0
                for wanted in files.published_files(dataset, regions=regionen):
                    _write(folder / wanted.name, files.render(wanted))
                    count += 1
                _write(folder / "datapackage.json", files.datapackage_bytes(dataset))
            except OSError as exc:
                raise CommandError(f"{dataset.slug}: Dateien konnten nicht geschrieben werden "
                                   f"({exc.strerror or exc}).") from exc
            total += count
            self.stdout.write(f"{dataset.slug}: {count} Dateien und datapackage.json "
                              f"in {folder}")
        self.stdout.write(self.style.SUCCESS(
            f"{len(chosen)} Datensätze, {total} Dateien geschrieben."))


def _write(path: Path, content: bytes) -> None:
    """Write through a temporary file, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)
