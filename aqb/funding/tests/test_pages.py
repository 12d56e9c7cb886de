"""The application pages through HTTP: the region drafts, plans and submits; the authority
reviews with two sign-offs; foreign regions and providers see nothing."""

from decimal import Decimal

import pytest
from django.test import Client

from aqb.funding import services as fs
from aqb.funding.models import Application, Status
from aqb.regions.models import Region
from tests.test_url_access import pdf_bytes


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def app(year, region_user):
    return fs.application_create(actor=region_user, region=Region.objects.get(ags="06635"),
                                 programme_year=year)


def plan_post(projects, amounts, **extra):
    data = {"plan-TOTAL_FORMS": str(len(projects)), "plan-INITIAL_FORMS": str(len(projects)),
            "plan-MIN_NUM_FORMS": "0", "plan-MAX_NUM_FORMS": "1000", **extra}
    for i, (p, amount) in enumerate(zip(projects, amounts, strict=True)):
        data[f"plan-{i}-project"] = str(p.pk)
        data[f"plan-{i}-personnel_costs"] = amount
        data[f"plan-{i}-own_funds"] = "1.000,00" if amount else ""
    return data


def test_the_region_creates_plans_and_submits(year, region_user, projects):
    c = client_for(region_user)
    assert "Förderantrag anlegen" in c.get("/foerderung/").content.decode()
    r = c.post("/foerderung/06635/neu/?jahr=2025")
    app = Application.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/foerderung/antraege/{app.pk}/"
    page = c.get(f"/foerderung/antraege/{app.pk}/bearbeiten/").content.decode()
    assert str(projects[0]) in page and "Personalkosten" in page
    r = c.post(f"/foerderung/antraege/{app.pk}/bearbeiten/",
               plan_post(projects, ["100.000,00", ""]))
    assert r.status_code == 302
    line = app.lines.get()
    assert line.requested == Decimal("99000.00")
    page = c.get(f"/foerderung/antraege/{app.pk}/").content.decode()
    assert "99.000,00\u00a0€" in page and "Einreichen" in page
    c.post(f"/foerderung/antraege/{app.pk}/einreichen/")
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_over_allocation_is_shown_in_german_and_saves_nothing(app, region_user, projects):
    c = client_for(region_user)
    r = c.post(f"/foerderung/antraege/{app.pk}/bearbeiten/",
               plan_post(projects, ["400.000,00", "200.000,00"]))
    assert r.status_code == 400
    body = r.content.decode()
    assert "übersteigt die aktuelle Zuweisung" in body and "598.000,00\u00a0€" in body
    assert not app.lines.exists()


def test_the_authority_reviews_with_two_sign_offs(app, region_user, authority_user, projects):
    fs.application_set_plan(actor=region_user, application=app,
                            lines=[fs.LineInput(project_id=projects[0].pk,
                                                personnel_costs=Decimal("1000"))])
    fs.application_submit(actor=region_user, application=app)
    c = client_for(authority_user)
    assert "Waldeck-Frankenberg" in c.get("/foerderung/arbeitsliste/").content.decode()
    base = f"/foerderung/antraege/{app.pk}/"
    assert c.post(base + "pruefen/").status_code == 302
    c.post(base + "inhaltlich/")
    r = c.post(base + "bewilligungsreif/")
    assert r.status_code == 400 and "es fehlt: rechnerisch" in r.content.decode()
    c.post(base + "rechnerisch/")
    page = c.get(base).content.decode()
    assert page.count("abgezeichnet von rp") == 2
    c.post(base + "bewilligungsreif/")
    app.refresh_from_db()
    assert app.status == Status.READY


def test_query_and_answer(app, region_user, authority_user, projects):
    fs.application_set_plan(actor=region_user, application=app,
                            lines=[fs.LineInput(project_id=projects[0].pk,
                                                personnel_costs=Decimal("1000"))])
    fs.application_submit(actor=region_user, application=app)
    fs.application_start_review(actor=authority_user, application=app)
    base = f"/foerderung/antraege/{app.pk}/"
    r = client_for(authority_user).post(base + "nachforderung/",
                                        {"question": "Wer trägt die Miete?"})
    assert r.status_code == 302
    c = client_for(region_user)
    assert "Wer trägt die Miete?" in c.get(base).content.decode()
    c.post(base + "antworten/", {"answer": "Der Kreis."})
    c.post(base + "einreichen/")
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and app.queries.get().answer == "Der Kreis."


def test_attachments_are_pdfs_and_download_as_attachment(app, region_user, authority_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(region_user)
    base = f"/foerderung/antraege/{app.pk}/"
    r = c.post(base + "anlagen/neu/", {"title": "Kalkulation", "file": SimpleUploadedFile(
        "k.pdf", b"<html>nein</html>", content_type="application/pdf")})
    assert r.status_code == 400 and "keine PDF-Datei" in r.content.decode()
    c.post(base + "anlagen/neu/", {"title": "Kalkulation", "file": SimpleUploadedFile(
        "../../etc/k.pdf", pdf_bytes(), content_type="application/pdf")})
    att = app.attachments.get()
    assert "etc" not in att.file.name and att.file.name.endswith(".pdf")
    r = client_for(authority_user).get(f"/foerderung/anlagen/{att.pk}/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment;")


def test_foreign_region_and_provider_get_404_and_authority_may_not_edit(
        app, foreign_region_user, provider_user, authority_user):
    for user in (foreign_region_user, provider_user):
        c = client_for(user)
        assert c.get(f"/foerderung/antraege/{app.pk}/").status_code == 404
        assert c.post(f"/foerderung/antraege/{app.pk}/einreichen/").status_code == 404
        assert "Waldeck" not in c.get("/foerderung/").content.decode()
    assert client_for(authority_user).get(
        f"/foerderung/antraege/{app.pk}/bearbeiten/").status_code == 403
    assert client_for(foreign_region_user).get("/foerderung/arbeitsliste/").status_code == 403
    app.refresh_from_db()
    assert app.status == Status.DRAFT
