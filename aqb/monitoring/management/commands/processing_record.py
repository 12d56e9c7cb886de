from pathlib import Path

from django.core.management.base import BaseCommand

from aqb.monitoring.processing_record import processing_record_markdown


class Command(BaseCommand):
    help = ("Verzeichnis der Verarbeitungstätigkeiten (Art. 30 DSGVO) des Monitorings als "
            "Markdown ausgeben, erzeugt aus den Einstellungen der Anwendung.")

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Datei, in die geschrieben wird (sonst Ausgabe)")

    def handle(self, *args, output=None, **options):
        text = processing_record_markdown()
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Geschrieben: {output}")
        else:
            self.stdout.write(text, ending="")
