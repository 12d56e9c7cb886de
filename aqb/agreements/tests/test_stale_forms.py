"""The edit forms of a draft carry its fingerprint: a form loaded before someone else saved
is refused with a German message to reload (no lost update); runs on SQLite and PostgreSQL.
The simultaneous case is in test_agreement_concurrency.py (PostgreSQL)."""

from decimal import Decimal

from aqb.agreements import services as ag
from tests.concurrency import RELOAD, form_revision


def test_a_budget_form_loaded_before_another_save_is_refused(client, wf_draft, ministry_user):
    client.force_login(ministry_user)
    url = f"/zielvereinbarungen/{wf_draft.pk}/haushaltsmittel/"
    old = form_revision(client.get(url).content.decode())
    # meanwhile a colleague saves another amount
    ag.agreement_set_budgets(actor=ministry_user, agreement=wf_draft,
                             lines=[("Ausbildungs- und Qualifizierungsbudget",
                                     Decimal("700000"))])
    stale = client.post(url, {"revision": old, "name_0": "Ausbildungs- und "
                              "Qualifizierungsbudget", "amount_0": "650.000,00"})
    assert stale.status_code == 400
    body = stale.content.decode()
    assert "inzwischen von jemand anderem geändert" in body and RELOAD in body
    assert [b.amount for b in wf_draft.budget_lines.all()] == [Decimal("700000")]
    fresh = form_revision(client.get(url).content.decode())
    ok = client.post(url, {"revision": fresh, "name_0": "Ausbildungs- und "
                           "Qualifizierungsbudget", "amount_0": "650.000,00"})
    assert ok.status_code == 302
    assert [b.amount for b in wf_draft.budget_lines.all()] == [Decimal("650000")]


def test_a_targets_form_loaded_before_another_save_is_refused(client, wf_draft, ministry_user):
    entry = ag.agreement_add_project(actor=ministry_user, agreement=wf_draft, measure_number=1,
                                     name="Ausbildung plus", planned_participants=20)
    client.force_login(ministry_user)
    url = f"/zielvereinbarungen/{wf_draft.pk}/ziele/"
    old = form_revision(client.get(url).content.decode())
    ag.agreement_set_targets(actor=ministry_user, agreement=wf_draft, targets={
        entry.pk: {"planned_participants": 25, "planned_amount": None,
                   "outcome_target": None}})
    stale = client.post(url, {"revision": old, f"planned_participants_{entry.pk}": "30"})
    assert stale.status_code == 400 and RELOAD in stale.content.decode()
    entry.refresh_from_db()
    assert entry.planned_participants == 25


def test_a_second_signature_of_the_same_party_asks_to_reload(client, wf_draft, ministry_user):
    from datetime import date

    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    client.force_login(ministry_user)
    url = f"/zielvereinbarungen/{wf_draft.pk}/unterschrift/ministerium/"
    assert client.get(url).status_code == 200
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="Heike Hofmann",
                      title="Staatsministerin")
    late = client.post(url, {"place": "Wiesbaden", "day": "02.08.2025", "name": "Jemand",
                             "title": "Staatssekretär", "confirm": "on"})
    assert late.status_code == 400
    body = late.content.decode()
    assert "bereits erfasst" in body and "Heike Hofmann" in body and RELOAD in body
