from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from aqb.audit.models import AuditEntry
from aqb.funding.models import Notice, Status
from aqb.funding.notices import NoticeInput, notice_issue


def test_issue_grants_the_application_and_keeps_version_one(notice):
    v = notice.current
    assert v.version == 1 and v.amount == Decimal("80000.00")
    assert v.eligible_costs == Decimal("100000.00") and v.share_percent == Decimal("80.00")
    assert notice.application.status == Status.GRANTED
    assert notice.number == "RPKS-57-AQB-2025-06635"
    assert [(c.year, c.amount) for c in v.cash.all()] == [(2025, Decimal("80000.00"))]
    assert v.final_proof_due == date(2026, 6, 30)
    assert AuditEntry.objects.filter(action="notice.issue").count() == 1


def test_more_than_the_allocation_is_refused(ready_application, authority_user):
    with pytest.raises(ValidationError, match="aktuelle Zuweisung"):
        notice_issue(actor=authority_user, application=ready_application, data=NoticeInput(
            date=date(2025, 4, 15), amount=Decimal("600000"), eligible_costs=Decimal("700000"),
            financing="festbetrag"))
    assert not Notice.objects.exists()


def test_region_cannot_issue(ready_application, region_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notice_issue(actor=region_user, application=ready_application,
                     data=NoticeInput(date=date(2025, 4, 15)))


def test_a_bad_cash_figure_gets_the_german_message(ready_application, authority_user):
    with pytest.raises(ValidationError, match="Kassenmittel 2025.*nicht negativ"):
        notice_issue(actor=authority_user, application=ready_application, data=NoticeInput(
            date=date(2025, 4, 15), cash={2025: Decimal("-1")}))
    assert not Notice.objects.exists()
