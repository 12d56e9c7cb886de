"""Two people of the region correcting the same proof after a query (docs/reliability.md,
"Concurrency"): the correction form carries the proof's fingerprint
(`selectors.proof_revision`); a form loaded before someone else's correction is refused with
a German request to reload (400, nothing written, no audit entry), also when the authority
has queried again in between; a fresh form is saved."""

from decimal import Decimal

import pytest

from aqb.accounts.models import Role
from aqb.audit.models import AuditEntry
from aqb.funding import proofs as ps
from aqb.funding.models import ProofStatus
from conftest import make_user
from tests.concurrency import RELOAD, form_revision, logged_in

from .test_proof_pages import form_post

pytestmark = pytest.mark.django_db

STALE = "Der Nachweis wurde inzwischen von jemand anderem geändert."




def test_a_stale_correction_is_refused_even_after_a_second_query(
        proof, projects, region_wf, region_user, authority_user):
    colleague = make_user("wf2", Role.REGION, region=region_wf)
    ps.proof_query(actor=authority_user, proof=proof, question="Bitte Sachkosten erläutern.")
    url = f"/foerderung/nachweise/{proof.pk}/korrigieren/"
    first, second = logged_in(region_user), logged_in(colleague)
    seen_first = form_revision(first.get(url).content.decode())
    seen_second = form_revision(second.get(url).content.decode())
    r = first.post(url, form_post(projects, {"material_costs": "30.000",
                                             "personnel_costs": "55.000",
                                             "own_funds": "20.000"},
                                  report="Sachkosten niedriger als geplant.",
                                  revision=seen_first))
    assert r.status_code == 302
    # the authority asks again: the status is "Rückfrage" as when the colleague loaded
    ps.proof_query(actor=authority_user, proof=proof, question="Und die Personalkosten?")
    entries = AuditEntry.objects.count()
    r = second.post(url, form_post(projects, {"other_costs": "1.000"},
                                   report="Nur sonstige Kosten.", revision=seen_second))
    page = r.content.decode()
    assert r.status_code == 400 and STALE in page and RELOAD in page
    proof.refresh_from_db()
    assert proof.report == "Sachkosten niedriger als geplant."
    assert proof.costs == Decimal("85000") and proof.status == ProofStatus.QUERY
    assert AuditEntry.objects.count() == entries
    # reloaded: the colleague's correction goes through
    page = second.get(url).content.decode()
    assert "Sachkosten niedriger als geplant." in page
    r = second.post(url, form_post(projects, {"other_costs": "1.000"},
                                   report="Nur sonstige Kosten.", revision=form_revision(page)))
    assert r.status_code == 302
    proof.refresh_from_db()
    assert proof.report == "Nur sonstige Kosten." and proof.status == ProofStatus.SUBMITTED
    assert AuditEntry.objects.count() == entries + 1


def test_the_second_of_two_corrections_is_asked_to_reload(proof, projects, region_user,
                                                          authority_user):
    ps.proof_query(actor=authority_user, proof=proof, question="Bitte erläutern.")
    url = f"/foerderung/nachweise/{proof.pk}/korrigieren/"
    a, b = logged_in(region_user), logged_in(region_user)
    seen = form_revision(a.get(url).content.decode())
    assert form_revision(b.get(url).content.decode()) == seen
    assert a.post(url, form_post(projects, {"other_costs": "2.000"},
                                 revision=seen)).status_code == 302
    r = b.post(url, form_post(projects, {"other_costs": "3.000"}, revision=seen))
    assert r.status_code == 400 and RELOAD in r.content.decode()
    proof.refresh_from_db()
    assert proof.costs == Decimal("2000")
