"""The grant notice through HTTP: the authority issues it from a ready application with the
form, the notice page shows every version and the difference, amendment with confirmation,
legal force and waiver, the documents; foreign regions and providers see nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from aqb.funding.models import Notice, NoticeVersion, Status


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def issue_post(**changes):
    data = {"date": "15.04.2025", "financing": "anteil", "share_percent": "80,00",
            "eligible_costs": "100.000,00", "amount": "80.000,00",
            "period_start": "01.01.2025", "period_end": "31.12.2025",
            "cash": "2025: 50.000,00\n2026: 30.000,00", "purpose": "Zweck des Bescheids",
            "provisions": "ANBest-GK in der Fassung vom 1. Januar 2024",
            "special_provisions": "Besondere Bestimmung", "interim_proof_due": "",
            "final_proof_due": "30.06.2026", "may_pass_on": "on",
            "legal_remedy": "Gegen diesen Bescheid kann Widerspruch erhoben werden."}
    data.update(changes)
    return data


def test_authority_issues_the_notice_in_the_form(ready_application, authority_user):
    c = client_for(authority_user)
    detail = c.get(f"/foerderung/antraege/{ready_application.pk}/").content.decode()
    assert "Zuwendungsbescheid erlassen" in detail
    page = c.get(f"/foerderung/antraege/{ready_application.pk}/bescheid/").content.decode()
    assert "80.000,00" in page and "Anteilfinanzierung" in page and "ANBest-GK" in page
    r = c.post(f"/foerderung/antraege/{ready_application.pk}/bescheid/", issue_post())
    notice = Notice.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/foerderung/bescheide/{notice.pk}/"
    v = notice.current
    assert (v.amount, v.share_percent, v.purpose) == (Decimal("80000.00"), Decimal("80.00"),
                                                      "Zweck des Bescheids")
    assert [(x.year, x.amount) for x in v.cash.all()] == [(2025, Decimal("50000.00")),
                                                          (2026, Decimal("30000.00"))]
    ready_application.refresh_from_db()
    assert ready_application.status == Status.GRANTED
    page = c.get(f"/foerderung/bescheide/{notice.pk}/").content.decode()
    for text in ("RPKS-57-AQB-2025-06635", "80.000,00", "50.000,00", "Besondere Bestimmung",
                 "Zweck des Bescheids", "Änderungsbescheid erlassen", "Bestandskraft feststellen",
                 "20. Mai 2025"):
        assert text in page, text
    assert "Zuwendungsbescheid RPKS-57-AQB-2025-06635" in c.get(
        f"/foerderung/antraege/{ready_application.pk}/").content.decode()


def test_more_than_the_allocation_is_a_form_error(ready_application, authority_user):
    c = client_for(authority_user)
    r = c.post(f"/foerderung/antraege/{ready_application.pk}/bescheid/", issue_post(
        financing="festbetrag", share_percent="", eligible_costs="700.000,00",
        amount="600.000,00", cash=""))
    assert r.status_code == 400
    assert "übersteigt die aktuelle Zuweisung" in r.content.decode()
    assert not Notice.objects.exists()
    r = c.post(f"/foerderung/antraege/{ready_application.pk}/bescheid/",
               issue_post(cash="2025: achtzig"))
    assert r.status_code == 400 and "Zeile 1" in r.content.decode()
    assert not Notice.objects.exists()


def test_region_and_provider_cannot_issue(ready_application, region_user, provider_user):
    url = f"/foerderung/antraege/{ready_application.pk}/bescheid/"
    assert client_for(region_user).post(url, issue_post()).status_code == 403
    assert client_for(provider_user).post(url, issue_post()).status_code == 403
    assert not Notice.objects.exists()


def test_notice_page_is_the_regions_own(notice, region_user, foreign_region_user,
                                        provider_user, ministry_user):
    url = f"/foerderung/bescheide/{notice.pk}/"
    page = client_for(region_user).get(url).content.decode()
    assert "80.000,00" in page and "Rechtsbehelfsverzicht erklären" in page
    assert "Änderungsbescheid erlassen" not in page
    assert client_for(ministry_user).get(url).status_code == 200
    assert client_for(foreign_region_user).get(url).status_code == 404
    assert client_for(provider_user).get(url).status_code == 404
    assert client_for(foreign_region_user).get(url + "fassung-1.pdf").status_code == 404


def test_amendment_with_confirmation_and_difference(notice, authority_user):
    c = client_for(authority_user)
    url = f"/foerderung/bescheide/{notice.pk}/aendern/"
    form = c.get(url).content.decode()
    assert "Grund der Änderung" in form and "80.000,00" in form
    data = issue_post(date="01.09.2025", amount="70.000,00", share_percent="70,00", cash="",
                      reason="Minderausgaben")
    preview = c.post(url, data)
    body = preview.content.decode()
    assert preview.status_code == 200 and "Änderungsbescheid erlassen" in body
    assert "70.000,00" in body and NoticeVersion.objects.count() == 1  # nothing written yet
    r = c.post(url, {**data, "confirm": "ja"})
    assert r.status_code == 302
    v2 = notice.current
    assert (v2.version, v2.amount, v2.reason) == (2, Decimal("70000.00"), "Minderausgaben")
    page = c.get(f"/foerderung/bescheide/{notice.pk}/").content.decode()
    assert "Änderungen gegenüber Fassung 1" in page and "Minderausgaben" in page
    assert "bewilligter Betrag" in page
    old = c.get(f"/foerderung/bescheide/{notice.pk}/?fassung=1").content.decode()
    assert "nicht mehr geltend" in old


def test_amendment_without_reason_writes_nothing(notice, authority_user):
    c = client_for(authority_user)
    r = c.post(f"/foerderung/bescheide/{notice.pk}/aendern/",
               {**issue_post(amount="70.000,00", share_percent="70,00", cash=""),
                "confirm": "ja", "reason": ""})
    assert r.status_code == 400 and NoticeVersion.objects.count() == 1


def test_legal_force_and_waiver_pages(notice, authority_user, region_user):
    r = client_for(region_user).post(f"/foerderung/bescheide/{notice.pk}/verzicht/",
                                     {"day": "22.04.2025"})
    assert r.status_code == 302
    assert notice.current.legal_force_on == date(2025, 4, 22)
    page = client_for(authority_user).get(f"/foerderung/bescheide/{notice.pk}/").content
    assert "Rechtsbehelfsverzicht vom 22. April 2025" in page.decode()


def test_authority_records_legal_force(notice, authority_user):
    c = client_for(authority_user)
    r = c.post(f"/foerderung/bescheide/{notice.pk}/bestandskraft/", {"day": "01.05.2025"})
    assert r.status_code == 400 and "Widerspruchsfrist" in r.content.decode()
    r = c.post(f"/foerderung/bescheide/{notice.pk}/bestandskraft/", {})
    assert r.status_code == 302 and notice.current.legal_force_on == date(2025, 5, 20)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_documents_download(notice, region_user, fmt):
    r = client_for(region_user).get(f"/foerderung/bescheide/{notice.pk}/fassung-1.{fmt}")
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"] and "Zuwendungsbescheid" in \
        r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff"


def test_unknown_version_or_format_is_404(notice, region_user):
    c = client_for(region_user)
    assert c.get(f"/foerderung/bescheide/{notice.pk}/fassung-2.pdf").status_code == 404
    assert c.get(f"/foerderung/bescheide/{notice.pk}/fassung-1.exe").status_code == 404
    assert c.get(f"/foerderung/bescheide/{notice.pk}/erstattungsbescheid.pdf").status_code \
        == 404


def test_refund_notice_document_for_the_region(notice, region_user, foreign_region_user):
    from aqb.funding import models as fm

    proof = fm.Proof.objects.create(notice=notice, kind=fm.ProofKind.FINAL,
                                    date=date(2025, 10, 1), report="B", costs=Decimal("90000"))
    settlement = fm.Settlement.objects.create(
        notice=notice, proof=proof, date=date(2025, 10, 20), effective=date(2025, 6, 1),
        recognised=Decimal("72000"), paid=Decimal("80000"), refund_amount=Decimal("8000"))
    fm.Refund.objects.create(
        settlement=settlement, notice=notice, number="ERST-2025-06635", date=date(2025, 10, 20),
        amount=Decimal("8000"), interest_from=date(2025, 6, 1), due_on=date(2025, 11, 20))
    url = f"/foerderung/bescheide/{notice.pk}/erstattungsbescheid.html"
    r = client_for(region_user).get(url)
    assert r.status_code == 200 and "Erstattungs- und Zinsbescheid" in r.content.decode()
    assert "242,95 Euro" in r.content.decode()
    assert client_for(foreign_region_user).get(url).status_code == 404
    page = client_for(region_user).get(f"/foerderung/bescheide/{notice.pk}/").content.decode()
    assert "ERST-2025-06635" in page and "Erstattungsbescheid als PDF" in page
