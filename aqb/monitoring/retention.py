"""Retention: participant records are deleted after the period the ministry sets
(`MonitoringSettings.retention_years`, default five years after the end of the calendar year of
the final payment); the figures (`Tally`) stay as they are.

Final payment of a region's programme year (decided in docs/monitoring.md, "Aufbewahrung"):
the region's grant notice(s) of that year (`aqb.funding`) must be settled (a `Settlement`
exists for every notice of the region and year); the final payment is then the later of the
settlement's date and the last paid payment request (`paid_on` of a request with status
"ausgezahlt"). Its calendar year is the year of final payment. Without a settled notice there
is no final payment yet, and nothing is deleted (a refund still open does not postpone it: the
money has been paid out and settled).

The records of (region, programme year) are due when today lies after the end of
(year of final payment + retention years), i.e. from 1 January of year + N + 1.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.db.models import Count, Max

from aqb.accounts import policy
from aqb.audit.services import audit_record

from .models import MonitoringSettings, Participant


def settings_current() -> MonitoringSettings:
    """The ministry's settings (defaults where none were saved; reading writes nothing)."""
    return MonitoringSettings.objects.filter(pk=1).first() or MonitoringSettings(pk=1)


def monitoring_settings_save(*, actor, retention_years: int) -> MonitoringSettings:
    """The ministry sets the retention period (audited "monitoring.settings")."""
    policy.require_ministry(actor, "die Aufbewahrung der Teilnehmendendaten festlegen")
    with transaction.atomic():
        current = MonitoringSettings.objects.select_for_update().filter(pk=1).first() \
            or MonitoringSettings(pk=1)
        before = current.retention_years if current.pk and current.updated_at else None
        current.retention_years = retention_years
        current.full_clean()
        current.save()
        audit_record(actor=actor, action="monitoring.settings", obj=current,
                     object_repr="Einstellungen des Monitorings",
                     changes={"Aufbewahrung (Jahre)": {"before": before,
                                                       "after": retention_years}})
    return current


def final_payment_years_unscoped() -> dict[tuple[int, int], int]:
    """(region id, programme year) -> calendar year of the final payment, only where every
    grant notice of that region and year is settled."""
    from aqb.funding.models import Notice, PaymentStatus

    notices = (Notice.objects.values("region_id", "programme_year__year")
               .annotate(n=Count("id", distinct=True),
                         settled=Count("settlement", distinct=True),
                         settled_on=Max("settlement__date")))
    paid = {(r["region_id"], r["programme_year__year"]): r["last"] for r in
            Notice.objects.filter(payment_requests__status=PaymentStatus.PAID)
            .values("region_id", "programme_year__year")
            .annotate(last=Max("payment_requests__paid_on"))}
    years = {}
    for row in notices:
        if not row["n"] or row["settled"] < row["n"] or row["settled_on"] is None:
            continue
        key = (row["region_id"], row["programme_year__year"])
        last = max(d for d in (row["settled_on"], paid.get(key)) if d is not None)
        years[key] = last.year
    return years


@dataclasses.dataclass
class RetentionReport:
    retention_years: int
    day: datetime.date
    deleted: int = 0
    groups: list[dict] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self) | {"day": self.day.isoformat()}

    def text(self) -> str:
        if not self.deleted:
            return "Keine Datensätze zu löschen."
        lines = [f"{g['records']} Datensätze: {g['project']} ({g['region']}), Programmjahr "
                 f"{g['year']}, Schlusszahlung {g['final_payment_year']}" for g in self.groups]
        return (f"{self.deleted} Datensätze nach {self.retention_years} Jahren Aufbewahrung "
                "gelöscht (die Auswertungen bleiben unverändert):\n" + "\n".join(lines))


def retention_due_unscoped(*, day: datetime.date, years: int) -> dict[tuple[int, int], int]:
    """(region id, programme year) whose records are due for deletion on `day`."""
    return {key: final for key, final in final_payment_years_unscoped().items()
            if day.year > final + years}


def retention_run(*, day: datetime.date | None = None, actor=policy.SYSTEM) -> RetentionReport:
    """Delete the records whose retention period has ended; the counts (`Tally`) stay
    unchanged (never rebuilt here). One audit entry per project and programme year (counts
    only); the report says what was deleted."""
    from aqb.projects.models import Project
    from aqb.regions.models import Region

    day = day or datetime.date.today()
    years = settings_current().retention_years
    report = RetentionReport(retention_years=years, day=day)
    due = retention_due_unscoped(day=day, years=years)
    if not due:
        return report
    regions = Region.objects.in_bulk({r for r, _ in due})
    for (region_id, year), final in sorted(due.items()):
        groups = (Participant.objects.filter(project__region_id=region_id, year=year)
                  .values("project").annotate(n=Count("id")).order_by("project"))
        for group in groups:
            project = Project.objects.get(pk=group["project"])
            with transaction.atomic():
                deleted, _ = Participant.objects.filter(project=project, year=year).delete()
                audit_record(actor=actor, action="monitoring.retention", obj=project,
                             changes={"Programmjahr": {"before": None, "after": year},
                                      "Jahr der Schlusszahlung": {"before": None,
                                                                  "after": final},
                                      "Gelöschte Datensätze": {"before": None,
                                                               "after": deleted}})
            report.deleted += deleted
            report.groups.append({"region": regions[region_id].ags, "year": year,
                                  "project": project.label, "records": deleted,
                                  "final_payment_year": final})
    return report
