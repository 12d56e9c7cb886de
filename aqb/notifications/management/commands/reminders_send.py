from datetime import date

from django.core.management.base import BaseCommand, CommandError

from aqb.notifications import services


class Command(BaseCommand):
    help = ("Erinnerungen des Tages verschicken (Fristen, ausstehende Unterschriften). "
            "Mehrfach am selben Tag aufgerufen, verschickt der Befehl nichts doppelt.")

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", metavar="JJJJ-MM-TT",
                            help="Stichtag (Standard: heute)")

    def handle(self, *args, day=None, **options):
        try:
            stichtag = date.fromisoformat(day) if day else None
        except ValueError as exc:
            raise CommandError(f"--date: „{day}“ ist kein Datum der Form JJJJ-MM-TT.") from exc
        try:
            counts = services.reminders_send(day=stichtag)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(counts.values())
        self.stdout.write("1 neue Erinnerung." if total == 1 else f"{total} neue Erinnerungen.")
