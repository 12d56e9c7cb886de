"""Issuing the grant notice (Zuwendungsbescheid) for an application ready for it.

The notice is data first (`Notice` + `NoticeVersion` 1 + cash per calendar year); the
document is rendered from it. Later changes are amendment notices (new versions), never an
overwrite (docs/funding.md, "Zuwendungsbescheid")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from aqb.audit.services import audit_record
from aqb.budgets.selectors import allocation_current_unscoped
from aqb.german.money import MoneyError, format_eur, money_check

from .models import Application, Notice, NoticeCash, NoticeVersion, Status
from .services import _locked, _require_authority, _step
from .settlement import Financing

ZERO = Decimal("0")

#: Ancillary provisions that are part of every notice, by name and version.
DEFAULT_PROVISIONS = (
    "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung an Gemeinden und "
    "Gemeindeverbände (ANBest-GK), Anlage 3 zu den VV zu § 44 LHO, in der bei Erlass dieses "
    "Bescheids geltenden Fassung\n"
    "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P), Anlage 2 "
    "zu den VV zu § 44 LHO, für Dritte, an die Mittel weitergeleitet werden")

#: Rechtsbehelfsbelehrung (§ 58 VwGO; Hessen keeps the objection procedure, § 68 VwGO).
LEGAL_REMEDY = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben "
    "werden. Der Widerspruch ist schriftlich, in elektronischer Form nach § 3a Abs. 2 des "
    "Hessischen Verwaltungsverfahrensgesetzes oder zur Niederschrift beim "
    "Regierungspräsidium Kassel, Am Alten Stadtschloss 1, 34117 Kassel, einzulegen.")


def notice_number(application: Application) -> str:
    """The file number: department, programme, year and region key."""
    return f"RPKS-57-AQB-{application.programme_year.year}-{application.region.ags}"


def default_purpose(application: Application) -> str:
    return (f"Durchführung der in der Zielvereinbarung {application.programme_year.year} "
            f"vereinbarten Maßnahmen des Ausbildungs- und Qualifizierungsbudgets durch "
            f"{application.region.name}")


@dataclass
class NoticeInput:
    """The content of a notice as the authority sets it. Defaults follow the application."""

    date: date
    financing: str = Financing.ANTEIL
    share_percent: Decimal | None = None
    eligible_costs: Decimal | None = None
    amount: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None
    purpose: str = ""
    provisions: str = DEFAULT_PROVISIONS
    special_provisions: str = ""
    interim_proof_due: date | None = None
    final_proof_due: date | None = None
    may_pass_on: bool = True
    legal_remedy: str = LEGAL_REMEDY
    cash: dict[int, Decimal] = field(default_factory=dict)


def check_notice_input(application: Application, data: NoticeInput) -> dict:
    """The checked field values of a notice version (German ValidationError otherwise)."""
    lines = list(application.lines.all())
    requested = sum((li.requested for li in lines), ZERO)
    costs = sum((li.costs for li in lines), ZERO)
    year = application.programme_year.year
    try:
        amount = money_check(requested if data.amount is None else data.amount,
                             field="Bewilligter Betrag")
        eligible = money_check(costs if data.eligible_costs is None else data.eligible_costs,
                               field="Zuwendungsfähige Ausgaben")
        cash = {int(y): money_check(v, field=f"Kassenmittel {y}")
                for y, v in data.cash.items()}
    except MoneyError as exc:
        raise ValidationError(str(exc)) from None
    try:
        financing = Financing(data.financing)
    except ValueError:
        raise ValidationError(f"„{data.financing}“ ist keine bekannte Finanzierungsart.") \
            from None
    share = data.share_percent
    if financing == Financing.ANTEIL:
        if share is None:
            share = (amount * 100 / eligible).quantize(Decimal("0.01")) if eligible else None
        if share is None or not ZERO < share <= 100:
            raise ValidationError("Anteil in Prozent: bei Anteilfinanzierung größer als 0 "
                                  "und höchstens 100.")
    else:
        share = None
    if amount <= 0:
        raise ValidationError("Bewilligter Betrag: der Betrag muss größer als 0 sein.")
    if amount > eligible:
        raise ValidationError(
            f"Der bewilligte Betrag von {format_eur(amount)} übersteigt die zuwendungsfähigen "
            f"Ausgaben von {format_eur(eligible)}.")
    alloc = allocation_current_unscoped(application.region, application.programme_year)
    if alloc is None or amount > alloc.current:
        limit = format_eur(alloc.current) if alloc else format_eur(ZERO)
        raise ValidationError(
            f"Der bewilligte Betrag von {format_eur(amount)} übersteigt die aktuelle Zuweisung "
            f"von {limit} an {application.region}.")
    start = data.period_start or date(year, 1, 1)
    end = data.period_end or date(year, 12, 31)
    if end < start:
        raise ValidationError("Bewilligungszeitraum: das Ende liegt vor dem Beginn.")
    final_due = data.final_proof_due or date(end.year + 1, 6, 30)
    if final_due <= end:
        raise ValidationError("Der Verwendungsnachweis ist erst nach dem Ende des "
                              "Bewilligungszeitraums fällig.")
    if data.interim_proof_due and not start <= data.interim_proof_due < final_due:
        raise ValidationError("Der Zwischennachweis muss im Bewilligungszeitraum und vor dem "
                              "Verwendungsnachweis fällig sein.")
    if not cash:
        cash = {start.year: amount}
    if sum(cash.values(), ZERO) != amount:
        raise ValidationError(
            f"Die Kassenmittel je Haushaltsjahr ergeben {format_eur(sum(cash.values(), ZERO))}"
            f", der bewilligte Betrag ist {format_eur(amount)}.")
    if not data.legal_remedy.strip():
        raise ValidationError("Ein Bescheid braucht eine Rechtsbehelfsbelehrung.")
    return {"date": data.date, "financing": financing, "share_percent": share,
            "eligible_costs": eligible, "amount": amount, "period_start": start,
            "period_end": end, "purpose": data.purpose.strip() or default_purpose(application),
            "provisions": data.provisions.strip(),
            "special_provisions": data.special_provisions.strip(),
            "interim_proof_due": data.interim_proof_due, "final_proof_due": final_due,
            "may_pass_on": data.may_pass_on, "legal_remedy": data.legal_remedy.strip(),
            "cash": cash}


@transaction.atomic
def notice_issue(*, actor, application: Application, data: NoticeInput) -> Notice:
    """Grant the application: the notice (version 1) with its cash plan; the application
    becomes "bewilligt". Only from "bewilligungsreif"."""
    _require_authority(actor)
    application = _locked(application)
    values = check_notice_input(application, data)
    before = _step(application, actor, Status.GRANTED)
    cash = values.pop("cash")
    notice = Notice.objects.create(application=application, region=application.region,
                                   programme_year=application.programme_year,
                                   number=notice_number(application),
                                   is_demo=application.is_demo)
    version = NoticeVersion.objects.create(
        notice=notice, version=1, is_current=True,
        created_by=actor if getattr(actor, "is_authenticated", False) else None, **values)
    NoticeCash.objects.bulk_create(NoticeCash(version=version, year=y, amount=a)
                                   for y, a in sorted(cash.items()))
    application.decided_at = version.created_at
    application.save()
    audit_record(actor=actor, action="application.grant", obj=application,
                 changes={"status": {"before": before, "after": application.status}})
    audit_record(actor=actor, action="notice.issue", obj=notice,
                 changes={"amount": {"before": None, "after": str(version.amount)},
                          "financing": {"before": None, "after": version.financing}},
                 summary=f"Zuwendungsbescheid über {format_eur(version.amount)} erlassen")
    return notice
