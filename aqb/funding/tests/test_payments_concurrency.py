"""Twenty simultaneous payment requests on PostgreSQL, each in its own thread and database
connection: the lock of the notice serves them one after the other, so together they never
overdraw the grant, the losers get the German message and the numbers stay unique.

SQLite serialises writers by locking the whole file, so the race cannot happen there; the
test runs on PostgreSQL (scripts/test.sh, second run) and is skipped on SQLite."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from aqb.funding import payments as fp
from aqb.funding.models import PAYMENT_COUNTING, PaymentRequest

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="nur auf PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 20


def test_twenty_simultaneous_requests_never_overdraw(notice, region_user):
    fp.payment_request(actor=region_user, notice=notice, date=date(2025, 5, 2),
                       amount=Decimal("15000"), needed_by=date(2025, 6, 1), reason="vorab")
    # 65 000 EUR are left: six requests of 10 000 EUR fit, fourteen do not
    start = threading.Barrier(THREADS)
    results: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            pr = fp.payment_request(actor=region_user, notice=notice, date=date(2025, 5, 2),
                                    amount=Decimal("10000"), needed_by=date(2025, 6, 15),
                                    reason="gleichzeitig")
            outcome: object = pr.number
        except ValidationError as exc:
            outcome = " ".join(exc.messages)
        except Exception as exc:  # noqa: BLE001 - any other error fails the test below
            outcome = exc
        finally:
            connection.close()  # each thread had its own connection
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    numbers = [r for r in results if isinstance(r, int)]
    refusals = [r for r in results if isinstance(r, str)]
    assert len(results) == THREADS and len(numbers) + len(refusals) == THREADS, results
    assert len(numbers) == 6
    assert all("übersteigt die bewilligten Mittel" in r for r in refusals)
    rows = PaymentRequest.objects.filter(notice=notice, status__in=PAYMENT_COUNTING)
    total = sum(rows.values_list("amount", flat=True))
    assert total == Decimal("75000") <= notice.current.amount
    assert sorted(rows.values_list("number", flat=True)) == list(range(1, 8))
    assert sorted(numbers) == list(range(2, 8))
