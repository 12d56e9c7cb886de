"""Confirmations in Chromium: every weighty step asks first. With JavaScript in a modal
dialog (cancel focused first, Escape or Abbrechen leave everything as it was, focus returns to
the button), without it on a confirmation page; axe on every page and every open dialog.
Each step is cancelled once (nothing changed: status, rows, audit entries), then confirmed."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KASSEL = "06611"


def _goto(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"{url}: Status {response and response.status}, erwartet {status}")


def _state():
    """What a cancelled step must leave untouched."""
    from aqb.accounts.models import Membership, User
    from aqb.agreements.models import Agreement, AgreementProject, Signature
    from aqb.audit.models import AuditEntry
    from aqb.budgets.models import Allocation, ProgrammeYear

    return {
        "audit": AuditEntry.objects.count(),
        "status": dict(Agreement.objects.values_list("pk", "status")),
        "projects": AgreementProject.objects.count(),
        "signatures": Signature.objects.count(),
        "adopted": list(ProgrammeYear.objects.values_list("adopted_scenario_id", flat=True)),
        "allocations": list(Allocation.objects.order_by("pk").values_list("amount", flat=True)),
        "active": dict(User.objects.values_list("username", "is_active")),
        "memberships": Membership.objects.count(),
    }


def _kassel_draft_with_a_project():
    from aqb.accounts.models import User
    from aqb.agreements import services as ag
    from aqb.agreements.models import Agreement

    agreement = Agreement.objects.get(region__ags=KASSEL, programme_year__year=2025,
                                      is_current=True)
    ag.agreement_add_project(actor=User.objects.get(username="ministerium"),
                             agreement=agreement, measure_number=2,
                             name="Werkstatt Zukunft Kassel", short_name="WZK")
    return agreement


def _ask_and_cancel(page, check_a11y, *, button, title, says, how="Abbrechen"):
    """Click `button`, see the question in a modal dialog, cancel; nothing changed."""
    before = _state()
    trigger = page.get_by_role("button", name=button)
    trigger.click()
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(says)
    # The least weighty choice has the focus: Enter would cancel.
    expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    check_a11y(page)
    if how == "Escape":
        page.keyboard.press("Escape")
    else:
        dialog.get_by_role("button", name="Abbrechen").click()
    expect(dialog).to_be_hidden()
    expect(trigger).to_be_focused()
    assert _state() == before, f"„{button}“ abgebrochen, aber etwas hat sich geändert"
    return trigger


def _ask_and_confirm(page, *, button, title, confirm):
    page.get_by_role("button", name=button).click()
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    with page.expect_navigation():
        dialog.get_by_role("button", name=confirm).click()


def test_each_agreement_step_asks_in_a_dialog(page, live_server, demo_data, login, check_a11y):
    from aqb.agreements.models import Agreement, Status

    base = live_server.url
    agreement = _kassel_draft_with_a_project()
    detail = f"{base}/zielvereinbarungen/{agreement.pk}/"
    login(page, "ministerium", axe=False)

    # The confirmation page that stands in for the dialog without JavaScript.
    _goto(page, f"{detail}schritt/agree/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inhalt festschreiben?")
    check_a11y(page)
    _goto(page, detail)
    check_a11y(page)
    # Removing a project from the draft (Escape cancels too).
    _ask_and_cancel(page, check_a11y, button=re.compile(r"^Entfernen\W+WZK"),
                    title="Projekt entfernen?", says="kann wieder aufgenommen werden",
                    how="Escape")
    # Fixing the content: the question says it can be reopened.
    _ask_and_cancel(page, check_a11y, button="Als abgestimmt festschreiben",
                    title="Inhalt festschreiben?", says="„Zur Überarbeitung öffnen“")
    _ask_and_cancel(page, check_a11y, button="Als abgestimmt festschreiben",
                    title="Inhalt festschreiben?", says="wieder bearbeiten", how="Escape")
    expect(page.get_by_role("main")).to_contain_text("Status: Entwurf")
    _ask_and_confirm(page, button="Als abgestimmt festschreiben",
                     title="Inhalt festschreiben?", confirm="Festschreiben")
    expect(page.get_by_role("status")).to_contain_text("ausgeführt")
    expect(page.get_by_role("main")).to_contain_text("Status: Abgestimmt")
    assert Agreement.objects.get(pk=agreement.pk).status == Status.AGREED
    check_a11y(page)

    _ask_and_cancel(page, check_a11y, button="Zur Überarbeitung öffnen",
                    title="Zur Überarbeitung öffnen?", says="wieder zum Entwurf")

    # The ministry's signature: the form asks, showing what was entered.
    page.get_by_role("link", name="Unterschrift des Ministeriums erfassen").click()
    check_a11y(page)
    page.get_by_label("Datum der Unterschrift").fill("2025-08-02")
    page.get_by_label(re.compile("Ich bestätige")).check()
    dialog = page.get_by_role("dialog", name="Unterschrift des Ministeriums erfassen?")
    _ask_and_cancel(page, check_a11y, button="Unterschrift erfassen",
                    title="Unterschrift des Ministeriums erfassen?",
                    says="nicht zurückgenommen werden")
    page.get_by_role("button", name="Unterschrift erfassen").click()
    expect(dialog).to_contain_text("Heike Hofmann")
    expect(dialog).to_contain_text("02.08.2025")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Unterschrift erfassen").click()
    expect(page.get_by_role("status")).to_contain_text("Die Unterschrift wurde erfasst.")
    expect(page.get_by_role("main")).to_contain_text("Status: Vom Ministerium unterzeichnet")

    # The region's signature (recorded by the ministry on receipt).
    page.get_by_role("link", name="Unterschrift der Gebietskörperschaft erfassen").click()
    page.get_by_label("Datum der Unterschrift").fill("2025-08-13")
    page.get_by_label("Name", exact=True).fill("Ilona Friedrich")
    page.get_by_label("Amtsbezeichnung").fill("Oberbürgermeisterin")
    page.get_by_label(re.compile("Ich bestätige")).check()
    _ask_and_cancel(page, check_a11y, button="Unterschrift erfassen",
                    title="Unterschrift der Gebietskörperschaft erfassen?",
                    says="nie mehr überschrieben")
    _ask_and_confirm(page, button="Unterschrift erfassen",
                     title="Unterschrift der Gebietskörperschaft erfassen?",
                     confirm="Unterschrift erfassen")
    expect(page.get_by_role("main")).to_contain_text("Status: Unterzeichnet")

    # Publishing: the question says it cannot be taken back.
    _ask_and_cancel(page, check_a11y, button="Veröffentlichen",
                    title="Zielvereinbarung veröffentlichen?", says="nicht zurücknehmen")
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SIGNED
    _ask_and_confirm(page, button="Veröffentlichen", title="Zielvereinbarung veröffentlichen?",
                     confirm="Veröffentlichen")
    expect(page.get_by_role("main")).to_contain_text("Status: Veröffentlicht")
    check_a11y(page)


def test_adoption_and_account_steps_ask_on_their_own_page(page, live_server, demo_data, login,
                                                          check_a11y):
    from aqb.accounts.models import User

    base = live_server.url
    login(page, "ministerium", axe=False)

    # Adopting a scenario (übernehmen): the page shows what will change; cancel.
    before = _state()
    _goto(page, f"{base}/programmjahre/2025/planung/")
    page.get_by_role("link", name=re.compile(r"^Übernehmen\W")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("übernehmen")
    expect(page.get_by_role("main")).to_contain_text("Jede Zuweisung wird protokolliert")
    check_a11y(page)
    page.get_by_role("link", name="Abbrechen").click()
    expect(page).to_have_url(f"{base}/programmjahre/2025/planung/")
    assert _state() == before

    # Deactivating an account and removing a membership.
    rp = User.objects.get(username="rp-kassel")
    _goto(page, f"{base}/benutzerkonten/{rp.pk}/")
    page.get_by_role("link", name="Deaktivieren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("deaktivieren")
    expect(page.get_by_role("main")).to_contain_text("jederzeit reaktivieren")
    check_a11y(page)
    page.get_by_role("link", name="Abbrechen").click()
    expect(page).to_have_url(f"{base}/benutzerkonten/{rp.pk}/")
    page.get_by_role("link", name=re.compile(r"^Entfernen\W")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mitgliedschaft entfernen")
    check_a11y(page)
    page.get_by_role("link", name="Abbrechen").click()
    assert _state() == before

    # Confirmed, the account is deactivated.
    page.get_by_role("link", name="Deaktivieren").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Deaktivieren").click()
    expect(page.get_by_role("status")).to_contain_text("deaktiviert")
    assert not User.objects.get(pk=rp.pk).is_active


def test_without_javascript_the_steps_ask_on_a_page(browser, live_server, demo_data, login):
    """(axe needs JavaScript in the page; the confirmation pages are checked in the test
    above.)"""
    from aqb.agreements.models import Agreement, Status

    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        agreement = _kassel_draft_with_a_project()
        detail = f"{live_server.url}/zielvereinbarungen/{agreement.pk}/"
        login(page, "ministerium", axe=False)
        _goto(page, detail)
        before = _state()
        page.get_by_role("button", name=re.compile(r"^Entfernen\W+WZK")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Projekt entfernen?")
        expect(page.get_by_role("main")).to_contain_text("WZK (Werkstatt Zukunft Kassel)")
        page.get_by_role("link", name="Abbrechen").click()
        expect(page).to_have_url(detail)
        page.get_by_role("button", name="Als abgestimmt festschreiben").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Inhalt festschreiben?")
        expect(page.get_by_role("main")).to_contain_text("„Zur Überarbeitung öffnen“")
        page.get_by_role("link", name="Abbrechen").click()
        expect(page).to_have_url(detail)
        assert _state() == before
        page.get_by_role("button", name="Als abgestimmt festschreiben").click()
        page.get_by_role("button", name="Festschreiben").click()
        expect(page).to_have_url(detail)
        expect(page.get_by_role("main")).to_contain_text("Status: Abgestimmt")
        assert Agreement.objects.get(pk=agreement.pk).status == Status.AGREED

        # A signature without JavaScript: the required confirmation field asks.
        page.get_by_role("link", name="Unterschrift des Ministeriums erfassen").click()
        expect(page.get_by_role("main")).to_contain_text("nicht zurückgenommen werden")
        page.get_by_label("Datum der Unterschrift").fill("2025-08-02")
        page.get_by_role("button", name="Unterschrift erfassen").click()
        expect(page.get_by_label(re.compile("Ich bestätige"))).to_have_attribute(
            "aria-invalid", "true")
        assert Agreement.objects.get(pk=agreement.pk).status == Status.AGREED
    finally:
        context.close()
