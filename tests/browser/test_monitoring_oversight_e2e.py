"""The ministry's data-protection pages in Chromium: the retention setting (an error named at
its field, then saved by keyboard), the log of record accesses and the processing record.
axe on every page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_ministry_sets_retention_and_reads_the_log_and_the_processing_record(
        page, live_server, demo_data, login, check_a11y):
    from aqb.monitoring.models import MonitoringSettings

    base = live_server.url
    login(page, "ministerium")
    page.goto(f"{base}/teilnehmende/einstellungen/")
    main = page.get_by_role("main")
    check_a11y(page)
    years = main.get_by_label(re.compile("^Aufbewahrung"))
    years.fill("")
    years.focus()
    page.keyboard.type("40")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(main).to_contain_text("Höchstens 30 Jahre.")
    check_a11y(page)
    years = main.get_by_label(re.compile("^Aufbewahrung"))
    years.fill("")
    years.focus()
    page.keyboard.type("7")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Die Aufbewahrung wurde gespeichert.")
    assert MonitoringSettings.objects.get(pk=1).retention_years == 7
    expect(page).to_have_url(re.compile(r"/teilnehmende/zugriffe/$"))
    check_a11y(page)  # the access log, where the form leads
    page.goto(f"{base}/teilnehmende/verzeichnis/")
    expect(page.get_by_role("main")).to_contain_text("Art. 6")
    check_a11y(page)
