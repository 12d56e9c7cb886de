import re

from django.core.management.base import BaseCommand, CommandError

from aqb.audit.selectors import ChainBroken, audit_chain_verify, audit_head, parse_head
from aqb.audit.services import head_text

# "Protokollkopf 12:ab…" (log aqb.audit) or "Protokollkopf #12 ab…" (aqb backup's output)
LOGGED_HEAD = re.compile(r"Protokollkopf (#?\d+[: ][0-9a-f]{64})\b")


def last_logged_head(path: str) -> str | None:
    """The newest head a log file holds ("Protokollkopf SEQ:HASH" lines); read line by line."""
    best: tuple[int, str] | None = None
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            for text in LOGGED_HEAD.findall(line):
                head = parse_head(text)
                if best is None or head[0] > best[0]:
                    best = head
    return head_text(*best) if best else None


class Command(BaseCommand):
    help = ("Prüft die Hash-Kette des Änderungsprotokolls (mit dem Schlüssel AQB_AUDIT_KEY). "
            "Mit --expect-head NUMMER:HASH (aus dem Log „aqb.audit“ oder einer Sicherung) "
            "oder --expect-head-from LOGDATEI erkennt die Prüfung auch ein abgeschnittenes Ende.")

    def add_arguments(self, parser):
        parser.add_argument("--expect-head", metavar="NUMMER:HASH", default=None,
                            help="Ein früher festgehaltenes Kettenende, das noch enthalten "
                                 "sein muss.")
        parser.add_argument("--expect-head-from", metavar="LOGDATEI", default=None,
                            help="Das neueste Kettenende („Protokollkopf …“) aus einer "
                                 "Logdatei nehmen.")

    def handle(self, *args, expect_head=None, expect_head_from=None, **options):
        if expect_head_from:
            try:
                expect_head = last_logged_head(expect_head_from)
            except OSError as exc:
                raise CommandError(f"--expect-head-from: Die Datei „{expect_head_from}“ kann "
                                   "nicht gelesen werden.") from exc
            if expect_head is None:
                raise CommandError(f"--expect-head-from: „{expect_head_from}“ enthält keine "
                                   "Zeile „Protokollkopf NUMMER:HASH“.")
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
