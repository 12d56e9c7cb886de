"""Legal force (Bestandskraft) of a notice: three days to notification, one month to object,
the end moved past weekends and Hessian holidays, final the day after."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.funding.legal_force import (
    deemed_notified,
    easter_sunday,
    legal_force_date,
    objection_period_end,
)
from aqb.funding.notices import notice_record_legal_force, notice_waive_appeal


@pytest.mark.parametrize(("year", "easter"), [(2024, date(2024, 3, 31)),
                                              (2025, date(2025, 4, 20)),
                                              (2026, date(2026, 4, 5))])
def test_easter(year, easter):
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(("posted", "final"), [
    # notified Fri 18 Apr 2025 (Good Friday counts: the fiction is not moved); the month
    # ends Sun 18 May, moved to Mon 19 May; final on 20 May
    (date(2025, 4, 15), date(2025, 5, 20)),
    # notified 31 Jan 2025: February has no 31st, the month ends Fri 28 Feb
    (date(2025, 1, 28), date(2025, 3, 1)),
    # leap year: ends Thu 29 Feb 2024
    (date(2024, 1, 28), date(2024, 3, 1)),
    # ends on 3 Oct 2025 (Tag der Deutschen Einheit, a Friday) → Mon 6 Oct
    (date(2025, 8, 31), date(2025, 10, 7)),
    # ends on 1 Jan 2026 (Neujahr, a Thursday) → Fri 2 Jan
    (date(2025, 11, 28), date(2026, 1, 3)),
    # ends on Corpus Christi 4 Jun 2026 (a Hessian holiday) → Fri 5 Jun
    (date(2026, 5, 1), date(2026, 6, 6)),
])
def test_legal_force_date(posted, final):
    assert legal_force_date(posted) == final


def test_period_parts():
    assert deemed_notified(date(2025, 4, 15)) == date(2025, 4, 18)
    assert objection_period_end(date(2025, 4, 18)) == date(2025, 5, 19)


def test_authority_records_the_computed_day(notice, authority_user):
    version = notice_record_legal_force(actor=authority_user, notice=notice)
    assert version.legal_force_on == date(2025, 5, 20)
    assert AuditEntry.objects.filter(action="notice.legal_force").count() == 1
    with pytest.raises(ValidationError, match="bestandskräftig"):
        notice_record_legal_force(actor=authority_user, notice=notice)


def test_an_earlier_day_is_refused_without_waiver(notice, authority_user):
    with pytest.raises(ValidationError, match="Widerspruchsfrist endet erst am 19.05.2025"):
        notice_record_legal_force(actor=authority_user, notice=notice, day=date(2025, 5, 1))
    notice.refresh_from_db()
    assert notice.current.legal_force_on is None


def test_region_waives_appeal(notice, region_user, authority_user):
    with pytest.raises(PermissionDenied):
        notice_waive_appeal(actor=authority_user, notice=notice, day=date(2025, 4, 20))
    with pytest.raises(ValidationError, match="vor dem Datum"):
        notice_waive_appeal(actor=region_user, notice=notice, day=date(2025, 4, 1))
    version = notice_waive_appeal(actor=region_user, notice=notice, day=date(2025, 4, 22))
    assert version.appeal_waived_on == version.legal_force_on == date(2025, 4, 22)
    assert AuditEntry.objects.filter(action="notice.waive_appeal").count() == 1
