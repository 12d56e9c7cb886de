"""A background job in the browser: the ministry starts the ZIP of all agreements, the job's
page polls (htmx) until the worker is done and then offers the download; the page passes axe
while waiting and when done."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_zip_job_page_shows_progress_and_then_the_download(page, live_server, demo_data,
                                                               login, check_a11y):
    login(page, "ministerium")
    page.goto(f"{live_server.url}/zielvereinbarungen/?jahr=2025")
    page.get_by_role("button", name="Alle 2025 als ZIP (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Alle Zielvereinbarungen 2025 als ZIP (PDF)")
    expect(page.get_by_role("heading", level=2)).to_have_text("Stand: wartet")
    check_a11y(page)
    page.evaluate("window.__noReload = true")  # gone after a full page load

    call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    download_link = page.get_by_role("link", name="Zielvereinbarungen_2025.zip herunterladen")
    expect(download_link).to_be_visible(timeout=20000)
    expect(page.get_by_role("heading", level=2)).to_have_text("Stand: fertig")
    assert page.evaluate("window.__noReload") is True  # htmx swapped the status in place
    check_a11y(page)
    with page.expect_download() as info:
        download_link.click()
    assert info.value.suggested_filename == "Zielvereinbarungen_2025.zip"
