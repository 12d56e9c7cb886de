"""Reads of the proof of use (Zwischennachweis, Verwendungsnachweis). Selectors of
region-bound rows take `user`; the resolvers load one notice or proof for object-bound views
(the lookup is the permission check, docs/access.md)."""

from __future__ import annotations

from django.db.models import QuerySet

from aqb.accounts import policy

from .models import Notice, Proof


def proof_list(*, user, notice: Notice | None = None) -> QuerySet[Proof]:
    """Proofs the user may see (region: its own; authority and ministry: all)."""
    qs = Proof.objects.select_related("notice", "notice__region", "notice__programme_year")
    if notice is not None:
        qs = qs.filter(notice=notice)
    return policy.scope_by_region(user, qs, field="notice__region")


def _load_notice(pk: int) -> Notice | None:
    return Notice.objects.select_related("region", "programme_year", "application").filter(
        pk=pk).first()


def _load_proof(pk: int) -> Proof | None:
    return Proof.objects.select_related(
        "notice", "notice__region", "notice__programme_year", "notice__application").filter(
        pk=pk).first()


# The notice whose proofs a page or endpoint shows: `<int:pk>` of /foerderung/bescheide/.
PROOF_NOTICE = policy.Resolver(
    "notice", {"pk": int}, load=_load_notice, region_of=lambda n: n.region_id,
    not_found="Zuwendungsbescheid nicht gefunden.")

# One proof: `<int:pk>` of /foerderung/nachweise/.
PROOF = policy.Resolver(
    "proof", {"pk": int}, load=_load_proof, region_of=lambda p: p.notice.region_id,
    not_found="Nachweis nicht gefunden.")
