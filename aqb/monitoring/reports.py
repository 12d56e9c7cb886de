"""Telling the ministry what the retention run deleted (notification registry)."""

from __future__ import annotations

from aqb.notifications import registry
from aqb.notifications.services import notify

RETENTION = registry.kind_register(registry.Kind(
    "monitoring_retention", "Löschung von Teilnehmendendaten",
    "Bericht, welche Datensätze nach Ablauf der Aufbewahrung gelöscht wurden."))


def retention_report_send(report) -> int:
    """One notification per ministry user when something was deleted; returns how many."""
    if not report.deleted:
        return 0
    from aqb.accounts.models import Role, User

    sent = 0
    for user in User.objects.filter(memberships__role=Role.MINISTRY, is_active=True).distinct():
        if notify(user=user, kind=RETENTION.key,
                  title=f"{report.deleted} Teilnehmenden-Datensätze nach Ablauf der "
                        "Aufbewahrung gelöscht",
                  body=report.text(), url="/teilnehmende/zugriffe/",
                  key=f"monitoring-retention-{report.day.isoformat()}"):
            sent += 1
    return sent
