"""Issuing the grant notice (Zuwendungsbescheid) for an application ready for it.

The notice is data first (`Notice` + `NoticeVersion` 1 + cash per calendar year); the
document is rendered from it. Later changes are amendment notices (new versions), never an
overwrite (docs/funding.md, "Zuwendungsbescheid")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from aqb.audit.services import audit_record
from aqb.budgets.models import ProgrammeYear
from aqb.budgets.selectors import allocation_current_unscoped
from aqb.budgets.services import register_allocation_floor
from aqb.german.money import MoneyError, format_eur, format_number, money_check

from .actors import person, require_authority
from .models import (
    PAYMENT_COUNTING,
    Application,
    Notice,
    NoticeCash,
    NoticeStatus,
    NoticeVersion,
    PaymentRequest,
    Status,
)
from .services import AUTHORITY_ONLY, _locked, _step
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
            f"{application.region.forms.accusative}")


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


def notice_defaults(application: Application, day: date) -> NoticeInput:
    """What the notice form proposes: the financing plan's costs and amount requested as an
    Anteilfinanzierung, the programme year as approval period, proof by 30 June after it."""
    lines = list(application.lines.all())
    requested = sum((li.requested for li in lines), ZERO)
    costs = sum((li.costs for li in lines), ZERO)
    year = application.programme_year.year
    share = (requested * 100 / costs).quantize(Decimal("0.01")) if costs else None
    return NoticeInput(
        date=day, financing=Financing.ANTEIL, share_percent=share, eligible_costs=costs,
        amount=requested, period_start=date(year, 1, 1), period_end=date(year, 12, 31),
        purpose=default_purpose(application), final_proof_due=date(year + 1, 6, 30),
        cash={year: requested})


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
    require_authority(actor, AUTHORITY_ONLY)
    _lock_year(application.programme_year_id)
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
        created_by=person(actor), **values)
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


# --- amendment notices (Änderungsbescheid) -------------------------------------------------

#: Fields of a version that an amendment may change, in the order the difference shows them.
VERSION_FIELDS = ("financing", "share_percent", "eligible_costs", "amount", "period_start",
                  "period_end", "purpose", "provisions", "special_provisions",
                  "interim_proof_due", "final_proof_due", "may_pass_on", "legal_remedy")


def notice_input_from(version: NoticeVersion, *, day: date | None = None) -> NoticeInput:
    """The content of `version` as input (the defaults of an amendment)."""
    return NoticeInput(
        date=day or version.date, financing=version.financing,
        share_percent=version.share_percent, eligible_costs=version.eligible_costs,
        amount=version.amount, period_start=version.period_start,
        period_end=version.period_end, purpose=version.purpose, provisions=version.provisions,
        special_provisions=version.special_provisions,
        interim_proof_due=version.interim_proof_due, final_proof_due=version.final_proof_due,
        may_pass_on=version.may_pass_on, legal_remedy=version.legal_remedy,
        cash={c.year: c.amount for c in version.cash.all()})


def amount_committed(notice: Notice) -> Decimal:
    """What is requested, released or paid on the notice (the floor of an amendment)."""
    from django.db.models import Sum

    total = PaymentRequest.objects.filter(notice=notice, status__in=PAYMENT_COUNTING).aggregate(
        s=Sum("amount"))["s"]
    return total or ZERO


def _display(name: str, value) -> str:
    from aqb.german.dates import format_date

    if value is None or value == "":
        return "–"
    if name == "financing":
        return Financing(value).label
    if name == "share_percent":
        return f"{format_number(value, 2)} %"
    if isinstance(value, Decimal):
        return format_eur(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, date):
        return format_date(value)
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str      # the field's German label
    before: str
    after: str


def version_diff(previous: NoticeVersion, version: NoticeVersion, *,
                 new_cash: dict[int, Decimal] | None = None) -> list[Change]:
    """What `version` changes against `previous`: field, before, after (German display).
    `new_cash`: the cash plan of an unsaved `version` (a preview)."""
    changes = []
    for name in VERSION_FIELDS:
        old, new = getattr(previous, name), getattr(version, name)
        if old != new:
            label = str(NoticeVersion._meta.get_field(name).verbose_name)
            changes.append(Change(label, _display(name, old), _display(name, new)))
    old_cash = {c.year: c.amount for c in previous.cash.all()}
    if new_cash is None:
        new_cash = {c.year: c.amount for c in version.cash.all()}
    for year in sorted(old_cash.keys() | new_cash.keys()):
        if old_cash.get(year) != new_cash.get(year):
            changes.append(Change(f"Kassenmittel {year}", _display("cash", old_cash.get(year)),
                                  _display("cash", new_cash.get(year))))
    return changes


def _lock_year(programme_year_id: int) -> None:
    """Lock the programme year's row first (before the application or notice, and before any
    row that refers to the year): changes of the allocations (`aqb.budgets`) lock it too, so
    a grant checked against the allocation and a cut of it never pass each other, and always
    in the same order (no deadlock). See `granted_floor` for the other half."""
    list(ProgrammeYear.objects.select_for_update().filter(pk=programme_year_id)
         .values_list("pk", flat=True))


def granted(region, programme_year) -> Decimal:
    """What the notices of the region and year grant (their versions in force)."""
    from django.db.models import Sum

    return NoticeVersion.objects.filter(
        notice__region=region, notice__programme_year=programme_year,
        is_current=True).aggregate(s=Sum("amount"))["s"] or ZERO


@register_allocation_floor
def granted_floor(region, programme_year):
    """An allocation may not fall below what is granted (called by `aqb.budgets` under the
    year's row lock)."""
    amount = granted(region, programme_year)
    return (amount, "bewilligt sind bereits") if amount else None


def _lock_notice(notice: Notice) -> Notice:
    return Notice.objects.select_for_update().select_related(
        "application__region", "application__programme_year", "region").get(pk=notice.pk)


@transaction.atomic
def notice_amend(*, actor, notice: Notice, data: NoticeInput, reason: str) -> NoticeVersion:
    """An amendment notice: a new version in force; the previous one is kept unchanged
    (only no longer current). Same checks as the notice, and the amount may not fall below
    what is already requested or paid."""
    require_authority(actor, AUTHORITY_ONLY)
    _lock_year(notice.programme_year_id)
    notice = _lock_notice(notice)
    if notice.status != NoticeStatus.ACTIVE:
        raise ValidationError("Ein abgerechneter Zuwendungsbescheid kann nicht mehr geändert "
                              "werden.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Bitte den Grund der Änderung angeben."})
    values = check_notice_input(notice.application, data)
    previous = notice.current
    if values["date"] < previous.date:
        raise ValidationError(
            f"Das Datum des Änderungsbescheids liegt vor dem des geltenden Bescheids vom "
            f"{previous.date:%d.%m.%Y}.")
    committed = amount_committed(notice)
    if values["amount"] < committed:
        raise ValidationError(
            f"Der bewilligte Betrag von {format_eur(values['amount'])} unterschreitet die "
            f"bereits abgerufenen oder ausgezahlten Mittel von {format_eur(committed)}.")
    cash = values.pop("cash")
    unchanged = all(getattr(previous, k) == values[k] for k in VERSION_FIELDS) and \
        {c.year: c.amount for c in previous.cash.all()} == cash
    if unchanged:
        raise ValidationError("Der Änderungsbescheid ändert nichts am geltenden Bescheid.")
    previous.is_current = False
    previous.save(update_fields=["is_current"])
    version = NoticeVersion.objects.create(
        notice=notice, version=previous.version + 1, is_current=True, reason=reason,
        created_by=person(actor), **values)
    NoticeCash.objects.bulk_create(NoticeCash(version=version, year=y, amount=a)
                                   for y, a in sorted(cash.items()))
    changes = {name: {"before": _audit_value(getattr(previous, name)),
                      "after": _audit_value(getattr(version, name))}
               for name in VERSION_FIELDS if getattr(previous, name) != getattr(version, name)}
    audit_record(actor=actor, action="notice.amend", obj=notice, changes=changes,
                 summary=f"{version.version - 1}. Änderungsbescheid: {reason}"[:300])
    return version


def _audit_value(value):
    if isinstance(value, Decimal | date):
        return str(value)
    return value


# --- legal force (Bestandskraft) -----------------------------------------------------------

@transaction.atomic
def notice_waive_appeal(*, actor, notice: Notice, day: date) -> NoticeVersion:
    """The region declares it waives the objection (Rechtsbehelfsverzicht) for the version in
    force: that version is final from the day of the declaration."""
    from aqb.accounts import policy

    if actor is not policy.SYSTEM and notice.region_id not in policy.principal(actor).region_ids:
        raise PermissionDenied("Den Rechtsbehelfsverzicht erklärt die Gebietskörperschaft.")
    notice = _lock_notice(notice)
    version = notice.current
    if version.legal_force_on:
        raise ValidationError(f"Der Bescheid ist seit dem {version.legal_force_on:%d.%m.%Y} "
                              "bestandskräftig.")
    if day < version.date:
        raise ValidationError("Der Verzicht kann nicht vor dem Datum des Bescheids "
                              f"({version.date:%d.%m.%Y}) erklärt werden.")
    version.appeal_waived_on = day
    version.legal_force_on = day
    version.save(update_fields=["appeal_waived_on", "legal_force_on"])
    audit_record(actor=actor, action="notice.waive_appeal", obj=notice, changes={
        "appeal_waived_on": {"before": None, "after": str(day)},
        "legal_force_on": {"before": None, "after": str(day)}},
        summary=f"Rechtsbehelfsverzicht zur Fassung {version.version}")
    return version


@transaction.atomic
def notice_record_legal_force(*, actor, notice: Notice, day: date | None = None,
                              posted_on: date | None = None) -> NoticeVersion:
    """The authority records that the version in force became final: by default on the day
    after the objection period (posting on the notice's date, `legal_force.legal_force_date`).
    An earlier day is refused: before the period ends only a waiver makes a notice final."""
    from .legal_force import legal_force_date

    require_authority(actor, AUTHORITY_ONLY)
    notice = _lock_notice(notice)
    version = notice.current
    if version.legal_force_on:
        raise ValidationError(f"Der Bescheid ist seit dem {version.legal_force_on:%d.%m.%Y} "
                              "bestandskräftig.")
    posted = posted_on or version.date
    if posted < version.date:
        raise ValidationError("Der Bescheid kann nicht vor seinem Datum zur Post gegeben "
                              "worden sein.")
    earliest = legal_force_date(posted)
    day = day or earliest
    if day < earliest:
        raise ValidationError(
            f"Die Widerspruchsfrist endet erst am {earliest - timedelta(days=1):%d.%m.%Y}; "
            f"bestandskräftig frühestens ab {earliest:%d.%m.%Y} (oder durch "
            "Rechtsbehelfsverzicht).")
    version.legal_force_on = day
    version.save(update_fields=["legal_force_on"])
    audit_record(actor=actor, action="notice.legal_force", obj=notice, changes={
        "legal_force_on": {"before": None, "after": str(day)}},
        summary=f"Bestandskraft der Fassung {version.version} festgestellt")
    return version
