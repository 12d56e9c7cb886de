"""A German face for argparse in management commands: usage, help and error messages.

Django's `CommandParser` speaks argparse's English ("unrecognized arguments", "show this help
message and exit"). `germanize(parser)` turns a command's parser into one that answers in
German; commands call it from `create_parser`.
"""

from __future__ import annotations

import re
import sys
from argparse import HelpFormatter

from django.core.management.base import CommandError, CommandParser, DjangoHelpFormatter

BASE_HELP = {
    "help": "Diese Hilfe anzeigen und beenden.",
    "version": "Die Programmversion anzeigen und beenden.",
    "verbosity": "Ausführlichkeit: 0 = still, 1 = normal, 2 = ausführlich, 3 = sehr ausführlich.",
    "settings": "Python-Pfad eines Einstellungsmoduls, z. B. „aqb.settings.production“; ohne "
                "Angabe gilt DJANGO_SETTINGS_MODULE.",
    "pythonpath": "Ein Verzeichnis, das dem Python-Pfad hinzugefügt wird.",
    "traceback": "Bei Fehlern den vollständigen Stacktrace zeigen.",
    "no_color": "Die Ausgabe nicht einfärben.",
    "force_color": "Die Ausgabe immer einfärben.",
    "skip_checks": "Die Systemprüfungen überspringen.",
}
BASE_METAVARS = {"settings": "MODUL", "pythonpath": "VERZEICHNIS"}

# argparse's messages (Python 3.11 to 3.13) and their German counterparts.
MESSAGES = [
    (r"unrecognized arguments: (.*)", r"unbekannte Angabe: \1"),
    (r"argument (.+?): expected one argument", r"\1 braucht einen Wert"),
    (r"argument (.+?): expected at least one argument", r"\1 braucht mindestens einen Wert"),
    (r"argument (.+?): invalid choice: (.*) \(choose from (.*)\)",
     r"\1: \2 ist nicht erlaubt (erlaubt: \3)"),
    (r"argument (.+?): invalid \w+ value: (.*)", r"\1: \2 ist kein gültiger Wert"),
    (r"argument (.+?): ignored explicit argument (.*)", r"\1 nimmt keinen Wert an (\2)"),
    (r"argument (.+?): not allowed with argument (.*)", r"\1 ist nicht zusammen mit \2 erlaubt"),
    (r"ambiguous option: (\S+) could match (.*)", r"mehrdeutige Angabe \1: passt zu \2"),
    (r"the following arguments are required: (.*)", r"es fehlt: \1"),
]


def german_message(message: str) -> str:
    for pattern, replacement in MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return f"ungültiger Aufruf ({message})"


class GermanHelpFormatter(DjangoHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        HelpFormatter.add_usage(self, usage, actions, groups,
                                prefix="Aufruf: " if prefix is None else prefix)


class GermanCommandParser(CommandParser):
    def error(self, message):
        message = german_message(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: Fehler: {message}\n")
        raise CommandError(f"Fehler: {message}")


def germanize(parser: CommandParser) -> CommandParser:
    # Same state as CommandParser, German behaviour: swap the class instead of copying
    # BaseCommand.create_parser.
    parser.__class__ = GermanCommandParser
    parser.formatter_class = GermanHelpFormatter
    parser._positionals.title = "Argumente"
    parser._optionals.title = "Optionen"
    for action in parser._actions:
        if action.dest in BASE_HELP:
            action.help = BASE_HELP[action.dest]
        if action.dest in BASE_METAVARS:
            action.metavar = BASE_METAVARS[action.dest]
    return parser
