"""aqb restore FILE: an archive of `aqb backup` into an empty database and the file store."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aqb.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Spielt eine Sicherung von 'aqb backup' in eine leere Datenbank und den Dateispeicher "
            "zurück. Danach 'aqb audit_verify' ausführen.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="die Sicherungsdatei (.tar.gz)")
        parser.add_argument("--database", default="default", help="Datenbank-Alias")

    def handle(self, *args, archive: Path, database: str, **options):
        try:
            manifest = backup_restore(archive=archive, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        head = manifest.audit_head or {}
        self.stdout.write(
            f"Zurückgespielt: {archive} vom {_when(manifest.created_at)} "
            f"({sum(manifest.rows.values())} Zeilen, {manifest.media_count} Dateien). "
            f"Protokollkopf laut Sicherung: #{head.get('seq', 0)} {head.get('hash', '-')}. "
            "Bitte jetzt 'aqb audit_verify' ausführen.")


def _when(iso: str) -> str:
    from datetime import datetime

    local = timezone.localtime(datetime.fromisoformat(iso))
    return local.strftime("%d.%m.%Y, %H:%M Uhr")
