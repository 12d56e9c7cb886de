from django.core.management.base import BaseCommand, CommandError

from aqb.audit.selectors import ChainBroken, audit_chain_verify, audit_head, parse_head
from aqb.audit.services import head_text


class Command(BaseCommand):
    help = ("Prüft die Hash-Kette des Änderungsprotokolls (mit dem Schlüssel AQB_AUDIT_KEY). "
            "Mit --expect-head NUMMER:HASH (aus dem Log „aqb.audit“ oder einer Sicherung) "
            "erkennt die Prüfung auch ein abgeschnittenes Ende.")

    def add_arguments(self, parser):
        parser.add_argument("--expect-head", metavar="NUMMER:HASH", default=None,
                            help="Ein früher festgehaltenes Kettenende, das noch enthalten "
                                 "sein muss.")

    def handle(self, *args, expect_head=None, **options):
        try:
            expected = parse_head(expect_head) if expect_head else None
        except ValueError as exc:
            raise CommandError(f"--expect-head: {exc}") from exc
        try:
            count = audit_chain_verify(expect_head=expected)
        except ChainBroken as exc:
            raise CommandError(f"Protokoll beschädigt: {exc}") from exc
        seq, hash_ = audit_head()
        self.stdout.write(f"Protokoll in Ordnung: {count} Einträge, Kette vollständig. "
                          f"Kettenende: {head_text(seq, hash_)}")
