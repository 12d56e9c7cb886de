"""Helpers for the concurrency tests on PostgreSQL (docs/reliability.md, "Concurrency").

`race(*calls)` runs each call in its own thread, and so in its own database connection,
released together by a barrier; it returns one outcome per call in the order given: the
call's return value, the German text of a `ValidationError` (a `Refused`), or any other
exception (which the tests treat as a failure, e.g. an IntegrityError that would be a 500).

SQLite serialises writers by locking the whole file, so these races cannot happen there;
the tests are marked `ONLY_POSTGRES` and skipped on SQLite (scripts/test.sh runs them in
its PostgreSQL pass)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

ONLY_POSTGRES = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="nur auf PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: Generous bound for a thread to reach the barrier and to finish; never a timing assertion.
DEADLINE = 60


class Refused(str):
    """The German message of a refusal (a ValidationError's messages, joined)."""


def race(*calls: Callable[[], object]) -> list[object]:
    start = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            start.wait(timeout=DEADLINE)
            outcomes[i] = call()
        except ValidationError as exc:
            outcomes[i] = Refused(" ".join(exc.messages))
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            outcomes[i] = exc
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=DEADLINE)
        assert not t.is_alive(), "Ein Thread hängt (Sperre nicht freigegeben?)"
    return outcomes


def refusals(outcomes: list[object]) -> list[Refused]:
    return [o for o in outcomes if isinstance(o, Refused)]


def successes(outcomes: list[object]) -> list[object]:
    return [o for o in outcomes if not isinstance(o, Refused | Exception)]


def assert_no_errors(outcomes: list[object]) -> None:
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, f"unerwartete Fehler (wären ein 500): {errors!r}"


def assert_chain_valid() -> int:
    """The audit chain verifies end to end (like `aqb audit_verify`); returns its length."""
    from aqb.audit.selectors import audit_chain_verify

    return audit_chain_verify()


#: The words every stale-state refusal contains: the loser is asked to reload.
RELOAD = "Bitte laden Sie die Seite neu"


def form_revision(page: str) -> str:
    """The fingerprint an edit form carries (hidden field `revision`) in the page's HTML."""
    import re

    return re.search(r'name="revision" value="([0-9a-f]+)"', page).group(1)


def logged_in(user):
    """A test client of its own for `user`: two people with two browsers."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
