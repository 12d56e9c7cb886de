"""Resolvers of the proof pages: one notice or proof for object-bound views (the lookup is
the permission check, docs/access.md). The scoped list `proof_list` lives in `selectors`."""

from __future__ import annotations

from aqb.accounts import policy

from .models import Proof
from .selectors import NOTICE, proof_list  # noqa: F401  (checked by tests/test_selector_scoping.py)


def _load_proof(pk: int) -> Proof | None:
    return Proof.objects.select_related(
        "notice", "notice__region", "notice__programme_year", "notice__application").filter(
        pk=pk).first()


# The notice whose proofs a page or endpoint shows: `<int:pk>` of /foerderung/bescheide/.
PROOF_NOTICE = NOTICE

# One proof: `<int:pk>` of /foerderung/nachweise/.
PROOF = policy.Resolver(
    "proof", {"pk": int}, load=_load_proof, region_of=lambda p: p.notice.region_id,
    not_found="Nachweis nicht gefunden.")
