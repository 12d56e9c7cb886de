import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.agreements import services as ag
from aqb.agreements.document import agreement_document
from aqb.agreements.models import Agreement, Status
from aqb.agreements.render import render
from aqb.agreements.selectors import version_diff
from aqb.audit.models import AuditEntry

from .conftest import sign_both
from .pdfs import tiny_pdf


def test_a_draft_takes_the_allocation_and_the_four_measure_types(wf_draft):
    assert [(b.name, b.amount) for b in wf_draft.budget_lines.all()] == [
        ("Ausbildungs- und Qualifizierungsbudget", Decimal("773920.00"))]
    assert [m.number for m in wf_draft.measures.all()] == [1, 2, 3, 4]
    assert wf_draft.status == Status.DRAFT
    assert wf_draft.template.version == 1


def test_a_second_draft_for_the_same_year_is_refused(wf_draft, ministry_user):
    with pytest.raises(ValidationError, match="neue Fassung"):
        ag.agreement_create_draft(actor=ministry_user, region=wf_draft.region,
                                  programme_year=wf_draft.programme_year)


def test_projects_are_own_records_listed_under_a_measure(wf_draft, ministry_user):
    entry = ag.agreement_add_project(actor=ministry_user, agreement=wf_draft, measure_number=1,
                                     name="Aktivierung und Vermittlung von Migranten",
                                     short_name="AVIA", planned_amount=Decimal("120000"))
    assert entry.label == "AVIA (Aktivierung und Vermittlung von Migranten)"
    assert entry.project.region == wf_draft.region
    assert entry.project.first_year == 2025
    assert AuditEntry.objects.filter(action="agreement.project_add").exists()


def test_agreeing_freezes_the_content(wf_draft, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    with pytest.raises(ValidationError, match="festgeschrieben"):
        ag.agreement_add_project(actor=ministry_user, agreement=wf_draft, measure_number=1,
                                 name="Zu spät")
    with pytest.raises(ValidationError):
        ag.agreement_set_budgets(actor=ministry_user, agreement=wf_draft,
                                 lines=[("AQB", Decimal("1"))])


def test_the_ministry_signs_first(wf_draft, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    with pytest.raises(ValidationError, match="Ministerium unterzeichnet zuerst"):
        ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="region",
                          place="Korbach", day=date(2025, 8, 13), name="X", title="Landrat")


def test_a_draft_cannot_be_signed(wf_draft, ministry_user):
    with pytest.raises(ValidationError, match="abgestimmt"):
        ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                          place="Wiesbaden", day=date(2025, 8, 2), name="X", title="Y")


def test_signing_stores_the_document_once_and_never_regenerates_it(wf_draft, ministry_user,
                                                                   region_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    signed = sign_both(wf_draft, ministry_user, region_actor=region_user)
    assert signed.status == Status.SIGNED
    data = signed.signed_file.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == signed.signed_file_sha256
    # a later change of master data changes renderings, not the signed record
    region = signed.region
    region.genitive_override = "des Landkreises W.-F."
    region.save()
    fresh = Agreement.objects.get(pk=signed.pk)
    assert hashlib.sha256(fresh.signed_file.read()).hexdigest() == signed.signed_file_sha256
    with pytest.raises(ValidationError, match="nicht überschrieben"):
        ag.agreement_attach_scan(actor=ministry_user, agreement=fresh, content=tiny_pdf(),
                                 filename="scan.pdf")
    actions = list(AuditEntry.objects.filter(object_type="agreements.agreement",
                                             object_id=str(signed.pk)).values_list(
        "action", flat=True))
    assert actions == ["agreement.create", "agreement.agree", "agreement.sign_ministry",
                       "agreement.sign_region"]


def test_a_region_may_not_sign_for_another_region(wf_draft, ministry_user,
                                                  foreign_region_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="H", title="S")
    with pytest.raises(PermissionDenied):
        ag.agreement_sign(actor=foreign_region_user, agreement=wf_draft, party="region",
                          place="X", day=date(2025, 8, 3), name="X", title="Y")


def test_only_the_ministry_moves_the_workflow(wf_draft, region_user, authority_user):
    for user in (region_user, authority_user):
        with pytest.raises(PermissionDenied):
            ag.agreement_agree(actor=user, agreement=wf_draft)


def test_publish_only_after_both_signatures(wf_draft, ministry_user):
    with pytest.raises(ValidationError):
        ag.agreement_publish(actor=ministry_user, agreement=wf_draft)
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    sign_both(wf_draft, ministry_user)
    published = ag.agreement_publish(actor=ministry_user, agreement=wf_draft)
    assert published.status == Status.PUBLISHED and published.published_at


def test_an_amendment_is_a_new_version_and_shows_what_changed(wf_draft, ministry_user):
    ag.agreement_add_project(actor=ministry_user, agreement=wf_draft, measure_number=3,
                             name="Checkpoint")
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    sign_both(wf_draft, ministry_user)
    v2 = ag.agreement_amend(actor=ministry_user, agreement=wf_draft, reason="Kürzung um 10 %")
    ag.agreement_set_budgets(actor=ministry_user, agreement=v2,
                             lines=[("Ausbildungs- und Qualifizierungsbudget",
                                     Decimal("696528"))])
    ag.agreement_add_project(actor=ministry_user, agreement=v2, measure_number=3,
                             name="Restart")
    old = Agreement.objects.get(pk=wf_draft.pk)
    assert (old.is_current, old.status, v2.version, v2.supersedes_id) == (
        False, Status.SIGNED, 2, old.pk)
    diff = version_diff(old, v2)
    assert "Haushaltsmittel: Ausbildungs- und Qualifizierungsbudget 773.920,00\u00a0€ → " \
        "Ausbildungs- und Qualifizierungsbudget 696.528,00\u00a0€" in diff
    assert "Maßnahmeart 3: Projekt „Restart“ hinzugefügt" in diff
    with pytest.raises(ValidationError):
        ag.agreement_amend(actor=ministry_user, agreement=old, reason="x")


def test_the_document_uses_the_ministry_name_of_its_date(wf_draft, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2023, 6, 1), name="Kai Klose",
                      title="Staatsminister")
    text = render(agreement_document(wf_draft), "txt").decode()
    assert "dem Hessischen Ministerium für Soziales und Integration" in text
    assert "(HMSI)" in text and "HMAIJS" not in text


def test_a_template_edit_is_a_new_version_and_old_agreements_keep_theirs(
        wf_draft, ministry_user):
    clauses = [dict(c) for c in wf_draft.template.clauses]
    clauses[0]["body"] = "Neue Präambel für {region_akkusativ}."
    tpl = ag.template_save(actor=ministry_user, programme_year=wf_draft.programme_year,
                           clauses=clauses)
    assert tpl.version == 2
    wf_draft.refresh_from_db()
    assert wf_draft.template.version == 1
    with pytest.raises(ValidationError, match="Unbekannter Platzhalter"):
        clauses[0]["body"] = "Hallo {gibtsnicht}"
        ag.template_save(actor=ministry_user, programme_year=wf_draft.programme_year,
                         clauses=clauses)


def test_an_uploaded_scan_becomes_the_signed_record(wf_draft, ministry_user):
    ag.agreement_agree(actor=ministry_user, agreement=wf_draft)
    ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="ministry",
                      place="Wiesbaden", day=date(2025, 8, 2), name="H", title="S")
    with pytest.raises(ValidationError, match="keine PDF-Datei"):
        ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="region",
                          place="Korbach", day=date(2025, 8, 13), name="F", title="E",
                          scan=b"GIF89a", scan_name="foto.gif")
    assert Agreement.objects.get(pk=wf_draft.pk).status == Status.SIGNED_MINISTRY
    scan = tiny_pdf()
    signed = ag.agreement_sign(actor=ministry_user, agreement=wf_draft, party="region",
                               place="Korbach", day=date(2025, 8, 13), name="F", title="E",
                               scan=scan, scan_name="scan.pdf")
    assert signed.signed_file.read() == scan
    assert signed.signed_file_sha256 == hashlib.sha256(scan).hexdigest()
