from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aqb.agreements.document import agreement_document
from aqb.agreements.models import Agreement
from aqb.agreements.render import FORMATS, render


class Command(BaseCommand):
    help = "Erzeugt die Dokumente aller Zielvereinbarungen eines Jahres in ein Verzeichnis."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--output", required=True, help="Zielverzeichnis")

    def handle(self, *args, year, format, output, **options):
        agreements = list(Agreement.objects.filter(programme_year__year=year, is_current=True)
                          .select_related("region", "programme_year", "template")
                          .order_by("region__ags"))
        if not agreements:
            raise CommandError(f"Für {year} gibt es keine Zielvereinbarungen.")
        out = Path(output)
        out.mkdir(parents=True, exist_ok=True)
        for agreement in tqdm(agreements, desc=f"Zielvereinbarungen {year}", unit="Dok.",
                              file=self.stderr._out, disable=None):
            doc = agreement_document(agreement)
            (out / f"{doc.filename_stem}.{format}").write_bytes(render(doc, format))
        self.stdout.write(f"{len(agreements)} Dokumente nach {out} geschrieben.")
