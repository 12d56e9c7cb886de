"""Browser fixtures: one Chromium per session, a fresh context per test, axe-core checks.

Chromium comes from Debian (/usr/bin/chromium); Playwright drives it without
`playwright install`. Without the browser the tests are skipped, unless
AQB_REQUIRE_BROWSER=1 (CI), where a missing browser is an error.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

# Debian's Chromium; AQB_CHROMIUM overrides the path (e.g. to check the skip/fail rule).
CHROMIUM = Path(os.environ.get("AQB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "demo"


def _unavailable(reason: str):
    if os.environ.get("AQB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (AQB_REQUIRE_BROWSER=1: Browser-Tests dürfen nicht entfallen)",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} fehlt")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - dev extra not installed
        _unavailable(f"playwright ist nicht installiert: {exc}")
    from django.db import connections

    # Playwright's sync API leaves its asyncio loop registered as running in this thread.
    # Django then keeps database connections per context instead of per thread and would
    # hand the tests new connection objects, without the serialized test data that
    # serialized_rollback restores from. Keep using the connections set up so far.
    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as p:
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe (WCAG 2.1 AA): {len(violations)} Verstöße auf {url}"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact')}]: {v.get('help')} ({v.get('helpUrl')})")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.fixture
def check_a11y(axe):
    """Call with a page: runs axe-core with the WCAG 2.1 A/AA rules, fails on any violation."""

    def check(page) -> None:
        results = axe.run(page, options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        })
        violations = results.response["violations"]
        if violations:
            raise AssertionError(format_violations(page.url, violations))

    return check


@pytest.fixture
def demo_data(transactional_db):
    """Regions come from a data migration (restored by serialized_rollback); demo users on top."""
    from django.core.management import call_command

    from aqb.regions.models import Region

    count = Region.objects.count()
    if count != 26:
        pytest.fail(
            f"Erwartet 26 Gebietskörperschaften aus der Datenmigration, gefunden: {count}. "
            "Der Test braucht @pytest.mark.django_db(transaction=True, "
            "serialized_rollback=True).", pytrace=False)
    call_command("demo_load", stdout=io.StringIO())


@pytest.fixture
def login(live_server, check_a11y):
    """Log in through the form with the keyboard only; returns after the start page loaded."""

    from playwright.sync_api import expect

    def do_login(page, username: str, password: str = DEMO_PASSWORD, *, axe: bool = True):
        page.goto(f"{live_server.url}/anmelden/")
        if axe:
            check_a11y(page)
        # The user name field has autofocus; then Tab to the password, Enter submits.
        expect(page.get_by_label("Benutzername")).to_be_focused()
        page.keyboard.type(username)
        page.keyboard.press("Tab")
        expect(page.get_by_label("Passwort")).to_be_focused()
        page.keyboard.type(password)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    return do_login
