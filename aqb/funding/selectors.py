"""Reads of the funding procedure. Selectors that return region-bound rows take `user`
(region: its own; authority and ministry: all; provider: none)."""

from __future__ import annotations

from django.db.models import QuerySet

from aqb.accounts import policy
from aqb.agreements.models import AgreementProject
from aqb.projects.models import Project

from .models import Application, Attachment, Status

REVIEW_QUEUE = (Status.SUBMITTED, Status.IN_REVIEW, Status.READY)


def application_list(*, user, year: int | None = None, region=None) -> QuerySet[Application]:
    qs = Application.objects.select_related("region", "programme_year")
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    if region is not None:
        qs = qs.filter(region=region)
    return policy.scope_by_region(user, qs)


def review_worklist(*, user) -> QuerySet[Application]:
    """The authority's work list: applications submitted, in review or ready for the notice."""
    if not policy.is_staff_of_state(user):
        return Application.objects.none()
    return application_list(user=user).filter(status__in=REVIEW_QUEUE).order_by(
        "submitted_at", "pk")


def _load(pk: int) -> Application | None:
    return Application.objects.select_related("region", "programme_year").filter(pk=pk).first()


# One application: `@access(REGION_OBJECT, APPLICATION)` on a URL with <int:pk>.
APPLICATION = policy.Resolver(
    "application", {"pk": int}, load=_load, region_of=lambda a: a.region_id,
    not_found="Förderantrag nicht gefunden.")


def agreement_projects_unscoped(region, programme_year) -> QuerySet[Project]:
    """The projects of the region's current agreement of the year. Internal: no check."""
    ids = AgreementProject.objects.filter(
        measure__agreement__region=region, measure__agreement__programme_year=programme_year,
        measure__agreement__is_current=True).values("project_id")
    return Project.objects.filter(pk__in=ids, region=region).order_by("measure_number", "name")


ATTACHMENT = policy.Resolver(
    "attachment", {"pk": int},
    load=lambda pk: Attachment.objects.select_related("application").filter(pk=pk).first(),
    region_of=lambda att: att.application.region_id, not_found="Anlage nicht gefunden.")


def refund_list(*, user):
    """Refunds (Erstattungsbescheide) the user may see: region its own, the state all."""
    from .models import Refund

    qs = Refund.objects.select_related("notice__region", "notice__programme_year", "settlement")
    return policy.scope_by_region(user, qs, field="notice__region").order_by("-date", "-pk")


def settlement_queue(*, user):
    """Notices the authority can settle now: in force, with a checked final proof. The state
    only (others: none)."""
    from .models import Notice, NoticeStatus, ProofKind, ProofStatus

    if not policy.is_staff_of_state(user):
        return Notice.objects.none()
    checked = Notice.objects.filter(
        proofs__kind=ProofKind.FINAL,
        proofs__status__in=(ProofStatus.ACCEPTED, ProofStatus.REFUND)).values("pk")
    return policy.scope_by_region(user, Notice.objects.filter(
        status=NoticeStatus.ACTIVE, pk__in=checked).select_related("region", "programme_year"))


# --- proof of use (f-proof) ---------------------------------------------------------------

def proof_list(*, user, notice=None) -> QuerySet:
    """Proofs (of one notice, if given) the user may see (region: its own; authority and
    ministry: all)."""
    from .models import Proof

    qs = Proof.objects.select_related("notice", "notice__region", "notice__programme_year")
    if notice is not None:
        qs = qs.filter(notice=notice)
    return policy.scope_by_region(user, qs, field="notice__region")


# --- passing money on to providers (Weiterleitung) -------------------------------------------

from datetime import date as _date  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db.models import Min, Sum  # noqa: E402
from django.utils import timezone  # noqa: E402

from .models import Notice  # noqa: E402
from .models_passon import (  # noqa: E402
    REPORT_DONE,
    ExpenseReport,
    PassOn,
    ReportKind,
    ReportStatus,
)


def _project_scope(user, qs):
    """Rows of the user's regions (by project) and of the user's providers (as recipient)."""
    return policy.scope_by_region_or_provider(user, qs, region_field="project__region",
                                              provider_field="provider")


def passon_list(*, user, notice=None) -> QuerySet[PassOn]:
    """Pass-ons the user may see: the state all, a region its own, a provider those to it."""
    qs = PassOn.objects.select_related("notice", "project", "provider", "project__region")
    if notice is not None:
        qs = qs.filter(notice=notice)
    return _project_scope(user, qs)


def expense_report_list(*, user, notice=None, status: str | None = None
                        ) -> QuerySet[ExpenseReport]:
    qs = ExpenseReport.objects.select_related("notice", "project", "provider",
                                              "project__region").annotate(total=Sum("lines__amount"))
    if notice is not None:
        qs = qs.filter(notice=notice)
    if status is not None:
        qs = qs.filter(status=status)
    return _project_scope(user, qs)


def passon_notices(*, user) -> QuerySet[Notice]:
    """Notices whose money the user's region may pass on (the state: all), with the sum
    passed on so far."""
    qs = Notice.objects.select_related("region", "programme_year").annotate(
        passed_on=Sum("pass_ons__amount"))
    p = policy.principal(user)
    if p.sees_all_regions:
        return qs
    return qs.filter(region__in=p.region_ids)


def accepted_expenses_unscoped(notice) -> dict[int, Decimal]:
    """Per project: the sum of the provider's expenses the region accepted (geprüft) under
    `notice`. Internal (the proof of use reads it): no check."""
    rows = ExpenseReport.objects.filter(notice=notice, status=ReportStatus.ACCEPTED).values(
        "project_id").annotate(s=Sum("lines__amount"))
    return {r["project_id"]: r["s"] or Decimal("0.00") for r in rows}


def accepted_expenses(*, user, notice) -> dict[int, Decimal]:
    """`accepted_expenses_unscoped` of what the user may see."""
    qs = _project_scope(user, ExpenseReport.objects.filter(notice=notice,
                                                          status=ReportStatus.ACCEPTED))
    rows = qs.values("project_id").annotate(s=Sum("lines__amount"))
    return {r["project_id"]: r["s"] or Decimal("0.00") for r in rows}


def provider_worklist(*, user, today: _date | None = None) -> dict:
    """The provider's "Was ist zu tun": reports due (not yet submitted) and overdue per
    project and kind, with the earliest due date of the pass-ons; reports objected to."""
    today = today or timezone.localdate()
    p = policy.principal(user)
    if not p.provider_ids:
        return {"due": [], "overdue": [], "objected": []}
    pass_ons = PassOn.objects.filter(provider__in=p.provider_ids)
    done = {(r.notice_id, r.project_id, r.kind) for r in ExpenseReport.objects.filter(
        provider__in=p.provider_ids, status__in=REPORT_DONE)}
    drafts = {(r.notice_id, r.project_id, r.kind): r for r in ExpenseReport.objects.filter(
        provider__in=p.provider_ids).exclude(status__in=REPORT_DONE)}
    out = {"due": [], "overdue": [], "objected": []}
    for kind, field in ((ReportKind.INTERIM, "interim_report_due"),
                        (ReportKind.FINAL, "report_due")):
        rows = pass_ons.filter(**{f"{field}__isnull": False}).values(
            "notice_id", "project_id").annotate(due=Min(field), pass_on=Min("pk"))
        for r in rows:
            key = (r["notice_id"], r["project_id"], kind)
            if key in done:
                continue
            item = {"notice_id": r["notice_id"], "project_id": r["project_id"],
                    "kind": kind, "kind_label": ReportKind(kind).label, "due": r["due"],
                    "pass_on_id": r["pass_on"],
                    "report": drafts.get(key)}
            out["overdue" if r["due"] < today else "due"].append(item)
    from aqb.projects.models import Project

    names = {pr.pk: pr for pr in Project.objects.filter(
        pk__in={i["project_id"] for i in out["due"] + out["overdue"]})}
    for item in out["due"] + out["overdue"]:
        item["project"] = names[item["project_id"]]
    out["due"].sort(key=lambda i: i["due"])
    out["overdue"].sort(key=lambda i: i["due"])
    out["objected"] = list(expense_report_list(user=user, status=ReportStatus.OBJECTED).filter(
        provider__in=p.provider_ids))
    return out


def review_reports(*, user) -> QuerySet[ExpenseReport]:
    """The region's reports to check (eingereicht), oldest first; the state sees all."""
    p = policy.principal(user)
    qs = expense_report_list(user=user, status=ReportStatus.SUBMITTED).order_by(
        "submitted_at", "pk")
    if p.sees_all_regions:
        return qs
    return qs.filter(project__region__in=p.region_ids)


# One pass-on / expense report: the state, the project's region and the provider it went to.
PASS_ON = policy.Resolver(
    "pass_on", {"pk": int},
    load=lambda pk: PassOn.objects.select_related("notice", "project", "provider").filter(
        pk=pk).first(),
    region_of=lambda po: po.project.region_id, provider_of=lambda po: po.provider_id,
    not_found="Weiterleitung nicht gefunden.")

EXPENSE_REPORT = policy.Resolver(
    "report", {"pk": int},
    load=lambda pk: ExpenseReport.objects.select_related(
        "notice", "project", "provider", "project__region").filter(pk=pk).first(),
    region_of=lambda r: r.project.region_id, provider_of=lambda r: r.provider_id,
    not_found="Ausgabenbericht nicht gefunden.")


def _load_notice(pk: int):
    from .models import Notice

    return Notice.objects.select_related("region", "programme_year", "application").filter(
        pk=pk).first()


# One notice (Zuwendungsbescheid): `@access(KIND, NOTICE)` on a URL with <int:pk>; the one
# resolver of notices for the notice, payment, proof, pass-on and settlement pages.
NOTICE = policy.Resolver("notice", {"pk": int}, load=_load_notice,
                         region_of=lambda n: n.region_id,
                         not_found="Zuwendungsbescheid nicht gefunden.")


def proof_revision(proof) -> str:
    """A short fingerprint of a proof's correctable content (status, date, Sachbericht, the
    lines and the voucher list). The correction form carries it; `proofs.proof_correct`
    refuses the save when it no longer matches, i.e. someone else corrected the proof (or the
    authority changed its status) since the form was loaded (docs/reliability.md,
    "Concurrency")."""
    from aqb.ui.revisions import fingerprint

    from .models import ProofLine, ProofVoucher

    content = {
        "status": proof.status, "date": proof.date, "report": proof.report,
        "vouchers_required": proof.vouchers_required,
        "lines": list(ProofLine.objects.filter(proof_id=proof.pk).order_by(
            "project_id", "pk").values_list(
            "project_id", "personnel_costs", "material_costs", "administrative_costs",
            "other_costs", "own_funds", "third_party_funds")),
        "vouchers": list(ProofVoucher.objects.filter(proof_id=proof.pk).order_by(
            "position", "pk").values_list("date", "payee", "purpose", "amount", "number")),
    }
    return fingerprint(content)
