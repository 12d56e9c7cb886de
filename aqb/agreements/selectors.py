"""Reads of agreements, scoped to the user; the public sees only published ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Sum, When
from django.db.models import Value as V
from django.http import Http404

from aqb.accounts import policy
from aqb.budgets.models import AllocationChangeLine, ChangeKind, ProgrammeYear
from aqb.budgets.selectors import allocations_current_unscoped
from aqb.german.money import format_eur

from .models import Agreement, AgreementTemplate, BudgetLine, Status
from .targets import target_text, targets_of

AQB = "Ausbildungs- und Qualifizierungsbudget"


def agreement_list(*, user, year: int | None = None) -> QuerySet[Agreement]:
    qs = Agreement.objects.select_related("region", "programme_year")
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    return policy.scope_by_region(user, qs)


# A view of one agreement: `@access(REGION_OBJECT, AGREEMENT)` on a URL with <int:pk>.
AGREEMENT = policy.Resolver(
    "agreement", {"pk": int},
    load=lambda pk: Agreement.objects.select_related(
        "region", "programme_year", "template").filter(pk=pk).first(),
    region_of=lambda agreement: agreement.region_id,
    not_found="Zielvereinbarung nicht gefunden.")


def agreement_get(*, user, pk: int) -> Agreement:
    """The agreement, if the user may see its region; 404 otherwise."""
    return policy.resolve(user, policy.REGION_OBJECT, AGREEMENT, pk=pk)


def published_list(*, year: int | None = None) -> QuerySet[Agreement]:
    """What the public may see: the newest published version per region and year."""
    newer = Agreement.objects.filter(
        region=OuterRef("region"), programme_year=OuterRef("programme_year"),
        status=Status.PUBLISHED, version__gt=OuterRef("version"))
    qs = Agreement.objects.filter(status=Status.PUBLISHED).exclude(Exists(newer))
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    return qs.select_related("region", "programme_year").order_by(
        "-programme_year__year", "region__ags")


def status_counts(qs: QuerySet[Agreement]) -> dict[str, int]:
    """Number of agreements per status label, counted in the database."""
    labels = dict(Status.choices)
    rows = qs.order_by().values("status").annotate(n=Count("pk"))
    return {str(labels[r["status"]]): r["n"] for r in sorted(
        rows, key=lambda r: list(labels).index(r["status"]))}


def published_get(*, pk: int) -> Agreement:
    agreement = Agreement.objects.filter(pk=pk, status=Status.PUBLISHED).select_related(
        "region", "programme_year").first()
    if agreement is None:
        raise Http404("Keine veröffentlichte Zielvereinbarung.")
    return agreement


def published_for_region(region) -> QuerySet[Agreement]:
    return published_list().filter(region=region)


# --- templates and versions ------------------------------------------------------------

def template_current(programme_year: ProgrammeYear) -> AgreementTemplate | None:
    return programme_year.agreement_templates.order_by("-version").first()


def agreement_snapshot(agreement: Agreement) -> dict[str, Any]:
    """Content of an agreement for audit and version comparison."""
    return {
        "budgets": [[b.name, str(b.amount) if b.amount is not None else None]
                    for b in agreement.budget_lines.order_by("order")],
        "measures": {str(m.number): [m.title, [p.label for p in m.projects.all()]]
                     for m in agreement.measures.order_by("number")},
        # per project label the targets in the words of § 5 ("geplante Eintritte: 24; …")
        "targets": {line.label: target_text(line.targets)
                    for line in targets_of(agreement).lines if line.targets},
    }


def agreement_revision(agreement: Agreement) -> str:
    """A short fingerprint of the draft's editable content (status, budget lines, project
    lines and their targets). Edit forms carry it; the services refuse a save when it no
    longer matches, i.e. someone else changed the draft since the form was loaded (no lost
    update; docs/reliability.md, "Concurrency")."""
    from aqb.ui.revisions import fingerprint

    from .models import AgreementProject

    content = {
        "status": agreement.status,
        "budgets": list(BudgetLine.objects.filter(agreement_id=agreement.pk).order_by(
            "order", "pk").values_list("name", "amount")),
        "projects": list(AgreementProject.objects.filter(
            measure__agreement_id=agreement.pk).order_by("pk").values_list(
            "pk", "label", "planned_participants", "planned_amount", "outcome_target")),
    }
    return fingerprint(content)


def _budget_words(lines: list) -> str:
    return "; ".join(
        f"{name} {format_eur(Decimal(amount))}" if amount is not None else f"{name} (ohne Betrag)"
        for name, amount in lines) or "keine"


def version_diff(old: Agreement, new: Agreement) -> list[str]:
    """What changed between two versions, as German sentences."""
    a, b = agreement_snapshot(old), agreement_snapshot(new)
    out = []
    if a["budgets"] != b["budgets"]:
        out.append(f"Haushaltsmittel: {_budget_words(a['budgets'])} → "
                   f"{_budget_words(b['budgets'])}")
    for number in sorted(set(a["measures"]) | set(b["measures"]), key=int):
        ta, pa = a["measures"].get(number, ["", []])
        tb, pb = b["measures"].get(number, ["", []])
        if ta != tb:
            out.append(f"Maßnahmeart {number}: Bezeichnung „{ta}“ → „{tb}“")
        for p in pb:
            if p not in pa:
                out.append(f"Maßnahmeart {number}: Projekt „{p}“ hinzugefügt")
        for p in pa:
            if p not in pb:
                out.append(f"Maßnahmeart {number}: Projekt „{p}“ entfernt")
        for p in pb:
            before, after = a["targets"].get(p, ""), b["targets"].get(p, "")
            if p in pa and before != after:
                out.append(f"Maßnahmeart {number}: Ziele „{p}“: {before or 'keine'} → "
                           f"{after or 'keine'}")
    return out


# --- agreed amount and current allocation -----------------------------------------------------
#
# The agreed amount is the amount of the agreement's AQB budget line (the line named
# "Ausbildungs- und Qualifizierungsbudget", else its first line): the line that drafting fills
# from the allocation. Other lines (other budgets named in § 4) are not part of the allocation.

AQB_FIRST = Case(When(name=AQB, then=V(0)), default=V(1), output_field=IntegerField())


@dataclass
class ChangeStep:
    """A dated change of the region's allocation (net over its parts)."""

    effective_date: date
    kind: str
    reason: str
    delta: Decimal


@dataclass
class AllocationComparison:
    """An agreement's agreed amount beside the region's current allocation of the year, with
    the adopted allocation and the dated changes in between."""

    agreement: Agreement
    agreed: Decimal | None
    adopted: Decimal | None
    current: Decimal | None
    changes: list[ChangeStep] = field(default_factory=list)

    @property
    def difference(self) -> Decimal | None:
        if self.agreed is None or self.current is None:
            return None
        return self.current - self.agreed

    @property
    def matches(self) -> bool:
        return self.agreed == self.current

    @property
    def can_take_over(self) -> bool:
        """A draft may take the current allocation over (one action, audited)."""
        return (self.agreement.status == Status.DRAFT and self.current is not None
                and not self.matches)


def _compare(agreements: list[Agreement], *, with_changes: bool) -> list[AllocationComparison]:
    if not agreements:
        return []
    agreed: dict[int, Decimal | None] = {}
    for line in BudgetLine.objects.filter(agreement__in=agreements).order_by(
            "agreement", AQB_FIRST, "order").only("agreement_id", "amount"):
        agreed.setdefault(line.agreement_id, line.amount)
    alloc: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}
    years = {a.programme_year_id: a.programme_year for a in agreements}
    regions = {a.region_id for a in agreements}
    for py in years.values():
        for a in allocations_current_unscoped(programme_year=py).filter(region__in=regions):
            alloc[(a.region_id, py.pk)] = (a.amount, a.current)
    steps: dict[tuple[int, int], list[ChangeStep]] = {}
    if with_changes:
        rows = (AllocationChangeLine.objects
                .filter(change__programme_year__in=years, region__in=regions)
                .order_by().values("region", "change__programme_year", "change__effective_date",
                                   "change__kind", "change__reason", "change")
                .annotate(net=Sum("delta"))
                .order_by("change__effective_date", "change"))
        kinds = dict(ChangeKind.choices)
        for r in rows:
            if r["net"]:
                steps.setdefault((r["region"], r["change__programme_year"]), []).append(
                    ChangeStep(r["change__effective_date"], str(kinds[r["change__kind"]]),
                               r["change__reason"], r["net"]))
    out = []
    for a in agreements:
        adopted, current = alloc.get((a.region_id, a.programme_year_id), (None, None))
        out.append(AllocationComparison(a, agreed.get(a.pk), adopted, current,
                                        steps.get((a.region_id, a.programme_year_id), [])))
    return out


def allocation_comparison(*, user, agreement: Agreement) -> AllocationComparison:
    """For an agreement page: agreed amount, adopted allocation, dated changes, current."""
    if not policy.can_view_region(user, agreement.region_id):
        raise Http404("Zielvereinbarung nicht gefunden.")
    return _compare([agreement], with_changes=True)[0]


def published_allocation_comparison(*, agreement: Agreement) -> AllocationComparison:
    """The same for the public page of a published agreement."""
    if agreement.status != Status.PUBLISHED:
        raise Http404("Keine veröffentlichte Zielvereinbarung.")
    return _compare([agreement], with_changes=True)[0]


def allocation_comparisons(*, user, agreements) -> dict[int, AllocationComparison]:
    """Per agreement id, for lists (no dated changes); only agreements the user may see."""
    visible = [a for a in agreements if policy.can_view_region(user, a.region_id)]
    return {c.agreement.pk: c for c in _compare(visible, with_changes=False)}


def allocation_mismatches(*, user, year: int) -> list[AllocationComparison]:
    """Current agreements of the year (as far as the user may see them) whose agreed amount
    differs from the region's current allocation: drafts to update, signed ones to explain."""
    agreements = list(agreement_list(user=user, year=year).filter(is_current=True)
                      .order_by("region__ags"))
    return [c for c in _compare(agreements, with_changes=False) if not c.matches]


# --- superseded versions ---------------------------------------------------------------------

def version_date(agreement: Agreement) -> date:
    """The date a version stands for: published, else signed by the region, else created."""
    from django.utils import timezone

    if agreement.published_at:
        return timezone.localdate(agreement.published_at)
    last = agreement.signatures.order_by("-date").first()
    if agreement.is_signed and last is not None:
        return last.date
    return timezone.localdate(agreement.created_at)


def replaced_by(*, user, agreement: Agreement) -> Agreement | None:
    """For a superseded version: the current version of its region and year (internal)."""
    if agreement.is_current:
        return None
    return agreement_list(user=user).filter(region=agreement.region_id,
                                            programme_year=agreement.programme_year_id,
                                            is_current=True).first()


def published_replaced_by(agreement: Agreement) -> Agreement | None:
    """For a published version: the newest later published version, if there is one. A
    version not yet published does not replace anything for the public."""
    return Agreement.objects.filter(
        region=agreement.region_id, programme_year=agreement.programme_year_id,
        status=Status.PUBLISHED, version__gt=agreement.version).order_by("-version").first()


def agreement_current_for(*, user, ags: str, year: int) -> Agreement | None:
    """The current version of a region's agreement of a year, if the user may see it (the
    import preview warns that saving makes a new version)."""
    return agreement_list(user=user, year=year).filter(region__ags=ags, is_current=True).first()


@dataclass
class WorkList:
    """What waits for a user among the current agreements (start page)."""

    drafts: list[Agreement] = field(default_factory=list)           # ministry: to fix
    to_sign_ministry: list[Agreement] = field(default_factory=list)  # ministry: agreed
    to_sign_region: list[Agreement] = field(default_factory=list)    # region: its signature
    to_publish: list[Agreement] = field(default_factory=list)        # ministry: signed
    mismatches: list[AllocationComparison] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.drafts, self.to_sign_ministry, self.to_sign_region, self.to_publish,
                    self.mismatches))


def work_list(*, user) -> WorkList:
    """Current agreements waiting for the user: for the ministry drafts, signatures and
    publications; for a region the agreements awaiting its signature; mismatches with the
    current allocation for both (as far as the user may see)."""
    qs = list(agreement_list(user=user).filter(is_current=True).order_by(
        "-programme_year__year", "region__ags"))
    out = WorkList()
    ministry = policy.is_ministry(user)
    for a in qs:
        if a.status == Status.SIGNED_MINISTRY and (
                ministry or policy.can_edit_region_data(user, a.region_id)):
            out.to_sign_region.append(a)
        elif not ministry:
            continue
        elif a.status == Status.DRAFT:
            out.drafts.append(a)
        elif a.status == Status.AGREED:
            out.to_sign_ministry.append(a)
        elif a.status == Status.SIGNED:
            out.to_publish.append(a)
    out.mismatches = [c for c in _compare(qs, with_changes=False) if not c.matches]
    return out
