"""Demo data of passing money on (Weiterleitung): Waldeck-Frankenberg passes part of its 2025
grant to the demo provider for its first project; the provider's interim report waits for
the region's check. Every step through the audited services, rows marked `is_demo`.
Idempotent: a notice with a pass-on is left alone (docs/funding.md, "Weiterleitung an
Träger")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aqb.accounts.models import Provider
from aqb.accounts.policy import SYSTEM
from aqb.funding import passon as po
from aqb.funding.models import Notice, PassOn
from aqb.projects.services import project_assign_provider

PROVIDER = "Demo-Bildungsträger gGmbH"


def load(*, region_actor=SYSTEM) -> None:
    notice = Notice.objects.filter(region__ags="06635", programme_year__year=2025,
                                   is_demo=True).first()
    provider = Provider.objects.filter(name=PROVIDER).first()
    if notice is None or provider is None or PassOn.objects.filter(notice=notice).exists():
        return
    line = notice.application.lines.select_related("project").first()
    if line is None:
        return
    project = project_assign_provider(actor=region_actor, project=line.project,
                                      provider=provider)
    amount = min(Decimal("40000"), line.requested)
    pass_on = po.passon_create(actor=region_actor, notice=notice, data=po.PassOnInput(
        project_id=project.pk, amount=amount, date=date(2025, 5, 2), basis="contract",
        reference="WV-2025-001 (Demo)", interim_report_due=date(2025, 7, 31),
        report_due=date(2026, 3, 31)))
    report = po.expense_report_create(actor=SYSTEM, pass_on=pass_on, kind="interim",
                                      period_start=date(2025, 1, 1),
                                      period_end=date(2025, 6, 30))
    for day, payee, purpose, value, voucher in (
            (date(2025, 5, 30), "Dozentin (Demo)", "Honorar Bewerbungstraining Mai",
             Decimal("2400.00"), "D-2025-014"),
            (date(2025, 6, 16), "Bürobedarf Korbach (Demo)", "Lehrmaterial",
             Decimal("312.45"), "D-2025-021")):
        po.expense_line_add(actor=SYSTEM, report=report, line=po.LineInput(
            date=day, payee=payee, purpose=purpose, amount=value, voucher=voucher))
    po.expense_report_submit(actor=SYSTEM, report=report)
