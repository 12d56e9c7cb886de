"""aqb agreement_import PATH [--save]: read a .txt/.pdf/.docx agreement and print JSON.

Exit codes: 0 complete, or saved (an unsigned document is saved as a draft); 3 recognisable
but incomplete, not saved (`missing` lists what is absent, stderr says it in German; this
includes a document that nobody has signed, read without --save); 2 not an agreement or
unreadable (German message naming only the file); 1 save refused (German message).
"""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from aqb.accounts.management.german_cli import germanize
from aqb.accounts.models import User
from aqb.agreements.importing import (
    agreement_import_save,
    agreement_read,
    import_problems,
    is_unsigned,
    problem_labels,
)
from aqb.agreements.reading import AgreementReadError


class Command(BaseCommand):
    help = "Liest eine Zielvereinbarung (.txt, .pdf, .docx) und gibt ihre Daten als JSON aus."

    def create_parser(self, prog_name, subcommand, **kwargs):
        return germanize(super().create_parser(prog_name, subcommand, **kwargs))

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="DATEI",
                            help="die Zielvereinbarung (.txt, .pdf, .docx)")
        parser.add_argument("--save", action="store_true",
                            help="Daten und Originaldatei speichern (aktuelle Fassung); "
                                 "ein nicht unterzeichnetes Dokument wird als Entwurf "
                                 "gespeichert")
        parser.add_argument("--user", default=None,
                            help="Benutzerkonto des Ministeriums, das einliest (für --save)")

    def handle(self, *args, path, save, user, **options):
        p = Path(path)
        try:
            parsed = agreement_read(p, filename=p.name)
        except AgreementReadError as exc:
            self.stderr.write(f"Fehler: {exc}")
            sys.exit(2)
        except OSError:
            self.stderr.write(f"Fehler: Die Datei „{p.name}“ kann nicht geöffnet werden "
                              "(nicht vorhanden oder keine Leseberechtigung).")
            sys.exit(2)
        self.stdout.write(json.dumps(parsed.to_json_dict(), ensure_ascii=False, indent=2))
        problems = import_problems(parsed)
        if problems:
            self.stderr.write(f"„{p.name}“ ist unvollständig, es fehlt: "
                              + ", ".join(problem_labels(parsed, problems)))
            if save:
                self.stderr.write("Nicht gespeichert.")
            sys.exit(3)
        unsigned = is_unsigned(parsed)
        if not save:
            if unsigned:
                self.stderr.write("Nicht unterzeichnet, es fehlt: "
                                  + ", ".join(problem_labels(parsed)) + ". Mit --save wird "
                                  "das Dokument als Entwurf gespeichert.")
                sys.exit(3)
            return
        actor = self._actor(user)
        try:
            agreement = agreement_import_save(actor=actor, parsed=parsed,
                                              content=p.read_bytes(), filename=p.name)
        except ValidationError as exc:
            self.stderr.write("Nicht gespeichert: " + " ".join(exc.messages))
            sys.exit(1)
        note = " – nicht unterzeichnet, als Entwurf" if unsigned else ""
        self.stderr.write(f"Gespeichert: {agreement} ({agreement.get_status_display()}{note}).")

    def _actor(self, username):
        from aqb.accounts.models import Role

        qs = User.objects.filter(memberships__role=Role.MINISTRY, is_active=True)
        if username:
            qs = qs.filter(username=username)
        actor = qs.order_by("pk").first()
        if actor is None:
            self.stderr.write("Fehler: kein Benutzerkonto des Ministeriums gefunden "
                              "(--user angeben).")
            sys.exit(1)
        return actor
