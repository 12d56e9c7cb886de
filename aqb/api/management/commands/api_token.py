"""aqb api_token USERNAME [--name NAME] [--days N]: prints a new API token alone on one line."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from aqb.api.services import DEFAULT_DAYS, token_create


class Command(BaseCommand):
    help = ("Legt ein persönliches API-Token für ein Benutzerkonto an und gibt es allein auf "
            "einer Zeile aus (es wird nur einmal angezeigt).")

    def add_arguments(self, parser):
        parser.add_argument("username", help="Benutzername")
        parser.add_argument("--name", default="Kommandozeile", help="Bezeichnung des Tokens")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                            help=f"Gültigkeit in Tagen (Standard {DEFAULT_DAYS}, 0 = unbegrenzt)")

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Benutzerkonto „{username}“ gibt es nicht.")
        try:
            # The operator at the command line: audited as "System".
            _, text = token_create(actor=None, user=user, name=name, days=days or None)
        except ValidationError as exc:
            msgs = exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]
            raise CommandError(" ".join(m for ms in msgs for m in ms)) from None
        self.stdout.write(text)
