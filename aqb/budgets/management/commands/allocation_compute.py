"""aqb allocation_compute: split a total over the 26 regions by an allocation key."""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from aqb.budgets.allocation import (
    AllocationError,
    AllocationKey,
    allocation_compute,
    parse_weights,
    resolve_weight_names,
)
from aqb.budgets.indicators import IndicatorFileError, read_indicator_file
from aqb.german.money import (
    GermanNumberError,
    MoneyError,
    format_eur,
    format_number,
    parse_decimal,
    parse_money,
)


def _decimal(text: str, what: str) -> Decimal:
    try:
        return parse_decimal(text)
    except GermanNumberError as exc:
        raise CommandError(f"{what}: {exc}") from exc


def _money(text: str, what: str) -> Decimal:
    """An amount option: rounded half up to the cent, at most 1 Mrd. Euro."""
    try:
        return parse_money(text, field=what)
    except MoneyError as exc:
        raise CommandError(str(exc)) from exc


class Command(BaseCommand):
    help = ("Verteilt einen Gesamtbetrag nach einem Verteilungsschlüssel auf die "
            "Gebietskörperschaften (Verfahren: docs/allocation.md).")

    def add_arguments(self, parser):
        parser.add_argument("--total", required=True, help="Gesamtbetrag, z. B. 27700000")
        parser.add_argument("--indicators", required=True,
                            help="CSV- oder XLSX-Datei mit Spalte „ags“ und einer Spalte je "
                                 "Indikator")
        parser.add_argument("--weights", required=True,
                            help="z. B. arbeitslose=0.5,einwohner=0.5 oder a=0,5;b=0,5")
        parser.add_argument("--floor", default="0", help="Mindestbetrag je Region")
        parser.add_argument("--unit", default="1", help="Rundungseinheit in Euro")
        parser.add_argument("--max-change", default=None,
                            help="Änderungsgrenze gegenüber dem Vorjahr, z. B. 0.1 für ±10 %%")
        parser.add_argument("--previous", default=None,
                            help="Datei mit Vorjahresbeträgen (Spalte „ags“ und eine "
                                 "Betragsspalte)")
        parser.add_argument("--previous-year", type=int, default=None,
                            help="Vorjahresbeträge aus der Datenbank (aktuelle Zuweisungen "
                                 "dieses Programmjahres)")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **o):
        expected = self._expected_ags()
        try:
            table = read_indicator_file(o["indicators"], expected_ags=expected)
            key = AllocationKey(
                weights=resolve_weight_names(parse_weights(o["weights"]), table.indicators),
                floor=_money(o["floor"], "--floor"), unit=_money(o["unit"], "--unit"),
                max_change=(_decimal(o["max_change"], "--max-change")
                            if o["max_change"] is not None else None))
            previous = self._previous(o, expected) if key.max_change is not None else None
            if key.max_change is not None and not previous:
                raise CommandError("--max-change braucht --previous DATEI oder "
                                   "--previous-year JAHR.")
            result = allocation_compute(total=_money(o["total"], "--total"),
                                        indicators=table.values, key=key, previous=previous)
        except IndicatorFileError as exc:
            raise CommandError("\n".join([str(exc), *exc.errors])) from exc
        except AllocationError as exc:
            raise CommandError(str(exc)) from exc
        if o["format"] == "json":
            self.stdout.write(json.dumps({
                "total": str(result.total),
                "allocations": [{"ags": ags, "amount": str(amount)}
                                for ags, amount in result.amounts.items()],
            }, ensure_ascii=False, indent=2))
            return
        names = self._names()
        width = max(len(n) for n in names.values()) if names else 10
        self.stdout.write(f"{'AGS':5}  {'Gebietskörperschaft':{width}}  {'Punktwert':>10}  "
                          f"{'Betrag':>18}  Hinweis")
        for ags, amount in result.amounts.items():
            score = format_number(Decimal(result.scores[ags].numerator * 100)
                                  / result.scores[ags].denominator, 4)
            note = ("Mindestbetrag" if ags in result.floored else
                    "Änderungsgrenze" if ags in result.clamped else "")
            self.stdout.write(f"{ags:5}  {names.get(ags, ''):{width}}  {score + ' %':>10}  "
                              f"{format_eur(amount):>18}  {note}".rstrip())
        self.stdout.write(f"{'':5}  {'Summe':{width}}  {'100 %':>10}  "
                          f"{format_eur(result.total):>18}")

    def _expected_ags(self) -> list[str]:
        from aqb.regions.models import Region

        ags = list(Region.objects.order_by("ags").values_list("ags", flat=True))
        if not ags:
            raise CommandError("Die 26 Gebietskörperschaften fehlen. Bitte zuerst "
                               "„aqb migrate“ ausführen.")
        return ags

    def _names(self) -> dict[str, str]:
        from aqb.regions.models import Region

        return dict(Region.objects.values_list("ags", "name"))

    def _previous(self, o, expected) -> dict[str, Decimal]:
        if o["previous"]:
            table = read_indicator_file(o["previous"], expected_ags=expected)
            if len(table.indicators) != 1:
                raise CommandError("Die Vorjahresdatei braucht genau eine Betragsspalte neben "
                                   f"„ags“ (gefunden: {', '.join(table.indicators)}).")
            column = table.indicators[0]
            return {ags: row[column] for ags, row in table.values.items()}
        if o["previous_year"]:
            from aqb.budgets.models import ProgrammeYear
            from aqb.budgets.selectors import allocations_current_unscoped

            py = ProgrammeYear.objects.filter(year=o["previous_year"]).first()
            if py is None:
                raise CommandError(f"Das Programmjahr {o['previous_year']} gibt es nicht.")
            return {a.region.ags: a.current
                    for a in allocations_current_unscoped(programme_year=py)}
        return {}
