"""A grant from application to settled refund through the API alone (issue 9, item 8): the
region applies, the authority reviews and grants, the region calls money and proves its use,
the authority pays and settles; the refund carries interest under § 49a (3) HVwVfG."""

from decimal import ROUND_HALF_UP, Decimal

from aqb.audit.selectors import audit_chain_verify
from aqb.funding.models import Notice, ProofStatus
from aqb.funding.tests.test_api import call

BASE = "/api/v1/funding"


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json()


def test_application_to_settled_refund(year, projects, region_user, authority_user):
    app = ok(call(region_user, "post", f"{BASE}/applications", {
        "year": 2025, "region": "06635", "lines": [
            {"project": projects[0].pk, "costs": "100000.00", "own_funds": "20000.00",
             "third_party": "0.00", "requested": "80000.00"}]}), 201)
    assert ok(call(region_user, "post", f"{BASE}/applications/{app['id']}/submit"))[
        "status"] == "submitted"
    # the region may not take the authority's steps
    r = call(region_user, "post", f"{BASE}/applications/{app['id']}/steps", {"action": "review"})
    assert r.status_code == 403
    for action in ("review", "sign_content", "sign_arithmetic", "ready"):
        ok(call(authority_user, "post", f"{BASE}/applications/{app['id']}/steps",
                {"action": action}))
    rows = ok(call(region_user, "get", f"{BASE}/applications?year=2025"))
    assert [(r["id"], r["region"], r["status"]) for r in rows] == [(app["id"], "06635",
                                                                     "ready")]

    notice = ok(call(authority_user, "post", f"{BASE}/applications/{app['id']}/notice", {
        "date": "2025-04-15", "financing": "anteil", "share_percent": "80.00",
        "eligible_costs": "100000.00", "amount": "80000.00"}), 201)
    assert notice["amount"] == "80000.00" and notice["number"]

    r = call(region_user, "post", f"{BASE}/notices/{notice['id']}/payment-requests", {
        "date": "2025-05-02", "amount": "90000.00", "needed_by": "2025-06-15",
        "reason": "zu viel"})
    assert r.status_code == 422 and "übersteig" in r.json()["detail"]
    r = call(region_user, "post", f"{BASE}/notices/{notice['id']}/payment-requests", {
        "date": "2025-05-02", "amount": "50000.00", "needed_by": "2025-08-15",
        "reason": "zu früh"})
    assert r.status_code == 422 and "zwei Monate" in r.json()["detail"]
    pay = ok(call(region_user, "post", f"{BASE}/notices/{notice['id']}/payment-requests", {
        "date": "2025-05-02", "amount": "50000.00", "needed_by": "2025-06-15",
        "reason": "Personalkosten Mai und Juni"}), 201)
    ok(call(authority_user, "post", f"{BASE}/payment-requests/{pay['id']}/pay",
            {"date": "2025-05-10"}))
    pay2 = ok(call(region_user, "post", f"{BASE}/notices/{notice['id']}/payment-requests", {
        "date": "2025-08-01", "amount": "30000.00", "needed_by": "2025-09-01",
        "reason": "Restbetrag", "use_of_earlier": "Personalkosten gezahlt"}), 201)
    ok(call(authority_user, "post", f"{BASE}/payment-requests/{pay2['id']}/pay",
            {"date": "2025-08-05"}))

    proof = ok(call(region_user, "post", f"{BASE}/notices/{notice['id']}/proof", {
        "date": "2025-10-01", "costs": "90000.00", "own_funds": "20000.00",
        "third_party": "0.00", "report": "Alle Kurse fanden statt; einer kürzer."}), 201)
    settlement = ok(call(authority_user, "post", f"{BASE}/notices/{notice['id']}/settlement",
                         {"date": "2025-10-20", "effective": "2025-06-01"}), 201)
    # Anteil 80 % of 90 000 = 72 000 recognised; 80 000 paid: 8 000 back
    assert (settlement["recognised"], settlement["refund"]) == ("72000.00", "8000.00")
    assert Notice.objects.get().proofs.get(pk=proof["id"]).status == ProofStatus.REFUND

    refund = ok(call(region_user, "get",
                     f"{BASE}/refunds/{settlement['refund_id']}?until=2025-12-31"))
    assert refund["amount"] == "8000.00"
    # from 1.6.2025 (the notice ceased to have effect) to 31.12.2025, split where the base
    # rate changed on 1.7.2025: 30 days at 2,27 + 5 %, 184 days at 1,27 + 5 %, over 365
    assert [(p["start"], p["end"], p["days"], p["rate"]) for p in refund["periods"]] == [
        ("2025-06-01", "2025-06-30", 30, "7.27"), ("2025-07-01", "2025-12-31", 184, "6.27")]
    exact = Decimal("8000") * (Decimal("7.27") * 30 + Decimal("6.27") * 184) / 100 / 365
    assert Decimal(refund["interest"]) == exact.quantize(Decimal("0.01"), ROUND_HALF_UP)

    figures = ok(call(region_user, "get", f"{BASE}/notices/{notice['id']}"))
    assert (figures["granted"], figures["paid"], figures["recognised"]) == (
        "80000.00", "80000.00", "72000.00")
    assert audit_chain_verify() > 10
