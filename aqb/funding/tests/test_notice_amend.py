"""Amendment notices: a new version each time, the earlier one kept; the amount stays between
what is already requested or paid and the current allocation; a reason is required."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit.models import AuditEntry
from aqb.funding import models as fm
from aqb.funding.notices import notice_amend, notice_input_from, version_diff


def _data(notice, **changes):
    data = notice_input_from(notice.current, day=date(2025, 9, 1))
    data.cash = {}
    for k, v in changes.items():
        setattr(data, k, v)
    return data


def test_amendment_keeps_the_earlier_version(notice, authority_user):
    v2 = notice_amend(actor=authority_user, notice=notice,
                      data=_data(notice, amount=Decimal("90000"), share_percent=Decimal("90")),
                      reason="Mehrbedarf")
    v1 = notice.versions.get(version=1)
    assert (v1.is_current, v1.amount) == (False, Decimal("80000.00"))
    assert (v2.version, v2.is_current, v2.amount, v2.reason) == (
        2, True, Decimal("90000.00"), "Mehrbedarf")
    assert notice.current == v2
    assert [(c.year, c.amount) for c in v2.cash.all()] == [(2025, Decimal("90000.00"))]
    changes = {c.field: (c.before, c.after) for c in version_diff(v1, v2)}
    assert changes["bewilligter Betrag"] == ("80.000,00\u00a0€", "90.000,00\u00a0€")
    assert changes["Anteil in Prozent"] == ("80,00 %", "90,00 %")
    assert changes["Kassenmittel 2025"] == ("80.000,00\u00a0€", "90.000,00\u00a0€")
    entry = AuditEntry.objects.get(action="notice.amend")
    assert entry.changes["amount"] == {"before": "80000.00", "after": "90000.00"}


def test_not_below_what_is_requested_or_paid(notice, authority_user):
    fm.PaymentRequest.objects.create(notice=notice, number=1, date=date(2025, 5, 2),
                                     amount=Decimal("50000"), needed_by=date(2025, 6, 1),
                                     reason="Abruf", status=fm.PaymentStatus.PAID)
    fm.PaymentRequest.objects.create(notice=notice, number=2, date=date(2025, 6, 2),
                                     amount=Decimal("20000"), needed_by=date(2025, 7, 1),
                                     reason="Abruf", status=fm.PaymentStatus.REFUSED)
    with pytest.raises(ValidationError, match="bereits abgerufenen oder ausgezahlten Mittel "
                                              "von 50.000,00"):
        notice_amend(actor=authority_user, notice=notice,
                     data=_data(notice, amount=Decimal("40000")), reason="Kürzung")
    v = notice_amend(actor=authority_user, notice=notice,
                     data=_data(notice, amount=Decimal("50000")), reason="Kürzung")
    assert v.amount == Decimal("50000.00")


def test_not_above_the_allocation(notice, authority_user):
    with pytest.raises(ValidationError, match="aktuelle Zuweisung"):
        notice_amend(actor=authority_user, notice=notice,
                     data=_data(notice, amount=Decimal("600000"), financing="festbetrag",
                                eligible_costs=Decimal("700000")), reason="Mehr")
    assert notice.versions.count() == 1 and notice.current.version == 1


def test_reason_is_required_and_a_change_needed(notice, authority_user, region_user):
    with pytest.raises(ValidationError, match="Grund der Änderung"):
        notice_amend(actor=authority_user, notice=notice,
                     data=_data(notice, amount=Decimal("70000")), reason=" ")
    with pytest.raises(ValidationError, match="ändert nichts"):
        notice_amend(actor=authority_user, notice=notice, data=_data(notice), reason="Nichts")
    with pytest.raises(PermissionDenied):
        notice_amend(actor=region_user, notice=notice,
                     data=_data(notice, amount=Decimal("70000")), reason="Selbst")
    assert notice.versions.count() == 1
    assert not AuditEntry.objects.filter(action="notice.amend").exists()


def test_settled_notice_cannot_be_amended(notice, authority_user):
    fm.Notice.objects.filter(pk=notice.pk).update(status=fm.NoticeStatus.SETTLED)
    with pytest.raises(ValidationError, match="abgerechnet"):
        notice_amend(actor=authority_user, notice=notice,
                     data=_data(notice, amount=Decimal("70000")), reason="Spät")
