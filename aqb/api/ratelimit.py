"""Rate limit of the public API per client, shared by every worker process (docs/api.md,
"Öffentliche Daten").

A fixed window of one minute: each request adds one to the row (client, minute) by a single
atomic upsert (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`, SQLite 3.35+ and PostgreSQL),
so several gunicorn workers count together without a lock. More than
`AQB_PUBLIC_API_RATE` requests in the minute are answered 429 with Retry-After (the seconds
to the next minute). The client is its address (`aqb.accounts.backends.client_ip`:
REMOTE_ADDR, X-Forwarded-For only behind `AQB_TRUSTED_PROXIES`), stored as a keyed hash.
When a client opens a new window (its first request of a minute), windows older than the
previous minute are deleted: one indexed DELETE, usually of nothing.

If the counter cannot be written (database busy), the request is let through: the limit
protects the service, it must not take it down.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from aqb.accounts.backends import client_ip

from .models import RateWindow

log = logging.getLogger("aqb.api")


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    hits: int
    retry_after: int  # seconds until the window ends


def client_key(request) -> str:
    address = client_ip(request) or "unbekannt"
    return hmac.new(settings.SECRET_KEY.encode(), b"aqb-public-api:" + address.encode(),
                    hashlib.sha256).hexdigest()[:32]


def _count(client: str, minute: int) -> int:
    table = connection.ops.quote_name(RateWindow._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client, minute, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (client, minute) DO UPDATE SET hits = {table}.hits + 1 "
            f"RETURNING hits", [client, minute])
        hits = cursor.fetchone()[0]
        if hits == 1:  # a new window of this client: drop the windows nobody needs any more
            RateWindow.objects.filter(minute__lt=minute - 1).delete()
    return hits


def rate_check(request, *, now: float | None = None) -> Verdict:
    """Count this request for its client; allowed while within the limit of the minute."""
    limit = int(getattr(settings, "AQB_PUBLIC_API_RATE", 120))
    now = time.time() if now is None else now
    minute = int(now // 60)
    retry_after = max(1, 60 - int(now % 60))
    if limit <= 0:
        return Verdict(True, 0, 0, retry_after)
    try:
        hits = _count(client_key(request), minute)
    except DatabaseError:
        log.warning("Zähler der öffentlichen Schnittstelle nicht schreibbar; Anfrage "
                    "zugelassen.", exc_info=True)
        return Verdict(True, limit, 0, retry_after)
    return Verdict(hits <= limit, limit, hits, retry_after)
