import json

from django.core.management.base import BaseCommand

from aqb.regions.models import Region


class Command(BaseCommand):
    help = "Listet die 26 Gebietskörperschaften mit ihren grammatischen Formen."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "table"], default="table",
                            help="Ausgabeformat (json oder table)")

    def handle(self, *args, **options):
        rows = [
            {
                "ags": r.ags, "name": r.name, "kind": r.get_kind_display(), "seat": r.seat,
                "regierungsbezirk": r.regierungsbezirk, "nominative": r.forms.nominative,
                "accusative": r.forms.accusative, "dative": r.forms.dative,
                "genitive": r.forms.genitive,
            }
            for r in Region.objects.order_by("ags")
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(f"{r['ags']}  {r['name']:<34} {r['dative']:<40} {r['genitive']}")
