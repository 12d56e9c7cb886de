"""The ledger (Haushaltsüberwachung) of the grants: per notice, per region and for Hessen.

Six figures, all computed by the database (subqueries and SUM, no loops over rows):

* granted (bewilligt): the amount of the notice version in force;
* requested (abgerufen): the payment requests that count (beantragt, angewiesen, ausgezahlt);
* paid (ausgezahlt): the requests with status ausgezahlt;
* used (verwendet): what the latest checked proof of use (status "geprüft ohne Beanstandung"
  or "geprüft mit Rückforderung", the latest by date) shows as spent from the grant: its
  actual eligible costs minus own and third-party funds, never below 0 and at most the paid
  amount (money not paid out cannot have been used); 0 while no proof is checked;
* recognised (anerkannt): the settlement's recognised amount (0 before the settlement);
* refunded (erstattet): the payments received on the refund notices.

The selectors take `user` (region: its own notices; authority and ministry: all; provider:
none); docs/funding.md, "Mittelabruf und Haushaltsüberwachung".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.http import Http404

from aqb.accounts import policy
from aqb.regions.models import Region

from .models import (
    PAYMENT_COUNTING,
    Notice,
    NoticeVersion,
    PaymentRequest,
    PaymentStatus,
    Proof,
    ProofStatus,
    RefundPayment,
)
from .selectors import NOTICE  # noqa: F401  (the pages import it from here too)

FIGURES = ("granted", "requested", "paid", "used", "recognised", "refunded")
LABELS = {"granted": "bewilligt", "requested": "abgerufen", "paid": "ausgezahlt",
          "used": "verwendet", "recognised": "anerkannt", "refunded": "erstattet"}
CHECKED = (ProofStatus.ACCEPTED, ProofStatus.REFUND)
ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _zero():
    return Value(ZERO, output_field=_MONEY)


def _sum_of(qs: QuerySet, field: str = "amount") -> Subquery:
    """SUM(field) of `qs` (already filtered by OuterRef("pk")) as one value per notice."""
    return Coalesce(Subquery(
        qs.order_by().values("notice").annotate(s=Sum(field)).values("s")[:1],
        output_field=_MONEY), _zero(), output_field=_MONEY)


def _annotate(qs: QuerySet[Notice]) -> QuerySet[Notice]:
    """The six figures on every notice of `qs`."""
    pr = PaymentRequest.objects.filter(notice=OuterRef("pk"))
    granted = Coalesce(Subquery(
        NoticeVersion.objects.filter(notice=OuterRef("pk"), is_current=True).order_by()
        .values("amount")[:1],
        output_field=_MONEY), _zero(), output_field=_MONEY)
    latest = Proof.objects.filter(notice=OuterRef("pk"), status__in=CHECKED).order_by(
        "-date", "-pk").annotate(share=ExpressionWrapper(
            F("costs") - F("own_funds") - F("third_party_funds"), output_field=_MONEY))
    share = Coalesce(Subquery(latest.values("share")[:1], output_field=_MONEY), _zero(),
                     output_field=_MONEY)
    refunded = Coalesce(Subquery(
        RefundPayment.objects.filter(refund__notice=OuterRef("pk")).order_by().values(
            "refund__notice").annotate(s=Sum("amount")).values("s")[:1],
        output_field=_MONEY), _zero(), output_field=_MONEY)
    return qs.annotate(
        granted=granted,
        requested=_sum_of(pr.filter(status__in=PAYMENT_COUNTING)),
        paid=_sum_of(pr.filter(status=PaymentStatus.PAID)),
        proof_share=share,
        recognised=Coalesce(F("settlement__recognised"), _zero(), output_field=_MONEY),
        refunded=refunded,
    ).annotate(used=Least(Greatest(F("proof_share"), _zero(), output_field=_MONEY),
                          F("paid"), output_field=_MONEY))


@dataclass(frozen=True)
class Figures:
    granted: Decimal = ZERO
    requested: Decimal = ZERO
    paid: Decimal = ZERO
    used: Decimal = ZERO
    recognised: Decimal = ZERO
    refunded: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        """What may still be requested."""
        return max(self.granted - self.requested, ZERO)

    def items(self) -> list[tuple[str, str, Decimal]]:
        return [(f, LABELS[f], getattr(self, f)) for f in FIGURES]

    def as_strings(self) -> dict[str, str]:
        return {f: format(getattr(self, f).quantize(ZERO), "f") for f in FIGURES}


def _figures(row: dict) -> Figures:
    return Figures(**{f: (row.get(f) or ZERO).quantize(ZERO) for f in FIGURES})


def _notices(*, year: int | None = None, region=None) -> QuerySet[Notice]:
    qs = Notice.objects.select_related("region", "programme_year")
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    if region is not None:
        qs = qs.filter(region=region)
    return qs


def ledger_notices(*, user, year: int | None = None, region=None) -> QuerySet[Notice]:
    """The notices the user may see, each with the six figures as attributes."""
    return _annotate(policy.scope_by_region(user, _notices(year=year, region=region))).order_by(
        "programme_year__year", "region__ags", "pk")


def ledger_by_region_unscoped(*, years: list[int]) -> dict[tuple[int, int], Figures]:
    """(year, region id) -> the sums over the region's notices of that year, for every
    notice of `years` (no user: the open data of published years, aqb/opendata). The same
    sums as the state's `ledger_regions` rows; regions without a notice are absent."""
    qs = _annotate(Notice.objects.filter(programme_year__year__in=years))
    rows = qs.order_by().values("programme_year__year", "region").annotate(
        **{f"t_{f}": Sum(f) for f in FIGURES})
    return {(r["programme_year__year"], r["region"]):
            _figures({f: r[f"t_{f}"] for f in FIGURES}) for r in rows}


def ledger_notice(*, user, notice: Notice) -> Figures:
    """The figures of one notice (404 for a user who may not see it)."""
    if not policy.can_view_region(user, notice.region_id):
        raise Http404("Zuwendungsbescheid nicht gefunden.")
    row = ledger_notices(user=user).filter(pk=notice.pk).values(*FIGURES).first()
    return _figures(row or {})


def _totals(qs: QuerySet[Notice]) -> Figures:
    # One group over all rows (a constant). Not aggregate(): Django 5.2 drops the `granted`
    # subquery from the inner query it builds for aggregate() over annotations.
    row = qs.order_by().annotate(land=Value("HE", output_field=CharField())).values(
        "land").annotate(**{f"t_{f}": Sum(f) for f in FIGURES})
    row = next(iter(row), None)
    return _figures({f: row[f"t_{f}"] for f in FIGURES} if row else {})


def ledger_total(*, user, year: int | None = None, region=None) -> Figures:
    """The sums over the notices the user may see (of `year`, of `region`)."""
    return _totals(ledger_notices(user=user, year=year, region=region))


@dataclass(frozen=True)
class LedgerRow:
    label: str
    figures: Figures
    region: object = None
    year: int | None = None
    notices: int = 0


def ledger_regions(*, user, year: int) -> tuple[list[LedgerRow], LedgerRow]:
    """One row per region with a notice in `year` (sums over its notices) and the sum row
    ("Hessen"). A region sees only its own row, and the sum row is then its own sum."""
    qs = ledger_notices(user=user, year=year)
    by_region = {r["region"]: r for r in qs.order_by().values("region").annotate(
        **{f"t_{f}": Sum(f) for f in FIGURES})}
    regions = Region.objects.in_bulk(list(by_region))
    rows = [LedgerRow(label=regions[rid].name, region=regions[rid], year=year,
                      figures=_figures({f: r[f"t_{f}"] for f in FIGURES}))
            for rid, r in sorted(by_region.items(), key=lambda kv: regions[kv[0]].ags)]
    label = "Hessen" if policy.is_staff_of_state(user) else "Summe"
    return rows, LedgerRow(label=label, year=year, figures=_totals(qs),
                           notices=len(regions))


def ledger_years(*, user) -> tuple[list[LedgerRow], LedgerRow]:
    """One sum row per programme year, and the sum over all years."""
    qs = ledger_notices(user=user)
    rows = [LedgerRow(label=str(r["programme_year__year"]), year=r["programme_year__year"],
                      figures=_figures({f: r[f"t_{f}"] for f in FIGURES}))
            for r in qs.order_by().values("programme_year__year").annotate(
                **{f"t_{f}": Sum(f) for f in FIGURES}).order_by("programme_year__year")]
    label = "Hessen, alle Jahre" if policy.is_staff_of_state(user) else "Summe aller Jahre"
    return rows, LedgerRow(label=label, figures=_totals(qs))


# --- resolvers of the payment pages and endpoints (the lookup is the permission check) ------

def _load_payment(pk: int) -> PaymentRequest | None:
    return PaymentRequest.objects.select_related(
        "notice__region", "notice__programme_year", "released_by", "created_by").filter(
        pk=pk).first()


PAYMENT = policy.Resolver("payment", {"pk": int}, load=_load_payment,
                          region_of=lambda p: p.notice.region_id,
                          not_found="Mittelabruf nicht gefunden.")
