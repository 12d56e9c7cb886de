"""Passing money on to providers (Weiterleitung) and the providers' expense reports.

The region passes part of a notice's grant to the provider of one of its projects; the sum
passed on never exceeds the granted amount (the Notice row is locked while it is checked).
The provider lists its expenses per project and submits them; the region accepts them or
objects with a note, and the provider corrects and resubmits. Keyword-only, one transaction
each, every change audited (docs/funding.md, "Weiterleitung an Träger")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.german.dates import format_date
from aqb.german.money import MoneyError, format_eur, money_check

from .actors import person, require_region
from .models import Notice, NoticeStatus
from .models_passon import (
    ANBEST_P,
    REPORT_EDITABLE,
    ExpenseLine,
    ExpenseReport,
    PassOn,
    PassOnBasis,
    ReportKind,
    ReportStatus,
)

ZERO = Decimal("0")
REGION_ONLY = ("Nur die Gebietskörperschaft des Bescheids darf Mittel an Träger weiterleiten "
               "und deren Berichte prüfen.")


def _require_provider(actor, provider_id: int | None) -> None:
    if actor is policy.SYSTEM:
        return
    if provider_id is None or provider_id not in policy.principal(actor).provider_ids:
        raise PermissionDenied("Nur der Träger des Projekts darf seinen Ausgabenbericht "
                               "ändern.")


def _money(value, field: str) -> Decimal:
    try:
        return money_check(value, field=field)
    except MoneyError as exc:
        raise ValidationError({_FIELDS.get(field, "amount"): str(exc)}) from None


_FIELDS = {"Weitergeleiteter Betrag": "amount", "Betrag": "amount"}


# --- the region passes money on --------------------------------------------------------------

@dataclass
class PassOnInput:
    project_id: int
    amount: Decimal
    date: date
    basis: str
    reference: str
    report_due: date
    interim_report_due: date | None = None
    anbest_p: bool = True
    anbest_p_version: str = ANBEST_P


def passed_on_total_unscoped(notice: Notice) -> Decimal:
    """The sum passed on under a notice. Internal: no check."""
    return PassOn.objects.filter(notice=notice).aggregate(s=Sum("amount"))["s"] or ZERO


@transaction.atomic
def passon_create(*, actor, notice: Notice, data: PassOnInput) -> PassOn:
    """Pass money of `notice` on to the provider of one of its projects."""
    require_region(actor, notice.region_id, REGION_ONLY)
    # Lock the notice: two pass-ons at the same moment are checked one after the other.
    notice = Notice.objects.select_for_update().select_related("application").get(pk=notice.pk)
    version = notice.current
    if notice.status != NoticeStatus.ACTIVE:
        raise ValidationError("Der Zuwendungsbescheid ist abgerechnet; es kann nichts mehr "
                              "weitergeleitet werden.")
    if not version.may_pass_on:
        raise ValidationError(f"Der Zuwendungsbescheid {notice.number} lässt eine "
                              "Weiterleitung an Dritte nicht zu.")
    line = notice.application.lines.select_related("project__provider").filter(
        project_id=data.project_id).first()
    if line is None:
        raise ValidationError({"project": "Das Projekt gehört nicht zum Förderantrag dieses "
                                          "Zuwendungsbescheids."})
    project = line.project
    if project.provider_id is None:
        raise ValidationError({"project": f"Dem Projekt „{project}“ ist kein Träger "
                                          "zugeordnet; bitte zuerst den Träger eintragen."})
    amount = _money(data.amount, "Weitergeleiteter Betrag")
    if amount <= 0:
        raise ValidationError({"amount": "Der Betrag muss größer als 0 sein."})
    try:
        basis = PassOnBasis(data.basis)
    except ValueError:
        raise ValidationError({"basis": "Bitte Weiterleitungsbescheid oder "
                                        "Weiterleitungsvertrag wählen."}) from None
    reference = (data.reference or "").strip()
    if not reference:
        raise ValidationError({"reference": "Bitte das Aktenzeichen oder die Vertragsnummer "
                                            "angeben."})
    first = notice.versions.order_by("version").first()
    if data.date < first.date:
        raise ValidationError({"date": f"Die Weiterleitung kann nicht vor dem Bescheid vom "
                                       f"{format_date(first.date)} liegen."})
    if data.report_due <= data.date:
        raise ValidationError({"report_due": "Der Schlussbericht ist erst nach der "
                                             "Weiterleitung fällig."})
    if data.interim_report_due is not None and not \
            data.date < data.interim_report_due < data.report_due:
        raise ValidationError({"interim_report_due": "Der Zwischenbericht muss nach der "
                               "Weiterleitung und vor dem Schlussbericht fällig sein."})
    version_text = (data.anbest_p_version or "").strip()
    if data.anbest_p and not version_text:
        raise ValidationError({"anbest_p_version": "Bitte Bezeichnung und Fassung der "
                                                   "ANBest-P angeben."})
    before = passed_on_total_unscoped(notice)
    if before + amount > version.amount:
        raise ValidationError({"amount": (
            f"Mit {format_eur(amount)} würden {format_eur(before + amount)} weitergeleitet; "
            f"bewilligt sind {format_eur(version.amount)}, bereits weitergeleitet "
            f"{format_eur(before)}, möglich sind noch {format_eur(version.amount - before)}.")})
    row = PassOn.objects.create(
        notice=notice, project=project, provider_id=project.provider_id, amount=amount,
        date=data.date, basis=basis, reference=reference, anbest_p=data.anbest_p,
        anbest_p_version=version_text if data.anbest_p else "",
        interim_report_due=data.interim_report_due, report_due=data.report_due,
        created_by=person(actor), is_demo=notice.is_demo)
    audit_record(actor=actor, action="passon.create", obj=row,
                 changes={"amount": {"before": None, "after": str(amount)},
                          "basis": {"before": None, "after": basis.value}},
                 summary=f"{format_eur(amount)} an {project.provider} für „{project}“ "
                         f"weitergeleitet ({basis.label} {reference})")
    return row


# --- the provider reports its expenses -------------------------------------------------------

@transaction.atomic
def expense_report_create(*, actor, pass_on: PassOn, kind: str, period_start: date,
                          period_end: date) -> ExpenseReport:
    """Start the provider's report of one kind for the project of `pass_on`."""
    _require_provider(actor, pass_on.provider_id)
    notice = Notice.objects.select_for_update().get(pk=pass_on.notice_id)
    version = notice.current
    try:
        kind = ReportKind(kind)
    except ValueError:
        raise ValidationError({"kind": "Bitte Zwischen- oder Schlussbericht wählen."}) from None
    if period_end < period_start:
        raise ValidationError({"period_end": "Das Ende des Berichtszeitraums liegt vor dem "
                                             "Beginn."})
    if period_start < version.period_start or period_end > version.period_end:
        raise ValidationError({"period_start": (
            f"Der Berichtszeitraum muss im Bewilligungszeitraum liegen "
            f"({format_date(version.period_start)} bis {format_date(version.period_end)}).")})
    others = ExpenseReport.objects.filter(notice=notice, project_id=pass_on.project_id)
    if others.filter(kind=kind).exists():
        raise ValidationError({"kind": f"Für dieses Projekt gibt es schon einen "
                                       f"{kind.label}."})
    if others.filter(period_start__lte=period_end, period_end__gte=period_start).exists():
        raise ValidationError({"period_start": "Der Berichtszeitraum überschneidet sich mit "
                               "dem eines anderen Berichts zu diesem Projekt; jede Ausgabe "
                               "wird nur einmal berichtet."})
    try:
        with transaction.atomic():
            report = ExpenseReport.objects.create(
                notice=notice, project_id=pass_on.project_id, provider_id=pass_on.provider_id,
                kind=kind, period_start=period_start, period_end=period_end,
                is_demo=notice.is_demo)
    except IntegrityError:
        raise ValidationError({"kind": f"Für dieses Projekt gibt es schon einen "
                                       f"{kind.label}."}) from None
    audit_record(actor=actor, action="expense_report.create", obj=report,
                 changes={"status": {"before": None, "after": report.status}})
    return report


def _locked_report(report: ExpenseReport) -> ExpenseReport:
    return ExpenseReport.objects.select_for_update().select_related(
        "notice", "project", "provider").get(pk=report.pk)


def _editable(actor, report: ExpenseReport) -> ExpenseReport:
    _require_provider(actor, report.provider_id)
    report = _locked_report(report)
    if report.status not in REPORT_EDITABLE:
        raise ValidationError(f"Ein Bericht im Status „{report.get_status_display()}“ kann "
                              "nicht geändert werden.")
    return report


@dataclass
class LineInput:
    date: date
    payee: str
    purpose: str
    amount: Decimal
    voucher: str


def check_line(report: ExpenseReport, line: LineInput, *, version=None) -> dict:
    """The checked values of one expense line (German ValidationError by field otherwise)."""
    version = version or report.notice.current
    errors = {}
    if not version.period_start <= line.date <= version.period_end:
        errors["date"] = (f"Die Ausgabe vom {format_date(line.date)} liegt außerhalb des "
                          f"Bewilligungszeitraums ({format_date(version.period_start)} bis "
                          f"{format_date(version.period_end)}).")
    elif not report.period_start <= line.date <= report.period_end:
        errors["date"] = (f"Die Ausgabe vom {format_date(line.date)} liegt außerhalb des "
                          f"Berichtszeitraums ({format_date(report.period_start)} bis "
                          f"{format_date(report.period_end)}).")
    values = {}
    for name, label, size in (("payee", "Empfänger", 200), ("purpose", "Zweck", 300),
                              ("voucher", "Belegnummer", 60)):
        text = (getattr(line, name) or "").strip()
        if not text:
            errors[name] = f"{label}: bitte angeben."
        elif len(text) > size:
            errors[name] = f"{label}: höchstens {size} Zeichen."
        values[name] = text
    try:
        amount = money_check(line.amount, field="Betrag")
    except MoneyError as exc:
        errors["amount"] = str(exc)
    else:
        if amount <= 0:
            errors["amount"] = "Betrag: der Betrag muss größer als 0 sein."
        values["amount"] = amount
    if errors:
        raise ValidationError(errors)
    return {"date": line.date, **values}


@transaction.atomic
def expense_line_add(*, actor, report: ExpenseReport, line: LineInput) -> ExpenseLine:
    report = _editable(actor, report)
    row = ExpenseLine.objects.create(report=report, **check_line(report, line))
    audit_record(actor=actor, action="expense_line.add", obj=report,
                 changes={"amount": {"before": None, "after": str(row.amount)}},
                 summary=f"Ausgabe {row.voucher} über {format_eur(row.amount)} erfasst")
    return row


#: Column names of the upload by field, for messages naming row and column.
COLUMNS = {"date": "Datum", "payee": "Empfänger", "purpose": "Zweck", "amount": "Betrag",
           "voucher": "Belegnummer"}


@transaction.atomic
def expense_lines_replace(*, actor, report: ExpenseReport, lines: list[LineInput],
                          rows: list[int] | None = None) -> int:
    """Replace all lines at once (the upload): every line is checked before any is saved;
    one error and nothing changes. `rows` are the file's row numbers for the messages."""
    report = _editable(actor, report)
    version = report.notice.current
    rows = rows or list(range(1, len(lines) + 1))
    new, errors = [], []
    for row, line in zip(rows, lines, strict=True):
        try:
            new.append(ExpenseLine(report=report, **check_line(report, line, version=version)))
        except ValidationError as exc:
            errors += [f"Zeile {row}, Spalte {COLUMNS.get(field, field)}: {m}"
                       for field, ms in exc.message_dict.items() for m in ms]
    if errors:
        raise ValidationError(errors)
    if not new:
        raise ValidationError("Die Datei enthält keine Ausgabe.")
    removed = report.lines.count()
    report.lines.all().delete()
    ExpenseLine.objects.bulk_create(new)
    audit_record(actor=actor, action="expense_line.replace", obj=report,
                 summary=f"{len(new)} Ausgaben eingelesen, {removed} ersetzt")
    return len(new)


@transaction.atomic
def expense_line_remove(*, actor, report: ExpenseReport, line_id: int) -> None:
    report = _editable(actor, report)
    row = report.lines.filter(pk=line_id).first()
    if row is None:
        raise ValidationError("Diese Ausgabe gibt es in diesem Bericht nicht (mehr).")
    row.delete()
    audit_record(actor=actor, action="expense_line.remove", obj=report,
                 changes={"amount": {"before": str(row.amount), "after": None}},
                 summary=f"Ausgabe {row.voucher} über {format_eur(row.amount)} entfernt")


@transaction.atomic
def expense_report_submit(*, actor, report: ExpenseReport) -> ExpenseReport:
    report = _editable(actor, report)
    if not report.lines.exists():
        raise ValidationError("Ein Bericht ohne Ausgaben kann nicht eingereicht werden.")
    before = report.status
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = person(actor)
    report.save()
    audit_record(actor=actor, action="expense_report.submit", obj=report,
                 changes={"status": {"before": before, "after": report.status}})
    return report


@transaction.atomic
def expense_report_review(*, actor, report: ExpenseReport, accept: bool,
                          note: str = "") -> ExpenseReport:
    """The region's check: accepted (geprüft) or objected to (beanstandet, with a note)."""
    report = _locked_report(report)
    require_region(actor, report.notice.region_id, REGION_ONLY)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(f"Nur eingereichte Berichte werden geprüft; dieser ist "
                              f"„{report.get_status_display()}“.")
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": "Bitte angeben, was der Träger korrigieren soll."})
    before = report.status
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.OBJECTED
    report.review_note = note
    report.reviewed_at = timezone.now()
    report.reviewed_by = person(actor)
    report.save()
    audit_record(actor=actor, action="expense_report.accept" if accept else
                 "expense_report.object", obj=report,
                 changes={"status": {"before": before, "after": report.status}},
                 summary=(f"Beanstandet: {note}" if not accept else
                          "Ohne Beanstandung geprüft" + (f": {note}" if note else ""))[:300])
    return report
