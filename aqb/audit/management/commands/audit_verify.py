from django.core.management.base import BaseCommand, CommandError

from aqb.audit.selectors import ChainBroken, audit_chain_verify


class Command(BaseCommand):
    help = "Prüft die Hash-Kette des Änderungsprotokolls."

    def handle(self, *args, **options):
        try:
            count = audit_chain_verify()
        except ChainBroken as exc:
            raise CommandError(f"Protokoll beschädigt: {exc}") from exc
        self.stdout.write(f"Protokoll in Ordnung: {count} Einträge, Kette vollständig.")
