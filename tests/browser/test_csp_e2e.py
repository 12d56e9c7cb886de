"""Under the Content Security Policy (no 'unsafe-inline', no eval) the main pages of every
role, the public pages and the API docs run without a single violation: every script and
style comes from a file. htmx still swaps content, the confirmation dialog still opens, and
axe (injected through Playwright, outside the page's policy) still runs."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Collects violations as the page reports them (the event fires for every blocked resource,
# inline script or style, eval); registered before any page script runs.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") +
                              " " + (e.sourceFile || "") + ":" + (e.lineNumber || ""));
});
"""

PUBLIC = ["/", "/anmelden/", "/veroeffentlicht/zielvereinbarungen/", "/api/v1/docs"]
EXTRA = {
    "ministerium": ["/programmjahre/2025/", "/programmjahre/2025/planung/",
                    "/programmjahre/2025/grafiken/", "/programmjahre/2025/aenderungen/",
                    "/programmjahre/2025/kassenplan/", "/benutzerkonten/", "/protokoll/",
                    "/konto/passwort/", "/konto/zwei-faktor/", "/konto/api-zugaenge/"],
    "rp-kassel": ["/programmjahre/2025/", "/konto/passwort/"],
    "region-06635": ["/programmjahre/2025/gebietskoerperschaften/06635/",
                     "/konto/zwei-faktor/einrichten/",
                     "/konto/api-zugaenge/"],
    "traeger-demo": ["/konto/passwort/"],
}


@pytest.fixture
def watched(page):
    problems: list[str] = []
    page.context.add_init_script(WATCH)
    # also the browser's complaints about our Permissions-Policy (an unknown feature name)
    words = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy",
             "Permissions Policy")
    page.on("console", lambda m: problems.append(f"console: {m.text}")
            if any(w in m.text for w in words) else None)
    return problems


def _visit(page, url: str, problems: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url}: {response and response.status}"
    assert response.headers.get("content-security-policy"), url
    page.wait_for_load_state("load")
    for v in page.evaluate("window.__cspViolations || []"):
        problems.append(f"{url}: {v}")


def _nav_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("nav.aqb-nav a", "els => els.map(e => e.href)")
    return [h for h in hrefs if h.startswith(base)]


def test_public_pages_and_the_api_docs_run_without_violations(page, live_server, demo_data,
                                                              watched):
    for path in PUBLIC:
        _visit(page, f"{live_server.url}{path}", watched)
    # the docs really rendered (Swagger UI's init comes from a static file)
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .information-container")).to_be_visible()
    expect(page.get_by_text("/api/v1/regions").first).to_be_visible()
    assert not watched, "\n".join(watched)


@pytest.mark.parametrize("username", list(EXTRA))
def test_the_main_pages_of_each_role_run_without_violations(page, live_server, demo_data,
                                                            login, watched, username):
    login(page, username, axe=False)
    urls = _nav_links(page, live_server.url)
    urls += [f"{live_server.url}{p}" for p in EXTRA[username]]
    assert len(urls) >= 3
    for url in dict.fromkeys(urls):
        _visit(page, url, watched)
    assert not watched, "\n".join(watched)


def test_htmx_dialogs_and_axe_work_under_the_policy(page, live_server, demo_data, login,
                                                    watched, check_a11y):
    from decimal import Decimal

    from aqb.accounts.models import User
    from aqb.budgets import services

    services.programme_year_create(actor=User.objects.get(username="ministerium"), year=2026,
                                   total=Decimal("27700000"))
    login(page, "ministerium", axe=False)
    # htmx: the year select swaps the list in place (no full load), no injected style
    page.goto(f"{live_server.url}/zielvereinbarungen/?jahr=2025")
    page.evaluate("window.__noReload = true")
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("htmx.config.allowEval") is False
    assert page.locator("style").count() == 0
    page.get_by_label("Programmjahr", exact=True).select_option("2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zielvereinbarungen 2026")
    assert page.evaluate("window.__noReload") is True
    page.goto(f"{live_server.url}/zielvereinbarungen/?jahr=2025")
    # the confirmation dialog (confirm.js from a file) opens on an agreement page
    from aqb.agreements.models import Agreement

    agreement = Agreement.objects.filter(measures__projects__isnull=False).first()
    page.goto(f"{live_server.url}/zielvereinbarungen/{agreement.pk}/")
    confirm_forms = page.locator("form[data-aqb-confirm]")
    assert confirm_forms.count() > 0
    confirm_forms.first.locator("button[type=submit]").click()
    expect(page.locator("dialog[open]")).to_be_visible()
    page.locator("dialog[open] [data-aqb-cancel]").click()
    expect(page.locator("dialog[open]")).to_have_count(0)
    # the standalone HTML file keeps its own stylesheet, allowed by its hash
    page.goto(f"{live_server.url}/zielvereinbarungen/{agreement.pk}/dokument.html")
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.aqb-agreement__head')).textAlign") == "center"
    assert not page.evaluate("window.__cspViolations")
    page.goto(f"{live_server.url}/zielvereinbarungen/{agreement.pk}/")
    # axe-core is injected by page.evaluate (a DevTools call the page's policy does not
    # govern) and finds nothing on a page of ours
    check_a11y(page)
    assert not page.evaluate("window.__cspViolations"), page.evaluate("window.__cspViolations")
    assert not watched, "\n".join(watched)


def test_an_injected_inline_script_is_blocked(page, live_server, demo_data, watched):
    """The policy is really enforced: markup with an inline handler does not run."""
    page.goto(f"{live_server.url}/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.body.appendChild(s);
        const d = document.createElement("div");
        d.setAttribute("style", "color: red");
        document.body.appendChild(d);
    }""")
    page.wait_for_timeout(0)
    assert page.evaluate("window.__ran === undefined")
    blocked = page.evaluate("window.__cspViolations")
    assert any(v.startswith("script-src") for v in blocked), blocked
    assert any(v.startswith("style-src") for v in blocked), blocked
