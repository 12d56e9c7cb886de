from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement, Status
from aqb.regions.models import Region

from .conftest import sign_both
from .pdfs import tiny_pdf
from .test_commands import SEED


def test_the_ministry_sees_all_regions_of_a_year_with_status(client, wf_draft, ministry_user):
    client.force_login(ministry_user)
    page = client.get("/zielvereinbarungen/?jahr=2025").content.decode()
    assert "Landkreis Waldeck-Frankenberg" in page and "Entwurf" in page
    assert "Noch ohne Zielvereinbarung (25)" in page
    client.post("/zielvereinbarungen/entwuerfe/", {"year": "2025"})
    assert Agreement.objects.count() == 26


def test_the_ministry_adds_a_project_and_a_bad_amount_is_named(client, wf_draft,
                                                               ministry_user):
    client.force_login(ministry_user)
    url = f"/zielvereinbarungen/{wf_draft.pk}/projekte/neu/"
    bad = client.post(url, {"measure_number": "1", "name": "AVIA-Projekt",
                            "planned_amount": "12,3,4"})
    assert bad.status_code == 400
    assert "geplante Mittel (Euro)" in bad.content.decode()
    assert not wf_draft.measures.get(number=1).projects.exists()
    ok = client.post(url, {"measure_number": "1", "name": "Aktivierung und Vermittlung von "
                           "Migranten", "short_name": "AVIA", "planned_amount": "120.000,00"})
    assert ok.status_code == 302
    entry = wf_draft.measures.get(number=1).projects.get()
    assert entry.project.planned_amount == Decimal("120000.00")


def test_publishing_asks_first_and_tells_it_cannot_be_taken_back(client, wf_draft,
                                                                  ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    sign_both(wf_draft, ministry_user)
    client.force_login(ministry_user)
    url = f"/zielvereinbarungen/{wf_draft.pk}/schritt/publish/"
    detail = client.get(f"/zielvereinbarungen/{wf_draft.pk}/").content.decode()
    # The button asks (dialog with JavaScript, this page without); no inline handler that a
    # form field named "confirm" could shadow.
    assert 'data-aqb-confirm="frage-veroeffentlichen"' in detail
    assert "onsubmit" not in detail
    question = client.get(url)
    assert question.status_code == 200
    page = question.content.decode()
    assert "Zielvereinbarung veröffentlichen?" in page
    assert "lässt sich nicht zurücknehmen" in page
    assert Agreement.objects.get(pk=wf_draft.pk).status == Status.SIGNED
    done = client.post(url)
    assert done.status_code == 302
    assert Agreement.objects.get(pk=wf_draft.pk).status == Status.PUBLISHED


def test_fixing_the_content_says_it_can_be_reopened(client, wf_draft, ministry_user):
    client.force_login(ministry_user)
    page = client.get(f"/zielvereinbarungen/{wf_draft.pk}/schritt/agree/").content.decode()
    assert "Zur Überarbeitung öffnen" in page
    assert "keine Änderungen mehr möglich" not in page
    assert Agreement.objects.get(pk=wf_draft.pk).status == Status.DRAFT
    client.post(f"/zielvereinbarungen/{wf_draft.pk}/schritt/agree/")
    assert Agreement.objects.get(pk=wf_draft.pk).status == Status.AGREED
    page = client.get(f"/zielvereinbarungen/{wf_draft.pk}/schritt/reopen/").content.decode()
    assert "wieder zum Entwurf" in page
    client.post(f"/zielvereinbarungen/{wf_draft.pk}/schritt/reopen/")
    assert Agreement.objects.get(pk=wf_draft.pk).status == Status.DRAFT


def test_a_refused_step_is_explained_on_the_question_page(client, wf_draft, ministry_user):
    client.force_login(ministry_user)
    response = client.post(f"/zielvereinbarungen/{wf_draft.pk}/schritt/publish/")
    assert response.status_code == 400
    assert "nicht möglich" in response.content.decode()
    assert Agreement.objects.get(pk=wf_draft.pk).status == Status.DRAFT


def test_signing_through_the_form(client, wf_draft, ministry_user, region_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    client.force_login(ministry_user)
    form = client.get(f"/zielvereinbarungen/{wf_draft.pk}/unterschrift/ministerium/")
    assert 'value="Heike Hofmann"' in form.content.decode()  # from the ministry's master data
    response = client.post(f"/zielvereinbarungen/{wf_draft.pk}/unterschrift/ministerium/", {
        "place": "Wiesbaden", "day": "02.08.2025", "name": "Heike Hofmann",
        "title": "Staatsministerin", "confirm": "on"})
    assert response.status_code == 302
    client.force_login(region_user)
    early = client.post(f"/zielvereinbarungen/{wf_draft.pk}/unterschrift/region/", {
        "place": "Korbach", "day": "01.08.2025", "name": "Karl-Friedrich Frese",
        "title": "Erster Kreisbeigeordneter", "confirm": "on"})
    assert early.status_code == 400
    assert "nach dem Ministerium" in early.content.decode()
    client.post(f"/zielvereinbarungen/{wf_draft.pk}/unterschrift/region/", {
        "place": "Korbach", "day": "13.08.2025", "name": "Karl-Friedrich Frese",
        "title": "Erster Kreisbeigeordneter", "confirm": "on"})
    a = Agreement.objects.get(pk=wf_draft.pk)
    assert a.status == Status.SIGNED
    pdf = client.get(f"/zielvereinbarungen/{a.pk}/unterzeichnet.pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_region_reads_its_agreement_without_edit_buttons(client, wf_draft, region_user):
    client.force_login(region_user)
    page = client.get(f"/zielvereinbarungen/{wf_draft.pk}/").content.decode()
    assert "dem Landkreis Waldeck-Frankenberg" in page
    assert "festschreiben" not in page and "Projekt aufnehmen" not in page
    for fmt in ("txt", "html", "pdf", "docx"):
        assert client.get(f"/zielvereinbarungen/{wf_draft.pk}/dokument.{fmt}").status_code == 200


def test_drafts_are_never_public(client, wf_draft, ministry_user):
    assert client.get(f"/veroeffentlicht/zielvereinbarungen/{wf_draft.pk}/").status_code == 404
    assert "Waldeck" not in client.get("/veroeffentlicht/zielvereinbarungen/").content.decode()
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    sign_both(wf_draft, ministry_user)
    assert client.get(f"/veroeffentlicht/zielvereinbarungen/{wf_draft.pk}/").status_code == 404
    ag.agreement_publish(actor=ministry_user, agreement=wf_draft)
    index = client.get("/veroeffentlicht/zielvereinbarungen/").content.decode()
    assert "Landkreis Waldeck-Frankenberg" in index
    detail = client.get(f"/veroeffentlicht/zielvereinbarungen/{wf_draft.pk}/").content.decode()
    assert "773.920 Euro" in detail
    pdf = client.get(f"/veroeffentlicht/zielvereinbarungen/{wf_draft.pk}/unterzeichnet.pdf")
    assert pdf.status_code == 200


def test_the_region_page_links_its_published_agreement(client, wf_draft, ministry_user,
                                                       region_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    sign_both(wf_draft, ministry_user)
    ag.agreement_publish(actor=ministry_user, agreement=wf_draft)
    client.force_login(region_user)
    page = client.get("/regionen/06635/").content.decode()
    assert f"/veroeffentlicht/zielvereinbarungen/{wf_draft.pk}/" in page


def test_upload_import_previews_then_saves(client, year_2025, ministry_user):
    client.force_login(ministry_user)
    upload = SimpleUploadedFile("zv.txt", SEED.read_bytes(), content_type="text/plain")
    preview = client.post("/zielvereinbarungen/einlesen/", {"file": upload})
    assert "Karl-Friedrich Frese" in preview.content.decode()
    assert not Agreement.objects.exists()
    upload = SimpleUploadedFile("zv.txt", SEED.read_bytes(), content_type="text/plain")
    saved = client.post("/zielvereinbarungen/einlesen/", {"file": upload, "save": "ja"})
    assert saved.status_code == 302
    assert Agreement.objects.get().status == Status.SIGNED


def test_upload_of_garbage_names_the_file(client, year_2025, ministry_user):
    client.force_login(ministry_user)
    upload = SimpleUploadedFile("bild.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post("/zielvereinbarungen/einlesen/", {"file": upload, "save": "ja"})
    assert response.status_code == 400
    assert "bild.pdf" in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_template_editor_saves_a_new_version(client, wf_draft, ministry_user):
    client.force_login(ministry_user)
    page = client.get("/zielvereinbarungen/vorlage/2025/")
    form = page.context["form"]
    data = {k: form[k].value() for k in form.fields}
    data["clause_0_body"] = "Kurze Präambel {region_genitiv}."
    response = client.post("/zielvereinbarungen/vorlage/2025/", data)
    assert response.status_code == 302
    new = ag.agreement_create_draft(actor=ministry_user,
                                    region=Region.objects.get(ags="06611"),
                                    programme_year=wf_draft.programme_year)
    assert new.template.version == 2
    data["clause_0_body"] = "Kaputt {unbekannt}"
    bad = client.post("/zielvereinbarungen/vorlage/2025/", data)
    assert bad.status_code == 400 and "Unbekannter Platzhalter" in bad.content.decode()


def test_amendment_page_shows_the_changes(client, wf_draft, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    sign_both(wf_draft, ministry_user)
    client.force_login(ministry_user)
    client.post(f"/zielvereinbarungen/{wf_draft.pk}/aenderung/", {"reason": "Kürzung"})
    v2 = Agreement.objects.get(version=2)
    client.post(f"/zielvereinbarungen/{v2.pk}/haushaltsmittel/", {
        "name_0": "Ausbildungs- und Qualifizierungsbudget", "amount_0": "700.000"})
    page = client.get(f"/zielvereinbarungen/{v2.pk}/").content.decode()
    assert "Änderungen gegenüber Fassung 1" in page and "700.000,00\u00a0€" in page
    assert not v2.signatures.exists()  # signatures of version 1 stay on version 1
    assert Agreement.objects.get(version=1).signatures.get(party="ministry").date == \
        date(2025, 8, 2)


def test_the_region_uploads_the_signed_scan(client, wf_draft, ministry_user, region_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="H", title="S")
    client.force_login(region_user)
    url = f"/zielvereinbarungen/{wf_draft.pk}/unterschrift/region/"
    data = {"place": "Korbach", "day": "13.08.2025", "name": "Karl-Friedrich Frese",
            "title": "Erster Kreisbeigeordneter", "confirm": "on"}
    bad = client.post(url, {**data, "scan": SimpleUploadedFile("foto.jpg", b"\xff\xd8jpeg")})
    assert bad.status_code == 400 and "foto.jpg" in bad.content.decode()
    assert Agreement.objects.get(pk=wf_draft.pk).status == Status.SIGNED_MINISTRY
    scan = tiny_pdf()
    ok = client.post(url, {**data, "scan": SimpleUploadedFile("scan.pdf", scan)})
    assert ok.status_code == 302
    assert Agreement.objects.get(pk=wf_draft.pk).signed_file.read() == scan


def test_the_template_editor_shows_long_legal_text_whole(client, wf_draft, ministry_user):
    client.force_login(ministry_user)
    response = client.get("/zielvereinbarungen/vorlage/2025/")
    form = response.context["form"]
    page = response.content.decode()
    assert 'class="aqb-form aqb-form--text"' in page  # full width
    for name, field in form.fields.items():
        if name.endswith("_body"):
            text = field.initial
            rows = int(field.widget.attrs["rows"])
            # Tall enough for the whole text at 100 characters a line (up to 40 rows).
            assert rows >= min(40, max(len(text) // 100, text.count("\n") + 1)), name
    assert 'name="purpose"' in page and "<textarea" in page.split('name="purpose"')[0][-200:]
