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
