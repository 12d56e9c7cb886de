"""The grant notice (Zuwendungsbescheid) and each amendment notice (Änderungsbescheid) as a
letter, from one NoticeVersion."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from aqb.german.dates import format_date

from ..models import NoticeVersion
from ..settlement import Financing
from . import Items, Letter, Paragraph, Section, Table, numbered
from .common import capital, euro, percent, recipient, region_dative, sender

FINANCING_WORDS = {
    Financing.ANTEIL: "als Anteilfinanzierung in Höhe von {share} der zuwendungsfähigen "
                      "Ausgaben",
    Financing.FEHLBEDARF: "als Fehlbedarfsfinanzierung",
    Financing.FESTBETRAG: "als Festbetragsfinanzierung",
    Financing.VOLLFINANZIERUNG: "als Vollfinanzierung",
}


def subject(version: NoticeVersion) -> str:
    if version.version == 1:
        return "Zuwendungsbescheid"
    return f"{version.version - 1}. Änderungsbescheid"


def _financing(version: NoticeVersion) -> str:
    words = FINANCING_WORDS[Financing(version.financing)]
    return words.format(share=percent(version.share_percent)) if version.share_percent \
        else words.replace(" in Höhe von {share} der zuwendungsfähigen Ausgaben", "")


def _sections(version: NoticeVersion) -> list[tuple[str, tuple]]:
    notice = version.notice
    region = notice.region
    cash = list(version.cash.all())
    period = (f"vom {format_date(version.period_start)} bis {format_date(version.period_end)}")
    grant = (
        Paragraph(f"{capital(region_dative(region))} wird für den Zeitraum {period} "
                  f"(Bewilligungszeitraum) eine Zuwendung in Höhe von "
                  f"{euro(version.amount)} bewilligt."),
        Items((
            f"Zuwendungszweck: {version.purpose}",
            f"Finanzierungsart: Projektförderung {_financing(version)}",
            f"Zuwendungsfähige Ausgaben: {euro(version.eligible_costs)}",
            f"Bewilligter Betrag: höchstens {euro(version.amount)}",
        ), numbered=True),
    )
    table = Table(
        caption="Kassenmittel je Haushaltsjahr in Euro",
        header=("Haushaltsjahr", "Betrag"),
        rows=tuple((str(c.year), euro(c.amount)) for c in cash),
        numeric=(1,), total=("Summe", euro(sum((c.amount for c in cash), Decimal(0)))))
    provisions = [line.strip() for line in version.provisions.splitlines() if line.strip()]
    special = [p.strip() for p in version.special_provisions.split("\n\n") if p.strip()]
    proof = []
    if version.interim_proof_due:
        proof.append(f"Ein Zwischennachweis ist bis zum {format_date(version.interim_proof_due)} "
                     "vorzulegen.")
    proof.append(f"Der Verwendungsnachweis (Sachbericht und zahlenmäßiger Nachweis) ist bis "
                 f"zum {format_date(version.final_proof_due)} vorzulegen.")
    proof.append("Die Zuwendung darf nur insoweit und nicht eher abgerufen werden, als sie "
                 "innerhalb von zwei Monaten nach der Auszahlung für fällige Zahlungen "
                 "benötigt wird.")
    passing = ("Die Zuwendung darf ganz oder teilweise an Dritte (Träger der Maßnahmen) "
               "weitergeleitet werden. Den Dritten sind dabei die ANBest-P aufzuerlegen; "
               "die Weiterleitung ist im Verwendungsnachweis darzulegen."
               if version.may_pass_on else
               "Eine Weiterleitung der Zuwendung an Dritte ist nicht zulässig.")
    return [
        ("Bewilligung", grant),
        ("Kassenmittel je Haushaltsjahr", (
            Paragraph("Die Zuwendung wird in den folgenden Haushaltsjahren kassenwirksam:"),
            table)),
        ("Nebenbestimmungen", (
            Paragraph("Die folgenden Nebenbestimmungen sind Bestandteil dieses Bescheids:"),
            Items(tuple(provisions)) if provisions else Paragraph("Keine."))),
        ("Besondere Nebenbestimmungen",
         tuple(Paragraph(p) for p in special) or (Paragraph("Keine."),)),
        ("Nachweise und Fristen", tuple(Paragraph(p) for p in proof)),
        ("Weiterleitung", (Paragraph(passing),)),
    ]


def _euro_words(text: str) -> str:
    """Amounts of the difference as the letter writes them ("80.000,00 Euro")."""
    return text.replace("\u00a0€", " Euro")


def _signer(version: NoticeVersion) -> tuple[str, ...]:
    user = version.created_by
    name = (user.get_full_name() or "").strip() if user else ""
    return (name,) if name else ()


def notice_letter(version: NoticeVersion, *, previous: NoticeVersion | None = None) -> Letter:
    """The letter of `version`; an amendment names the notice it changes and shows the
    changed figures old → new (`previous`: the version before, looked up when not given)."""
    from ..notices import version_diff

    notice = version.notice
    application = notice.application
    region = notice.region
    first = notice.versions.get(version=1) if version.version > 1 else version
    year = notice.programme_year.year
    reference = f"Ausbildungs- und Qualifizierungsbudget {year}; {region.forms.bare}"
    applied = application.submitted_at
    opening: list[str] = []
    sections = numbered(_sections(version))
    if version.version == 1:
        day = timezone.localtime(applied).date() if applied else None
        on = f" vom {format_date(day)}" if day and day <= version.date else ""
        opening.append(f"auf Ihren Antrag{on} ergeht folgender Bescheid:")
    else:
        if previous is None:
            previous = notice.versions.get(version=version.version - 1)
        opening.append(
            f"der Zuwendungsbescheid vom {format_date(first.date)} (Aktenzeichen "
            f"{notice.number}) wird mit diesem Bescheid wie folgt geändert. Der Bescheid gilt "
            f"nunmehr in der unten stehenden Fassung; im Übrigen bleibt er unverändert.")
        changes = version_diff(previous, version)
        change_blocks = (
            Paragraph(f"Grund der Änderung: {version.reason}"),
            Table(caption="Geänderte Angaben, bisher und neu",
                  header=("Angabe", "bisher", "neu"),
                  rows=tuple((c.field, _euro_words(c.before), _euro_words(c.after))
                             for c in changes)),
        )
        sections = (Section("Änderungen", change_blocks), *sections)
    return Letter(
        sender=sender(), recipient=recipient(region), file_number=notice.number,
        date=version.date, subject=subject(version), reference=reference,
        salutation="Sehr geehrte Damen und Herren,", opening=tuple(opening),
        sections=tuple(sections), legal_remedy=version.legal_remedy,
        signature=("Im Auftrag", *_signer(version)),
        is_demo=notice.is_demo,
        keywords=(subject(version), "Ausbildungs- und Qualifizierungsbudget", str(year),
                  region.name, region.ags))
