"""Payment requests (Mittelabruf): the region requests within the grant and within two months,
the authority releases, refuses and pays; every step audited, wrong steps refused in German."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.funding import payments as fp
from aqb.funding.models import NoticeStatus, PaymentStatus

D = date(2025, 5, 2)


def request(notice, user, amount="50000", needed_by=date(2025, 6, 15), day=D, **kw):
    return fp.payment_request(actor=user, notice=notice, date=day, amount=Decimal(amount),
                              needed_by=needed_by, reason=kw.pop("reason", "Personalkosten"),
                              **kw)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 5, 2), 2, date(2025, 7, 2)),
    (date(2025, 12, 31), 2, date(2026, 2, 28)),
    (date(2023, 12, 31), 2, date(2024, 2, 29)),
    (date(2025, 4, 30), 2, date(2025, 6, 30)),
    (date(2025, 8, 31), 1, date(2025, 9, 30)),
    (date(2025, 11, 15), 2, date(2026, 1, 15)),
    (date(2025, 1, 31), 12, date(2026, 1, 31)),
])
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months, expected):
    assert fp.add_months(day, months) == expected


def test_the_region_requests_and_numbers_count_up(notice, region_user):
    first = request(notice, region_user)
    second = request(notice, region_user, amount="10000.005", needed_by=date(2025, 7, 2))
    assert (first.number, second.number) == (1, 2)
    assert second.amount == Decimal("10000.01")  # half up to the cent
    assert first.status == PaymentStatus.REQUESTED and first.created_by == region_user
    entry = AuditEntry.objects.filter(action="payment.request").last()
    assert entry.object_id == str(second.pk)


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"needed_by": date(2025, 7, 3)}, "spätestens für den 2. Juli 2025"),
    ({"needed_by": date(2025, 5, 1)}, "liegt vor dem Datum des Mittelabrufs"),
    ({"amount": "0"}, "größer als 0"),
    ({"amount": "-5"}, "nicht negativ"),
    ({"amount": "1000000000.01"}, "zu hoch"),
    ({"amount": "80000.01"}, "übersteigt die bewilligten Mittel"),
    ({"reason": "  "}, "begründen"),
])
def test_refusals_are_german_and_save_nothing(notice, region_user, kwargs, words):
    with pytest.raises(ValidationError) as exc:
        request(notice, region_user, **kwargs)
    assert words in " ".join(exc.value.messages)
    assert not notice.payment_requests.exists()


def test_counting_requests_may_not_exceed_the_grant(notice, region_user, authority_user):
    a = request(notice, region_user, amount="50000")
    with pytest.raises(ValidationError) as exc:
        request(notice, region_user, amount="30000.01")
    assert "noch verfügbar 30.000,00" in " ".join(exc.value.messages)
    fp.payment_refuse(actor=authority_user, payment=a, reason="Bedarf nicht belegt")
    # a refused request no longer counts
    b = request(notice, region_user, amount="80000")
    fp.payment_withdraw(actor=region_user, payment=b)
    assert request(notice, region_user, amount="80000").number == 3


def test_a_settled_notice_takes_no_request(notice, region_user):
    notice.status = NoticeStatus.SETTLED
    notice.save()
    with pytest.raises(ValidationError, match="abgerechnet"):
        request(notice, region_user)


def test_only_the_own_region_requests(notice, foreign_region_user, authority_user,
                                      provider_user):
    for user in (foreign_region_user, authority_user, provider_user):
        with pytest.raises(PermissionDenied):
            request(notice, user)


def test_the_authority_releases_and_pays(notice, region_user, authority_user):
    pr = request(notice, region_user)
    with pytest.raises(PermissionDenied):
        fp.payment_release(actor=region_user, payment=pr)
    with pytest.raises(ValidationError, match="nur im Status „angewiesen“"):
        fp.payment_mark_paid(actor=authority_user, payment=pr, paid_on=date(2025, 5, 10))
    fp.payment_release(actor=authority_user, payment=pr)
    pr.refresh_from_db()
    assert pr.status == PaymentStatus.RELEASED and pr.released_by == authority_user
    assert pr.released_at is not None
    with pytest.raises(ValidationError, match="kann nicht zurückgezogen"):
        fp.payment_withdraw(actor=region_user, payment=pr)
    with pytest.raises(ValidationError, match="vor dem Datum des Mittelabrufs"):
        fp.payment_mark_paid(actor=authority_user, payment=pr, paid_on=date(2025, 5, 1))
    fp.payment_mark_paid(actor=authority_user, payment=pr, paid_on=date(2025, 5, 10))
    pr.refresh_from_db()
    assert pr.status == PaymentStatus.PAID and pr.paid_on == date(2025, 5, 10)
    with pytest.raises(ValidationError, match="nur im Status „beantragt“"):
        fp.payment_refuse(actor=authority_user, payment=pr, reason="zu spät")
    actions = list(AuditEntry.objects.filter(object_id=str(pr.pk), action__startswith="payment")
                   .values_list("action", flat=True))
    assert actions == ["payment.request", "payment.release", "payment.pay"]


def test_refusal_needs_a_reason(notice, region_user, authority_user):
    pr = request(notice, region_user)
    with pytest.raises(ValidationError, match="begründen"):
        fp.payment_refuse(actor=authority_user, payment=pr, reason=" ")
    fp.payment_refuse(actor=authority_user, payment=pr, reason="Bedarf nicht belegt")
    pr.refresh_from_db()
    assert pr.status == PaymentStatus.REFUSED and pr.refusal_reason == "Bedarf nicht belegt"


def test_release_and_pay_in_one_step_keeps_the_request_on_a_bad_date(notice, region_user,
                                                                     authority_user):
    pr = request(notice, region_user)
    with pytest.raises(ValidationError):
        fp.payment_release_and_pay(actor=authority_user, payment=pr, paid_on=date(2025, 1, 1))
    pr.refresh_from_db()
    assert pr.status == PaymentStatus.REQUESTED
    fp.payment_release_and_pay(actor=authority_user, payment=pr, paid_on=D)
    pr.refresh_from_db()
    assert pr.status == PaymentStatus.PAID
