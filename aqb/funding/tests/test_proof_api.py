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


def test_the_authority_reviews_through_the_api(notice, region_user, authority_user,
                                               ministry_user):
    pid = call(region_user, "post", url(notice), BODY).json()["id"]
    review = f"/api/v1/funding/proofs/{pid}/review"
    assert call(region_user, "post", review, {"decision": "accept"}).status_code == 403
    assert call(ministry_user, "post", review, {"decision": "accept"}).status_code == 403
    r = call(authority_user, "post", review, {"decision": "refund", "note": ""})
    assert r.status_code == 422 and "Prüfvermerk" in r.json()["detail"]
    r = call(authority_user, "post", review, {"decision": "query", "note": "Belege bitte.",
                                              "vouchers_required": True})
    assert r.json() == {"id": pid, "status": "query", "status_label": "Rückfrage"}
    r = call(authority_user, "post", review, {"decision": "accept"})
    assert r.status_code == 422 and "Status „Rückfrage“" in r.json()["detail"]
    r = call(authority_user, "post", review, {"decision": "maybe"})
    assert r.status_code == 422 and r.json()["detail"].startswith("decision:")
    proof = Proof.objects.get(pk=pid)
    assert proof.status == ProofStatus.QUERY and proof.vouchers_required


def test_from_the_proof_to_the_settlement_through_the_api(notice, region_user,
                                                          authority_user):
    """Proof (region), review (authority), settlement (authority): 80 % of 90 000 EUR proven
    is recognised, 8 000 EUR of 80 000 EUR paid come back."""
    from datetime import date

    from aqb.funding.models import PaymentRequest, PaymentStatus

    PaymentRequest.objects.create(notice=notice, number=1, date=date(2025, 5, 2),
                                  amount=Decimal("80000"), needed_by=date(2025, 6, 1),
                                  reason="Abschlag", status=PaymentStatus.PAID,
                                  paid_on=date(2025, 5, 10))
    pid = call(region_user, "post", url(notice), BODY).json()["id"]
    r = call(authority_user, "post", f"/api/v1/funding/proofs/{pid}/review",
             {"decision": "accept"})
    assert r.json()["status"] == "accepted"
    r = call(authority_user, "post", f"/api/v1/funding/notices/{notice.pk}/settlement",
             {"date": "2025-10-20", "effective": "2025-10-20"})
    assert r.status_code == 201, r.content
    assert (r.json()["recognised"], r.json()["refund"]) == ("72000.00", "8000.00")
