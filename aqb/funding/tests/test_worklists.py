"""The work lists (issue 9, item 7) at service level. Payment requests, proofs and refunds are
made directly (ORM): their services are built in parallel. Dates are passed explicitly."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from aqb.funding import models as fm
from aqb.funding import services as fs
from aqb.funding import worklists as wl
from aqb.regions.models import Region

FINAL_DUE = date(2026, 6, 30)  # the `notice` fixture's final proof (30 June after the period)


def foreign_notice(year, *, final_due=FINAL_DUE) -> fm.Notice:
    """A granted notice of Wissenschaftsstadt Darmstadt (06411), made directly."""
    region = Region.objects.get(ags="06411")
    app = fm.Application.objects.create(region=region, programme_year=year,
                                        status=fm.Status.GRANTED)
    notice = fm.Notice.objects.create(application=app, region=region, programme_year=year,
                                      number="RPKS-57-AQB-2025-06411")
    fm.NoticeVersion.objects.create(
        notice=notice, version=1, date=date(2025, 4, 15), purpose="Zweck",
        financing="vollfinanzierung", eligible_costs=Decimal("50000"), amount=Decimal("50000"),
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
        final_proof_due=final_due, legal_remedy="Widerspruch")
    return notice


def payment(notice, number=1, *, needed_by, status=fm.PaymentStatus.REQUESTED,
            amount=Decimal("10000")) -> fm.PaymentRequest:
    return fm.PaymentRequest.objects.create(
        notice=notice, number=number, date=date(2025, 5, 2), amount=amount,
        needed_by=needed_by, reason="Personalkosten", status=status)


def proof(notice, kind=fm.ProofKind.FINAL, *, status=fm.ProofStatus.SUBMITTED,
          day=date(2026, 6, 1)) -> fm.Proof:
    return fm.Proof.objects.create(notice=notice, kind=kind, date=day, report="Bericht",
                                   costs=Decimal("70000"), status=status)


def refund(notice, *, due_on, amount=Decimal("5000"), number=None, **extra) -> fm.Refund:
    pr = proof(notice, status=fm.ProofStatus.REFUND)
    settlement = fm.Settlement.objects.create(
        notice=notice, proof=pr, date=date(2026, 8, 1), recognised=Decimal("1"),
        paid=Decimal("1"), refund_amount=amount)
    return fm.Refund.objects.create(
        settlement=settlement, notice=notice, number=number or f"ERST-{notice.region.ags}",
        date=date(2026, 8, 1), amount=amount, interest_from=date(2026, 1, 1), due_on=due_on,
        **extra)


def rows(sections, key):
    return next(s for s in sections if s.key == key).rows


@pytest.mark.parametrize(("due", "text"), [
    (date(2026, 6, 25), "fällig in 5 Tagen"), (date(2026, 6, 21), "morgen fällig"),
    (date(2026, 6, 20), "heute fällig"), (date(2026, 6, 19), "überfällig seit 1 Tag"),
    (date(2026, 6, 17), "überfällig seit 3 Tagen"), (None, "")])
def test_due_state_reads_as_german(due, text):
    assert wl.due_state(due, date(2026, 6, 20)) == text


def test_the_authority_sees_every_kind_of_task_sorted_by_urgency(notice, year, authority_user):
    other = foreign_notice(year, final_due=date(2026, 6, 10))
    payment(notice, needed_by=date(2026, 6, 25))
    payment(other, needed_by=date(2026, 6, 18), status=fm.PaymentStatus.RELEASED)
    payment(other, 2, needed_by=date(2026, 6, 1), status=fm.PaymentStatus.PAID)
    r = refund(other, due_on=date(2026, 6, 15))
    fm.RefundPayment.objects.create(refund=r, date=date(2026, 6, 1), amount=Decimal("1250.50"))
    today = date(2026, 6, 20)

    lists = wl.authority_worklist(user=authority_user, today=today)

    assert [s.key for s in lists] == ["antraege", "mittelabrufe", "nachweise-faellig",
                                      "nachweise-pruefung", "erstattungen"]
    pays = rows(lists, "mittelabrufe")
    assert [(p.region.ags, p.state, p.status) for p in pays] == [
        ("06411", "überfällig seit 2 Tagen", "angewiesen"),
        ("06635", "fällig in 5 Tagen", "beantragt")]  # the paid one is done
    due = rows(lists, "nachweise-faellig")
    # 06411 has a final proof row of its refund, so only Waldeck-Frankenberg's proof is due
    assert [(d.kind, d.region.ags, d.due, d.state) for d in due] == [
        ("Verwendungsnachweis", "06635", FINAL_DUE, "fällig in 10 Tagen")]
    # the notice's page once it exists, the application's until then (worklists.link_for)
    assert due[0].url.startswith("/foerderung/")
    refunds = rows(lists, "erstattungen")
    assert [(x.subject, x.amount, x.state, x.overdue) for x in refunds] == [
        ("Erstattungsbescheid ERST-06411", Decimal("3749.50"), "überfällig seit 5 Tagen", True)]
    assert rows(lists, "nachweise-pruefung") == []  # the refund's proof is reviewed already


def test_proofs_fall_due_within_the_horizon_and_leave_when_submitted(notice, authority_user):
    assert wl.proofs_due(user=authority_user, today=date(2026, 5, 1)) == []  # 60 days ahead
    assert len(wl.proofs_due(user=authority_user, today=date(2026, 5, 1), horizon=60)) == 1
    late = wl.proofs_due(user=authority_user, today=date(2026, 7, 3))
    assert [r.state for r in late] == ["überfällig seit 3 Tagen"]
    submitted = proof(notice, day=date(2026, 7, 2))
    assert wl.proofs_due(user=authority_user, today=date(2026, 7, 3)) == []
    waiting = wl.proofs_to_review(user=authority_user, today=date(2026, 7, 3))
    assert [(r.subject, r.state, r.obj) for r in waiting] == [
        (f"Verwendungsnachweis zu {notice.number} vom 02.07.2026", "wartet seit 1 Tag",
         submitted)]


def test_a_final_proof_settles_the_interim_one(notice, authority_user):
    notice.versions.update(interim_proof_due=date(2025, 9, 30))
    late = wl.proofs_due(user=authority_user, today=date(2025, 10, 2))
    assert [(r.kind, r.state) for r in late] == [("Zwischennachweis", "überfällig seit 2 Tagen")]
    proof(notice, day=date(2025, 10, 1))
    assert wl.proofs_due(user=authority_user, today=date(2025, 10, 2)) == []


def test_only_the_current_version_of_an_active_notice_counts(notice, authority_user):
    v1 = notice.current
    v1.is_current = False
    v1.save()
    v2 = fm.NoticeVersion.objects.get(pk=v1.pk)
    v2.pk, v2.version, v2.is_current = None, 2, True
    v2.final_proof_due = date(2026, 9, 30)
    v2.save()
    assert [r.due for r in wl.proofs_due(user=authority_user, today=date(2026, 9, 1))] == [
        date(2026, 9, 30)]
    fm.Notice.objects.filter(pk=notice.pk).update(status=fm.NoticeStatus.SETTLED)
    assert wl.proofs_due(user=authority_user, today=date(2026, 10, 1)) == []


def test_deferred_refunds_fall_due_at_the_end_of_the_deferral(notice, authority_user):
    refund(notice, due_on=date(2026, 9, 1), status=fm.RefundStatus.DEFERRED,
           deferred_until=date(2026, 12, 31))
    [row] = wl.refunds_open(user=authority_user, today=date(2026, 10, 1))
    assert (row.due, row.state, row.status) == (date(2026, 12, 31), "fällig in 91 Tagen",
                                                "gestundet")
    fm.Refund.objects.update(status=fm.RefundStatus.PAID)
    assert wl.refunds_open(user=authority_user, today=date(2026, 10, 1)) == []


def test_applications_in_review_show_which_sign_off_is_missing(ready_application,
                                                                authority_user):
    fm.Application.objects.filter(pk=ready_application.pk).update(
        status=fm.Status.IN_REVIEW, arithmetic_signed_at=None)
    [row] = wl.applications_to_review(user=authority_user, today=date(2025, 3, 11))
    assert row.status == "in Prüfung (inhaltlich abgezeichnet, rechnerisch offen)"


def test_the_review_queue_comes_from_the_existing_selector(ready_application, authority_user):
    fm.Application.objects.filter(pk=ready_application.pk).update(
        submitted_at=timezone.make_aware(datetime(2025, 3, 1, 10)))
    [row] = wl.applications_to_review(user=authority_user, today=date(2025, 3, 11))
    assert (row.kind, row.status, row.state, row.url) == (
        "Förderantrag", "bewilligungsreif", "wartet seit 10 Tagen",
        f"/foerderung/antraege/{ready_application.pk}/")


def test_a_region_sees_its_own_deadlines_missing_documents_and_refunds(
        notice, year, region_user, projects):
    region = notice.region
    other = foreign_notice(year, final_due=date(2026, 6, 10))
    payment(notice, needed_by=date(2026, 6, 25))
    payment(other, needed_by=date(2026, 6, 18))
    refund(other, due_on=date(2026, 6, 15))
    today = date(2026, 6, 20)

    lists = wl.region_worklist(user=region_user, region=region, today=today)

    assert [s.key for s in lists] == ["fristen", "fehlende-unterlagen", "traegerberichte",
                                       "erstattungen"]
    assert [(r.kind, r.state) for r in rows(lists, "fristen")] == [
        ("Mittelabruf", "fällig in 5 Tagen"), ("Verwendungsnachweis", "fällig in 10 Tagen")]
    assert rows(lists, "fehlende-unterlagen") == []
    assert rows(lists, "erstattungen") == []
    assert all(r.region == region for s in lists for r in s.rows)
    # the foreign region's list is empty for this user, whatever region is asked for
    assert wl.region_worklist(user=region_user, region=other.region, today=today) == []
    assert wl.refunds_open(user=region_user, today=today) == []

    later = wl.region_worklist(user=region_user, region=region, today=date(2026, 7, 2))
    assert [(r.kind, r.state) for r in rows(later, "fehlende-unterlagen")] == [
        ("Verwendungsnachweis", "überfällig seit 2 Tagen")]
    assert [r.kind for r in rows(later, "fristen")] == ["Mittelabruf"]


def test_a_region_is_asked_for_answers_and_for_drafts_before_the_deadline(
        year, region_user, authority_user, projects):
    region = Region.objects.get(ags="06635")
    year.application_deadline = date(2025, 3, 31)
    year.save()
    app = fs.application_create(actor=region_user, region=region, programme_year=year)
    missing = wl.region_missing(user=region_user, region=region, today=date(2025, 3, 26))
    assert [(r.subject, r.due, r.state) for r in missing] == [
        ("Förderantrag 2025 einreichen", date(2025, 3, 31), "fällig in 5 Tagen")]
    fs.application_set_plan(actor=region_user, application=app, lines=[
        fs.LineInput(project_id=projects[0].pk, personnel_costs=Decimal("1000"))])
    fs.application_submit(actor=region_user, application=app)
    fs.application_start_review(actor=authority_user, application=app)
    fs.application_query(actor=authority_user, application=app, question="Wer zahlt?")
    [row] = wl.region_missing(user=region_user, region=region, today=date(2025, 3, 26))
    assert (row.kind, row.status, row.url) == (
        "Nachforderung", "Nachforderung", f"/foerderung/antraege/{app.pk}/")


def test_a_proof_under_query_waits_for_the_regions_answer(notice, region_user):
    p = proof(notice, status=fm.ProofStatus.QUERY, day=date(2026, 6, 1))
    [row] = wl.region_missing(user=region_user, region=notice.region, today=date(2026, 6, 11))
    assert (row.kind, row.state, row.obj) == ("Rückfrage zum Nachweis", "wartet seit 10 Tagen",
                                              p)


def test_a_provider_and_a_foreign_region_see_nothing(notice, year, provider_user,
                                                     foreign_region_user):
    payment(notice, needed_by=date(2026, 6, 25))
    refund(notice, due_on=date(2026, 6, 15))
    today = date(2026, 7, 20)
    for user in (provider_user, foreign_region_user):
        assert wl.authority_worklist(user=user, today=today) == []
        assert wl.region_worklist(user=user, region=notice.region, today=today) == []
        assert wl.proofs_due(user=user, today=today) == []
        assert wl.refunds_open(user=user, today=today) == []
        assert wl.region_deadlines(user=user, today=today) == []
        assert wl.region_missing(user=user, today=today) == []


def test_urgent_counts_overdue_and_soon_due_rows(notice, authority_user):
    payment(notice, needed_by=date(2026, 6, 25))
    payment(notice, 2, needed_by=date(2026, 8, 25))
    lists = wl.authority_worklist(user=authority_user, today=date(2026, 6, 20))
    assert sum(s.count for s in lists) == 3  # two payments and the final proof
    assert wl.urgent_count(lists, date(2026, 6, 20)) == 1
