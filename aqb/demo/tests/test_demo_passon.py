"""The demo's pass-on: Waldeck-Frankenberg to the demo provider, an interim report waiting for
the region's check; a second load adds nothing."""

import pytest
from django.core.management import call_command

from aqb.funding.models import ExpenseReport, PassOn


@pytest.mark.django_db
def test_the_demo_passes_money_on_once_and_the_provider_has_a_report_to_check():
    call_command("demo_load")
    call_command("demo_load")
    row = PassOn.objects.get()
    assert row.is_demo and row.provider.name == "Demo-Bildungsträger gGmbH"
    assert row.project.provider == row.provider and row.notice.region.ags == "06635"
    report = ExpenseReport.objects.get()
    assert (report.is_demo, report.get_status_display(), report.lines.count()) == \
        (True, "eingereicht", 2)
