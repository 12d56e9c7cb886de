"""aqb user_add USERNAME --role ROLE [--region AGS] [--provider NAME] [--password-stdin]

First-time setup in production: creates an account with one membership, audited with the actor
"System". The account must change its password at the first login (its holder did not choose
it; see accounts.middleware.PasswordChangeGate). Later accounts are managed by the ministry in
the browser (/benutzerkonten/).
"""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from aqb.accounts import services
from aqb.accounts.management.german_cli import germanize
from aqb.accounts.models import Membership, Provider, Role

FIELD_LABELS = {"username": "Benutzername", "password": "Passwort", "role": "Rolle",
                "region": "Gebietskörperschaft", "provider": "Träger", "email": "E-Mail",
                "first_name": "Vorname", "last_name": "Nachname"}


class Command(BaseCommand):
    help = ("Legt ein Benutzerkonto mit einer Mitgliedschaft an (Ersteinrichtung). Das Passwort "
            "kommt aus der Standardeingabe (--password-stdin) oder wird verdeckt abgefragt.")
    stealth_options = ("stdin",)

    def create_parser(self, prog_name, subcommand, **kwargs):
        return germanize(super().create_parser(prog_name, subcommand, **kwargs))

    def add_arguments(self, parser):
        # Checked in handle() rather than by argparse, so that the messages name the field.
        parser.add_argument("username", nargs="?", default="", metavar="BENUTZERNAME",
                            help="Benutzername")
        parser.add_argument("--role", default="", metavar="ROLLE",
                            help="Rolle: ministry, authority, region oder provider")
        parser.add_argument("--region", metavar="AGS",
                            help="Gebietskörperschaft (5-stelliger Schlüssel), nur bei region")
        parser.add_argument("--provider", metavar="NAME", help="Name des Trägers, nur bei provider")
        parser.add_argument("--first-name", default="", metavar="VORNAME", help="Vorname")
        parser.add_argument("--last-name", default="", metavar="NACHNAME", help="Nachname")
        parser.add_argument("--email", default="", metavar="ADRESSE", help="E-Mail-Adresse")
        parser.add_argument("--password-stdin", action="store_true",
                            help="Passwort aus der ersten Zeile der Standardeingabe lesen")

    def handle(self, *args, username, role, region, provider, password_stdin, **options):
        if not username.strip():
            raise CommandError("Benutzername: Bitte geben Sie einen Benutzernamen an, z. B. "
                               "„aqb user_add ministerium-mueller --role ministry“.")
        if role not in Role.values:
            raise CommandError(f"Rolle: „{role}“ ist keine Rolle. Erlaubt: "
                               f"{', '.join(Role.values)}." if role else
                               f"Rolle: Bitte geben Sie --role an ({', '.join(Role.values)}).")
        region_obj = self._region(region) if region else None
        provider_obj = self._provider(provider) if provider else None
        errors = services.membership_errors(role=role, region=region_obj, provider=provider_obj)
        if errors:
            raise CommandError(self._format(errors))
        password = self._password(options.get("stdin") or sys.stdin, password_stdin)
        try:
            user = services.user_create(
                actor=services.SYSTEM, username=username, password=password,
                first_name=options["first_name"], last_name=options["last_name"],
                email=options["email"],
                memberships=[services.MembershipSpec(role=role, region=region_obj,
                                                     provider=provider_obj)])
        except ValidationError as exc:
            raise CommandError(self._format(exc.message_dict if hasattr(exc, "error_dict")
                                            else {"": exc.messages})) from exc
        label = services.membership_label(user.memberships.get())
        self.stdout.write(f"Benutzerkonto „{user.username}“ angelegt ({label}). Bei der ersten "
                          "Anmeldung wählt die Person ein eigenes Passwort.")

    def _region(self, ags: str):
        region_model = Membership._meta.get_field("region").related_model
        row = region_model.objects.filter(ags=ags.strip()).first()
        if row is None:
            raise CommandError(f"Gebietskörperschaft: Keine Gebietskörperschaft mit dem "
                               f"Schlüssel „{ags}“ (5 Ziffern, z. B. 06611 für Stadt Kassel).")
        return row

    def _provider(self, name: str) -> Provider:
        row = Provider.objects.filter(name__iexact=name.strip()).first()
        if row is None:
            raise CommandError(f"Träger: Kein Träger mit dem Namen „{name}“. Das Ministerium "
                               "legt Träger unter Benutzerkonten → Träger verwalten an.")
        return row

    def _password(self, stdin, from_stdin: bool) -> str:
        if from_stdin:
            line = stdin.readline()
            password = line.rstrip("\r\n")
            if not password:
                raise CommandError("Passwort: Die Standardeingabe enthält kein Passwort.")
            return password
        try:
            first = getpass.getpass("Passwort: ")
            second = getpass.getpass("Passwort wiederholen: ")
        except (EOFError, KeyboardInterrupt) as exc:
            raise CommandError("Abgebrochen: kein Passwort eingegeben.") from exc
        if first != second:
            raise CommandError("Passwort: Die beiden Eingaben stimmen nicht überein.")
        return first

    @staticmethod
    def _format(errors: dict) -> str:
        lines = []
        for field, messages in errors.items():
            if isinstance(messages, str):
                messages = [messages]
            label = FIELD_LABELS.get(field, "")
            lines.extend(f"{label}: {m}" if label else m for m in messages)
        return "\n".join(lines)
