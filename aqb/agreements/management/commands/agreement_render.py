import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from aqb.agreements.document import agreement_document
from aqb.agreements.models import Agreement
from aqb.agreements.render import FORMATS, render


class Command(BaseCommand):
    help = "Erzeugt das Dokument einer Zielvereinbarung (txt, html, pdf, docx)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="Amtlicher Schlüssel, z. B. 06635")
        parser.add_argument("--year", required=True, type=int, help="Programmjahr, z. B. 2025")
        parser.add_argument("--format", choices=FORMATS, default="txt")
        parser.add_argument("--output", help="Zieldatei (sonst Standardausgabe)")
        parser.add_argument("--signed", action="store_true",
                            help="die gespeicherte unterzeichnete Datei ausgeben")

    def handle(self, *args, region, year, format, output, signed, **options):
        agreement = Agreement.objects.filter(region__ags=region, programme_year__year=year,
                                             is_current=True).first()
        if agreement is None:
            raise CommandError(f"Keine Zielvereinbarung für Gebietskörperschaft {region} im "
                               f"Jahr {year}.")
        if signed:
            if not agreement.signed_file:
                raise CommandError("Für diese Zielvereinbarung ist kein unterzeichnetes "
                                   "Dokument gespeichert.")
            data = agreement.signed_file.read()
        else:
            data = render(agreement_document(agreement), format)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Geschrieben: {output} ({len(data):,} Bytes)".replace(",", "."))
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
