"""POST /api/v1/funding/notices/{id}/proof: the region submits its Verwendungsnachweis; the
same policy as the pages; refusals 422 in German, nothing saved."""

from decimal import Decimal

from aqb.funding.models import Proof, ProofStatus
from aqb.funding.tests.test_api import call

BODY = {"date": "2025-10-01", "costs": "90000.00", "own_funds": "20000.00",
        "third_party": "0.00", "report": "Alle Maßnahmen wurden durchgeführt."}


def url(notice):
    return f"/api/v1/funding/notices/{notice.pk}/proof"


def test_the_region_submits_the_final_proof(notice, projects, region_user):
    r = call(region_user, "post", url(notice), BODY)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["status"] == "submitted" and data["kind"] == "final"
    assert (data["costs"], data["own_funds"], data["third_party"]) == ("90000.00", "20000.00",
                                                                       "0.00")
    proof = Proof.objects.get(pk=data["id"])
    assert proof.status == ProofStatus.SUBMITTED and proof.report == BODY["report"]
    # without lines: one line, the first project of the plan, as "sonstige Kosten"
    li = proof.lines.get()
    assert (li.project, li.other_costs, li.own_funds) == (projects[0], Decimal("90000"),
                                                          Decimal("20000"))
    r = call(region_user, "post", url(notice), BODY)
    assert r.status_code == 422 and "schon ein Verwendungsnachweis" in r.json()["detail"]
    assert Proof.objects.count() == 1


def test_lines_and_an_interim_proof(notice, projects, region_user):
    body = {**BODY, "kind": "interim", "costs": "1000.00", "own_funds": "0.00", "lines": [
        {"project": projects[0].pk, "personnel_costs": "600.00", "material_costs": "400.00"}]}
    r = call(region_user, "post", url(notice), body)
    assert r.status_code == 201, r.content
    li = Proof.objects.get().lines.get()
    assert (li.personnel_costs, li.material_costs) == (Decimal("600"), Decimal("400"))
    r = call(region_user, "post", url(notice), {**body, "costs": "999.00"})
    assert r.status_code == 422 and "die Zeilen ergeben 1.000,00" in r.json()["detail"]


def test_refusals_are_422_in_german_and_save_nothing(notice, region_user):
    for body, words in (({**BODY, "report": " "}, "Sachbericht"),
                        ({**BODY, "own_funds": "95000.00"}, "übersteigen"),
                        ({**BODY, "date": "2025-01-01"}, "nicht vor dem Bescheid"),
                        ({**BODY, "costs": "1,5"}, "costs: Das Format stimmt nicht"),
                        ({k: v for k, v in BODY.items() if k != "report"},
                         "report: Pflichtangabe fehlt")):
        r = call(region_user, "post", url(notice), body)
        assert r.status_code == 422, body
        assert words in r.json()["detail"]
    assert not Proof.objects.exists()


def test_same_policy_as_the_pages(notice, foreign_region_user, authority_user, provider_user):
    assert call(foreign_region_user, "post", url(notice), BODY).status_code == 404
    assert call(provider_user, "post", url(notice), BODY).status_code == 404
    assert call(authority_user, "post", url(notice), BODY).status_code == 403
    assert not Proof.objects.exists()
