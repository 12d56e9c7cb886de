"""The forms no other browser test opens in the funding procedure: the region's waiver of
appeal (Rechtsbehelfsverzicht), the authority's recording of legal force (Bestandskraft) and
the deferral of a refund (Stundung). Each is filled with the keyboard, first refused with a
German message at the form, then accepted; axe on the form, its error state and the result."""

from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _type_date(page, label: str, day: date) -> None:
    """Focus a date field and type the day's digits. The order of the field's parts follows
    the browser's language (TT.MM.JJJJ or MM/TT/JJJJ), so a day that does not come out
    is typed again in the other order."""
    field = page.get_by_label(label)
    for order in ("%d%m%Y", "%m%d%Y"):
        field.evaluate("e => e.blur()")
        field.focus()  # the first part of the field
        page.keyboard.type(day.strftime(order))
        if field.input_value() == day.isoformat():
            return
    raise AssertionError(f"{label}: {day:%d.%m.%Y} ließ sich nicht eintippen "
                         f"({field.input_value()!r}).")


def _submit(page) -> None:
    """Enter in a date field submits the form (implicit submission)."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _waldeck_notice():
    """The demo notice of Waldeck-Frankenberg 2025 (15 April 2025, not yet final)."""
    from aqb.funding.models import Notice

    return Notice.objects.get(region__ags="06635", programme_year__year=2025)


def _wiesbaden_notice():
    """A notice of 15 April 2025 for Wiesbaden's demo application (ready for it)."""
    from aqb.accounts.policy import SYSTEM
    from aqb.funding.models import Application, Status
    from aqb.funding.notices import NoticeInput, notice_issue

    app = Application.objects.get(region__ags="06414", programme_year__year=2025,
                                  status=Status.READY)
    return notice_issue(actor=SYSTEM, application=app,
                        data=NoticeInput(date=date(2025, 4, 15)))


def _kassel_refund():
    """The demo's refund of Kassel 2025 (settled, half paid, not deferred)."""
    from aqb.funding.models import Refund

    return Refund.objects.get(notice__region__ags="06611")


def test_region_waives_appeal_and_authority_records_legal_force(page, live_server, demo_data,
                                                                 login, check_a11y, browser):
    base = live_server.url
    waldeck = _waldeck_notice()
    login(page, "region-06635")
    page.goto(f"{base}/foerderung/bescheide/{waldeck.pk}/")
    page.get_by_role("link", name="Rechtsbehelfsverzicht erklären").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechtsbehelfsverzicht erklären")
    check_a11y(page)
    # before the notice's date: refused, nothing stored
    _type_date(page, "Verzicht erklärt am", date(2025, 4, 1))
    _submit(page)
    expect(page.get_by_role("alert").first).to_contain_text(
        "Der Verzicht kann nicht vor dem Datum des Bescheids (15.04.2025) erklärt werden.")
    check_a11y(page)
    waldeck.current.refresh_from_db()
    assert waldeck.current.legal_force_on is None
    _type_date(page, "Verzicht erklärt am", date(2025, 5, 2))
    _submit(page)
    expect(page.get_by_role("status").first).to_contain_text(
        "Rechtsbehelfsverzicht erklärt; der Bescheid ist bestandskräftig.")
    expect(page.get_by_test_id("legal-force")).to_have_text(
        "bestandskräftig seit 2. Mai 2025 (Rechtsbehelfsverzicht vom 2. Mai 2025)")
    expect(page.get_by_role("link", name="Rechtsbehelfsverzicht erklären")).to_have_count(0)
    check_a11y(page)

    wiesbaden = _wiesbaden_notice()
    other = browser.new_context(locale="de-DE").new_page()
    login(other, "rp-kassel", axe=False)
    other.goto(f"{base}/foerderung/bescheide/{wiesbaden.pk}/")
    other.get_by_role("link", name="Bestandskraft feststellen").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Bestandskraft feststellen")
    expect(other.get_by_role("main")).to_contain_text("ohne Angaben bestandskräftig ab 20.05.2025")
    check_a11y(other)
    # within the objection period: refused with the day it ends
    _type_date(other, "Bestandskräftig ab", date(2025, 5, 2))
    _submit(other)
    expect(other.get_by_role("alert").first).to_contain_text(
        "Die Widerspruchsfrist endet erst am 19.05.2025; bestandskräftig frühestens ab "
        "20.05.2025 (oder durch Rechtsbehelfsverzicht).")
    check_a11y(other)
    # posted two days after the notice's date: final one day later as well
    _type_date(other, "Zur Post gegeben am", date(2025, 4, 17))
    _type_date(other, "Bestandskräftig ab", date(2025, 5, 21))
    _submit(other)
    expect(other.get_by_role("status").first).to_contain_text("Bestandskraft festgestellt.")
    expect(other.get_by_test_id("legal-force")).to_have_text("bestandskräftig seit 21. Mai 2025")
    expect(other.get_by_role("link", name="Bestandskraft feststellen")).to_have_count(0)
    check_a11y(other)


def test_authority_defers_a_refund(page, live_server, demo_data, login, check_a11y):
    refund = _kassel_refund()
    due = refund.due_on
    login(page, "rp-kassel")
    page.goto(f"{live_server.url}/foerderung/erstattungen/{refund.pk}/")
    page.get_by_role("link", name="Stunden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{refund.number} stunden")
    check_a11y(page)
    # not beyond the due date: refused at the field
    page.get_by_label("Grund der Stundung").focus()
    page.keyboard.type("Haushaltssperre des Landkreises (Test)")
    _type_date(page, "Gestundet bis", due)
    _submit(page)
    expect(page.get_by_role("alert").first).to_contain_text(
        f"Die Stundung muss über die Fälligkeit ({due:%d.%m.%Y}) hinausgehen.")
    expect(page.get_by_label("Grund der Stundung")).to_have_value(
        "Haushaltssperre des Landkreises (Test)")
    check_a11y(page)
    refund.refresh_from_db()
    assert refund.status == "open" and refund.deferred_until is None
    _type_date(page, "Gestundet bis", date(2026, 12, 31))
    _submit(page)
    expect(page.get_by_role("status").first).to_contain_text("Stundung gespeichert.")
    expect(page.get_by_test_id("status")).to_have_text("gestundet")
    main = page.get_by_role("main")
    expect(main).to_contain_text("gestundet bis 31. Dezember 2026")
    expect(main).to_contain_text("Haushaltssperre des Landkreises (Test)")
    check_a11y(page)
