"""The refund notice (Erstattungs- und Zinsbescheid) as a letter, from a `Refund` row: the
recognised amount, what was paid, the refund and its due date, the interest rule of § 49a (3)
HVwVfG and the interest accrued up to the due date (`aqb.funding.interest.refund_interest`
with the ministry's table of base rates)."""

from __future__ import annotations

from aqb.german.dates import format_date

from ..interest import fraction_to_cents, refund_interest
from ..models import Refund
from ..notices import LEGAL_REMEDY
from ..rates import base_rate_table
from . import Letter, Paragraph, Table, numbered
from .common import capital, euro, percent, recipient, sender


def refund_letter(refund: Refund) -> Letter:
    settlement = refund.settlement
    notice = refund.notice
    region = notice.region
    first = notice.versions.get(version=1)
    year = notice.programme_year.year
    result = refund_interest(refund.amount, start=refund.interest_from, paid_on=refund.due_on,
                             table=base_rate_table())
    figures = Table(
        caption="Abrechnung der Zuwendung in Euro",
        header=("Angabe", "Betrag"),
        rows=(("anerkannte Zuwendung", euro(settlement.recognised)),
              ("ausgezahlte Zuwendung", euro(settlement.paid))),
        numeric=(1,), total=("Erstattungsbetrag", euro(refund.amount)))
    periods = Table(
        caption="Zinsen bis zum Fälligkeitstag je Zeitraum",
        header=("vom", "bis", "Tage", "Zinssatz", "Zinsen"),
        rows=tuple((format_date(p.start), format_date(p.end), f"{p.days}/{p.days_in_year}",
                    percent(p.rate), euro(fraction_to_cents(p.interest)))
                   for p in result.periods),
        numeric=(2, 3, 4), total=("Summe", "", "", "", euro(result.amount)))
    if result.periods:
        interest_blocks = (
            Paragraph(
                f"Der Erstattungsbetrag ist nach § 49a Abs. 3 des Hessischen "
                f"Verwaltungsverfahrensgesetzes vom {format_date(refund.interest_from)} an, dem "
                f"Tag, an dem der Zuwendungsbescheid insoweit unwirksam geworden ist, bis zum "
                f"Tag vor der Zahlung mit jährlich fünf Prozentpunkten über dem Basiszinssatz "
                f"(§ 247 des Bürgerlichen Gesetzbuchs) zu verzinsen."),
            Paragraph(
                f"Bei Zahlung am Fälligkeitstag, dem {format_date(refund.due_on)}, betragen "
                f"die Zinsen {euro(result.amount)}. Jeder Zeitraum eines Basiszinssatzes wird "
                f"taggenau über 365 Tage (366 in einem Schaltjahr) berechnet; gerundet wird "
                f"nur die Summe. Bei späterer Zahlung erhöhen sich die Zinsen entsprechend."),
            periods)
    else:
        interest_blocks = (Paragraph(
            f"Der Erstattungsbetrag ist nach § 49a Abs. 3 des Hessischen "
            f"Verwaltungsverfahrensgesetzes vom {format_date(refund.interest_from)} an bis "
            f"zum Tag vor der Zahlung mit jährlich fünf Prozentpunkten über dem Basiszinssatz "
            f"(§ 247 des Bürgerlichen Gesetzbuchs) zu verzinsen. Bei Zahlung bis zum "
            f"{format_date(refund.due_on)} fallen keine Zinsen an."),)
    sections = numbered([
        ("Festsetzung der Zuwendung", (
            Paragraph(f"Nach Prüfung des Verwendungsnachweises wird die Zuwendung "
                      f"{region.forms.genitive} auf "
                      f"{euro(settlement.recognised)} festgesetzt. Der Zuwendungsbescheid vom "
                      f"{format_date(first.date)} wird in Höhe des Unterschieds mit Wirkung "
                      f"vom {format_date(refund.interest_from)} widerrufen (§ 49 Abs. 3 des "
                      f"Hessischen Verwaltungsverfahrensgesetzes)."),
            figures)),
        ("Erstattung", (Paragraph(
            f"{capital(region.forms.nominative)} hat den Erstattungsbetrag von "
            f"{euro(refund.amount)} nach § 49a Abs. 1 des Hessischen "
            f"Verwaltungsverfahrensgesetzes bis zum {format_date(refund.due_on)} unter Angabe "
            f"des Aktenzeichens {refund.number} zu zahlen."),)),
        ("Verzinsung", interest_blocks),
    ])
    return Letter(
        sender=sender(), recipient=recipient(region), file_number=refund.number,
        date=refund.date, subject="Erstattungs- und Zinsbescheid",
        reference=(f"Zuwendungsbescheid vom {format_date(first.date)}, Aktenzeichen "
                   f"{notice.number}; Ausbildungs- und Qualifizierungsbudget {year}"),
        salutation="Sehr geehrte Damen und Herren,",
        opening=(f"aufgrund der Schlussabrechnung vom {format_date(settlement.date)} ergeht "
                 "folgender Bescheid:",),
        sections=sections, legal_remedy=LEGAL_REMEDY, is_demo=notice.is_demo,
        keywords=("Erstattungsbescheid", "Ausbildungs- und Qualifizierungsbudget", str(year),
                  region.name, region.ags))
