"""aqb backup --output FILE: one archive of the database and every stored file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aqb.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sichert Datenbank und gespeicherte Dateien in eine Archivdatei (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, type=Path,
                            help="Pfad der neuen Sicherungsdatei, z. B. aqb-2026-12-01.tar.gz")
        parser.add_argument("--database", default="default", help="Datenbank-Alias")
        parser.add_argument("--quiet", action="store_true", help="ohne Fortschrittsanzeige")

    def handle(self, *args, output: Path, database: str, quiet: bool, **options):
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if quiet:
                return
            if bar is None:
                bar = tqdm(total=total, unit="Datei", desc="Sicherung", file=self.stderr._out)
            bar.update(done - bar.n)

        try:
            manifest = backup_create(output=output, alias=database, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        head = manifest.audit_head or {}
        self.stdout.write(
            f"Sicherung geschrieben: {output} ({manifest.engine}, "
            f"{sum(manifest.rows.values())} Zeilen in {len(manifest.rows)} Tabellen, "
            f"{manifest.media_count} Dateien, Protokollkopf #{head.get('seq', 0)} "
            f"{head.get('hash', '-')})")
