"""What to do next, per role (issue 9, item 7): the authority's work list and a region's
"Was ist zu tun". Reads only; every function takes `user` and scopes with `aqb.accounts.policy`
(authority and ministry: all regions; a region: its own; a provider: nothing).

Each list is made of sections; each section holds rows (`Row`) of one kind of task with a due
date where there is one, a German state ("fällig in 5 Tagen", "überfällig seit 3 Tagen") and a
link. Rows are sorted by urgency: the most overdue first, then by due date, rows without a due
date last (oldest first). `today` is always passed in, so tests give dates explicitly.
See docs/funding.md, "Arbeitslisten"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from aqb.accounts import policy

from .models import (
    Application,
    NoticeStatus,
    NoticeVersion,
    PaymentRequest,
    PaymentStatus,
    Proof,
    ProofKind,
    ProofStatus,
    Refund,
    RefundStatus,
    Status,
)
from .selectors import review_worklist

#: Proofs whose due date lies within this many days (or has passed) are listed.
PROOF_HORIZON_DAYS = 30
ZERO = Decimal("0.00")


# --- links -------------------------------------------------------------------------------
# One place for every link of the lists: the page of each kind of object (a name that does not
# resolve falls back to the application, which carries the whole file).
OBJECT_URLS: dict[str, str] = {
    "notice": "funding:notice_detail",
    "payment": "funding:payment",
    "proof": "funding:proof_detail",
    "refund": "funding:refund",
    "report": "funding:report",
}


def link_for(kind: str, obj) -> str:
    """The page of `obj` (an Application, NoticeVersion, PaymentRequest, Proof, Refund or
    ExpenseReport)."""
    if isinstance(obj, Application):
        return reverse("funding:detail", args=[obj.pk])
    name = OBJECT_URLS.get(kind)
    target = obj.notice if isinstance(obj, NoticeVersion) else obj
    if name:
        try:
            return reverse(name, args=[target.pk])
        except NoReverseMatch:
            pass
    notice = target if kind == "notice" else target.notice
    return reverse("funding:detail", args=[notice.application_id])


# --- rows --------------------------------------------------------------------------------

def due_state(due: date | None, today: date) -> str:
    """ "fällig in 5 Tagen", "heute fällig", "überfällig seit 1 Tag" – or "" without a date."""
    if due is None:
        return ""
    days = (due - today).days
    if days > 1:
        return f"fällig in {days} Tagen"
    if days == 1:
        return "morgen fällig"
    if days == 0:
        return "heute fällig"
    return f"überfällig seit {-days} {'Tag' if days == -1 else 'Tagen'}"


def waiting_state(since: date | None, today: date) -> str:
    """How long a task without a due date has been waiting: "wartet seit 3 Tagen"."""
    if since is None:
        return ""
    days = (today - since).days
    if days <= 0:
        return "seit heute"
    return f"wartet seit {days} {'Tag' if days == 1 else 'Tagen'}"


@dataclass(frozen=True)
class Row:
    section: str        # key of the section the row belongs to
    kind: str           # "Förderantrag", "Mittelabruf", "Verwendungsnachweis", ...
    subject: str        # what the task is about, for a person
    region: object      # aqb.regions.models.Region
    due: date | None    # due date, if the task has one
    state: str          # "fällig in 5 Tagen", "überfällig seit 3 Tagen", "wartet seit ..."
    status: str         # the object's own status ("eingereicht", "angewiesen", ...)
    url: str
    amount: Decimal | None = None
    since: date | None = None  # when a task without due date started waiting
    obj: object = None

    @property
    def overdue(self) -> bool:
        return self.state.startswith("überfällig")

    def urgency(self) -> tuple:
        # overdue and soonest first; undated rows after dated ones, the longest waiting first
        return (self.due is None, self.due or date.max, self.since or date.max,
                self.region.ags, self.subject)


@dataclass
class Section:
    key: str            # slug for the export URL
    title: str
    empty: str          # German text shown when there is nothing to do
    rows: list[Row] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def _sorted(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=Row.urgency)


def _day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


# --- single kinds of tasks (each scoped by `user`) ------------------------------------------

def applications_to_review(*, user, today: date, section: str = "antraege") -> list[Row]:
    """Applications submitted, in review or ready for the notice (the existing queue)."""
    rows = []
    for a in review_worklist(user=user):
        since = _day(a.submitted_at)
        status = a.get_status_display()
        if a.status == Status.IN_REVIEW:
            status += (f" (inhaltlich {'abgezeichnet' if a.content_signed_at else 'offen'}, "
                       f"rechnerisch {'abgezeichnet' if a.arithmetic_signed_at else 'offen'})")
        rows.append(Row(section, "Förderantrag", f"Förderantrag {a.programme_year.year}",
                        a.region, None, waiting_state(since, today), status,
                        link_for("application", a), since=since, obj=a))
    return _sorted(rows)


def _payments(user, statuses) -> Iterable[PaymentRequest]:
    qs = PaymentRequest.objects.filter(status__in=statuses).select_related(
        "notice__region", "notice__application")
    return policy.scope_by_region(user, qs, "notice__region")


def payments_to_release(*, user, today: date, section: str = "mittelabrufe") -> list[Row]:
    """Payment requests the authority has to release (beantragt) or pay (angewiesen); due by
    the date the region needs the money."""
    if not policy.is_staff_of_state(user):
        return []
    rows = [Row(section, "Mittelabruf",
                f"Mittelabruf {p.number} zu {p.notice.number}", p.notice.region, p.needed_by,
                due_state(p.needed_by, today), p.get_status_display(), link_for("payment", p),
                amount=p.amount, obj=p)
            for p in _payments(user, (PaymentStatus.REQUESTED, PaymentStatus.RELEASED))]
    return _sorted(rows)


def _current_versions(user, region=None):
    qs = NoticeVersion.objects.filter(is_current=True, notice__status=NoticeStatus.ACTIVE)
    if region is not None:
        qs = qs.filter(notice__region=region)
    qs = policy.scope_by_region(user, qs, "notice__region")
    return qs.select_related("notice__region", "notice__application")


def proofs_due(*, user, today: date, horizon: int = PROOF_HORIZON_DAYS, region=None,
               section: str = "nachweise-faellig", overdue: bool | None = None) -> list[Row]:
    """Interim and final proofs of the current notice versions that fall due within `horizon`
    days (or are overdue) and have not been submitted. A submitted final proof also settles an
    open interim proof. `overdue`: True only overdue ones, False only not yet overdue ones."""
    limit = date.fromordinal(today.toordinal() + horizon)
    proof_of = {kind: Proof.objects.filter(notice=OuterRef("notice"), kind=kind)
                for kind in ProofKind.values}
    versions = _current_versions(user, region).annotate(
        has_interim=Exists(proof_of[ProofKind.INTERIM]),
        has_final=Exists(proof_of[ProofKind.FINAL]))
    rows = []
    due_filter = Q(interim_proof_due__lte=limit) | Q(final_proof_due__lte=limit)
    for v in versions.filter(due_filter):
        candidates = []
        if v.interim_proof_due and v.interim_proof_due <= limit and not (
                v.has_interim or v.has_final):
            candidates.append((ProofKind.INTERIM, v.interim_proof_due))
        if v.final_proof_due <= limit and not v.has_final:
            candidates.append((ProofKind.FINAL, v.final_proof_due))
        for kind, due in candidates:
            if overdue is not None and (due < today) != overdue:
                continue
            rows.append(Row(section, ProofKind(kind).label,
                            f"{ProofKind(kind).label} zu {v.notice.number}", v.notice.region,
                            due, due_state(due, today), "nicht eingereicht",
                            link_for("notice", v), obj=v))
    return _sorted(rows)


def proofs_to_review(*, user, today: date, section: str = "nachweise-pruefung") -> list[Row]:
    """Proofs submitted and waiting for the authority's review."""
    if not policy.is_staff_of_state(user):
        return []
    qs = policy.scope_by_region(
        user, Proof.objects.filter(status=ProofStatus.SUBMITTED), "notice__region")
    rows = [Row(section, ProofKind(p.kind).label, f"{ProofKind(p.kind).label} zu "
                f"{p.notice.number} vom {p.date:%d.%m.%Y}", p.notice.region, None,
                waiting_state(p.date, today), p.get_status_display(), link_for("proof", p),
                amount=p.costs, since=p.date, obj=p)
            for p in qs.select_related("notice__region", "notice__application")]
    return _sorted(rows)


def refunds_open(*, user, today: date, region=None, section: str = "erstattungen") -> list[Row]:
    """Refunds not yet paid in full (open or deferred): due on `due_on`, or on the end of the
    deferral; the amount is what is still outstanding of the principal (without interest)."""
    qs = Refund.objects.filter(status__in=(RefundStatus.OPEN, RefundStatus.DEFERRED))
    if region is not None:
        qs = qs.filter(notice__region=region)
    qs = policy.scope_by_region(user, qs, "notice__region").annotate(
        received=Coalesce(Sum("payments__amount"), Value(ZERO),
                          output_field=DecimalField(max_digits=14, decimal_places=2)),
    ).select_related("notice__region", "notice__application")
    rows = []
    for r in qs:
        due = r.deferred_until if r.status == RefundStatus.DEFERRED and r.deferred_until \
            else r.due_on
        rows.append(Row(section, "Erstattung", f"Erstattungsbescheid {r.number}",
                        r.notice.region, due, due_state(due, today), r.get_status_display(),
                        link_for("refund", r), amount=r.amount - r.received, obj=r))
    return _sorted(rows)


def region_deadlines(*, user, today: date, region=None,
                     horizon: int = PROOF_HORIZON_DAYS) -> list[Row]:
    """A region's deadlines: proofs falling due (not yet overdue: those are missing
    documents) and the dates its open payment requests need the money by."""
    rows = proofs_due(user=user, today=today, horizon=horizon, region=region,
                      section="fristen", overdue=False)
    payments = _payments(user, (PaymentStatus.REQUESTED, PaymentStatus.RELEASED))
    if region is not None:
        payments = payments.filter(notice__region=region)
    rows += [Row("fristen", "Mittelabruf", f"Mittelabruf {p.number} zu {p.notice.number}",
                 p.notice.region, p.needed_by, due_state(p.needed_by, today),
                 p.get_status_display(), link_for("payment", p),
                 amount=p.amount, obj=p) for p in payments]
    return _sorted(rows)


def region_missing(*, user, today: date, region=None) -> list[Row]:
    """What a region still owes: answers to queries on its applications and proofs, drafts
    not yet submitted (due by the programme year's application deadline), overdue proofs."""
    section = "fehlende-unterlagen"
    apps = policy.scope_by_region(user, Application.objects.filter(
        status__in=(Status.QUERY, Status.DRAFT)).select_related("region", "programme_year"))
    if region is not None:
        apps = apps.filter(region=region)
    rows = []
    for a in apps:
        if a.status == Status.QUERY:
            open_query = a.queries.filter(answered_at__isnull=True).last()
            since = _day(open_query.asked_at) if open_query else None
            rows.append(Row(section, "Nachforderung",
                            f"Antwort zum Förderantrag {a.programme_year.year}", a.region, None,
                            waiting_state(since, today), a.get_status_display(),
                            link_for("application", a), since=since, obj=a))
        else:
            due = a.programme_year.application_deadline
            rows.append(Row(section, "Förderantrag",
                            f"Förderantrag {a.programme_year.year} einreichen", a.region, due,
                            due_state(due, today), a.get_status_display(),
                            link_for("application", a), since=_day(a.created_at), obj=a))
    queried = policy.scope_by_region(user, Proof.objects.filter(status=ProofStatus.QUERY),
                                     "notice__region").select_related(
        "notice__region", "notice__application")
    if region is not None:
        queried = queried.filter(notice__region=region)
    rows += [Row(section, "Rückfrage zum Nachweis",
                 f"Antwort zum {ProofKind(p.kind).label} zu {p.notice.number}",
                 p.notice.region, None, waiting_state(_day(p.reviewed_at) or p.date, today),
                 p.get_status_display(), link_for("proof", p),
                 since=_day(p.reviewed_at) or p.date, obj=p) for p in queried]
    rows += proofs_due(user=user, today=today, region=region, section=section, overdue=True)
    return _sorted(rows)


def reports_to_check(*, user, today: date, region=None) -> list[Row]:
    """Expense reports the providers submitted and the region has to check (Weiterleitung)."""
    from .selectors import review_reports

    reports = review_reports(user=user).select_related("notice__region", "project", "provider")
    if region is not None:
        reports = reports.filter(notice__region=region)
    rows = []
    for r in reports:
        since = _day(r.submitted_at)
        rows.append(Row("traegerberichte", "Ausgabenbericht",
                        f"{r.get_kind_display()} {r.provider} zu {r.project}",
                        r.notice.region, None, waiting_state(since, today),
                        r.get_status_display(), link_for("report", r), since=since, obj=r))
    return _sorted(rows)


# --- the lists -----------------------------------------------------------------------------

def authority_worklist(*, user, today: date,
                       horizon: int = PROOF_HORIZON_DAYS) -> list[Section]:
    """The authority's work list (also the ministry's); empty for everybody else."""
    if not policy.is_staff_of_state(user):
        return []
    return [
        Section("antraege", "Förderanträge zur Prüfung", "Keine Förderanträge zu prüfen.",
                applications_to_review(user=user, today=today)),
        Section("mittelabrufe", "Mittelabrufe anzuweisen oder auszuzahlen",
                "Keine Mittelabrufe offen.", payments_to_release(user=user, today=today)),
        Section("nachweise-faellig", f"Nachweise fällig (nächste {horizon} Tage) oder "
                "überfällig", "Keine Nachweise fällig oder überfällig.",
                proofs_due(user=user, today=today, horizon=horizon)),
        Section("nachweise-pruefung", "Eingereichte Nachweise zur Prüfung",
                "Keine eingereichten Nachweise zu prüfen.",
                proofs_to_review(user=user, today=today)),
        Section("erstattungen", "Offene Erstattungen", "Keine offenen Erstattungen.",
                refunds_open(user=user, today=today)),
    ]


def region_worklist(*, user, region, today: date,
                    horizon: int = PROOF_HORIZON_DAYS) -> list[Section]:
    """A region's "Was ist zu tun": its deadlines, missing documents and open refunds. Empty
    when the user may not see the region."""
    if not policy.can_view_region(user, region.pk):
        return []
    return [
        Section("fristen", f"Fristen (nächste {horizon} Tage)",
                "Keine Fristen in den nächsten Tagen.",
                region_deadlines(user=user, today=today, region=region, horizon=horizon)),
        Section("fehlende-unterlagen", "Fehlende Unterlagen und Antworten",
                "Es fehlen keine Unterlagen.",
                region_missing(user=user, today=today, region=region)),
        Section("traegerberichte", "Ausgabenberichte der Träger zu prüfen",
                "Keine Berichte der Träger zu prüfen.",
                reports_to_check(user=user, today=today, region=region)),
        Section("erstattungen", "Offene Erstattungen", "Keine offenen Erstattungen.",
                refunds_open(user=user, today=today, region=region)),
    ]


def urgent_count(sections: list[Section], today: date, days: int = 7) -> int:
    """Rows that are overdue or due within `days`: for the start page."""
    return sum(1 for s in sections for r in s.rows
               if r.due is not None and (r.due - today).days <= days)
