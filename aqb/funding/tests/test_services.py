"""The application (Antrag): financing plan, allocation limit, every step of the workflow
allowed or refused, and the audit trail."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aqb.audit import words
from aqb.audit.models import AuditEntry
from aqb.funding import services as fs
from aqb.funding.models import TRANSITIONS, Application, Status
from aqb.funding.services import LineInput
from aqb.regions.models import Region

D = Decimal


def line(project, costs="100000.00", own="20000.00", third="0.00", requested=None):
    return LineInput(project_id=project.pk, personnel_costs=D(costs), own_funds=D(own),
                     third_party_funds=D(third),
                     requested=None if requested is None else D(requested))


@pytest.fixture
def draft(year, region_user, projects):
    app = fs.application_create(actor=region_user, region=Region.objects.get(ags="06635"),
                                programme_year=year)
    fs.application_set_plan(actor=region_user, application=app,
                            lines=[line(projects[0]), line(projects[1], "50000.00", "0", "10000")])
    return Application.objects.get(pk=app.pk)


def reviewed(app, authority_user):
    fs.application_start_review(actor=authority_user, application=app)
    fs.application_sign_off(actor=authority_user, application=app, part="content")
    return fs.application_sign_off(actor=authority_user, application=app, part="arithmetic")


def test_the_plan_computes_the_amount_requested(draft):
    lines = list(draft.lines.order_by("requested"))
    assert [li.requested for li in lines] == [D("40000.00"), D("80000.00")]
    assert lines[1].costs == D("100000.00")


def test_a_given_amount_may_not_exceed_the_gap(year, region_user, projects, draft):
    with pytest.raises(ValidationError, match="höher als die Kosten abzüglich"):
        fs.application_set_plan(actor=region_user, application=draft,
                                lines=[line(projects[0], requested="80000.01")])
    fs.application_set_plan(actor=region_user, application=draft,
                            lines=[line(projects[0], requested="70000.00")])
    assert draft.lines.get().requested == D("70000.00")


def test_more_than_the_allocation_is_refused_naming_the_amounts(draft, region_user, projects):
    with pytest.raises(ValidationError) as err:
        fs.application_set_plan(actor=region_user, application=draft,
                                lines=[line(projects[0], "400000", "0"),
                                       line(projects[1], "100000.01", "0")])
    text = " ".join(err.value.messages)
    assert "500.000,01\u00a0€" in text and "500.000,00\u00a0€" in text and "0,01\u00a0€" in text
    assert draft.lines.count() == 2  # unchanged
    assert sum(li.requested for li in draft.lines.all()) == D("120000.00")


def test_a_foreign_project_is_refused(draft, region_user, year):
    from aqb.funding.selectors import agreement_projects_unscoped

    foreign = agreement_projects_unscoped(Region.objects.get(ags="06411"), year).first()
    with pytest.raises(ValidationError, match="gehört nicht zur Zielvereinbarung"):
        fs.application_set_plan(actor=region_user, application=draft, lines=[line(foreign)])


def test_early_start_needs_date_and_reason(draft, region_user, projects):
    with pytest.raises(ValidationError, match="vorzeitigen Maßnahmebeginn"):
        fs.application_set_plan(actor=region_user, application=draft, lines=[line(projects[0])],
                                early_start=True, early_start_date=date(2025, 1, 1))
    fs.application_set_plan(actor=region_user, application=draft, lines=[line(projects[0])],
                            early_start=True, early_start_date=date(2025, 1, 1),
                            early_start_reason="Kurse beginnen im Januar")
    draft.refresh_from_db()
    assert draft.early_start and draft.early_start_date == date(2025, 1, 1)


def test_a_foreign_region_and_a_provider_may_not_change_it(draft, foreign_region_user,
                                                          provider_user, projects):
    for user in (foreign_region_user, provider_user):
        with pytest.raises(PermissionDenied):
            fs.application_set_plan(actor=user, application=draft, lines=[line(projects[0])])
        with pytest.raises(PermissionDenied):
            fs.application_submit(actor=user, application=draft)


def test_a_second_open_application_is_refused(draft, region_user, year):
    with pytest.raises(ValidationError, match="schon einen offenen"):
        fs.application_create(actor=region_user, region=draft.region, programme_year=year)


def test_the_whole_way_with_a_query(draft, region_user, authority_user):
    app = fs.application_submit(actor=region_user, application=draft)
    assert app.status == Status.SUBMITTED
    fs.application_start_review(actor=authority_user, application=app)
    q = fs.application_query(actor=authority_user, application=app,
                             question="Bitte die Sachkosten erläutern.")
    app.refresh_from_db()
    assert app.status == Status.QUERY
    with pytest.raises(ValidationError, match="offene Nachforderung"):
        fs.application_submit(actor=region_user, application=app)
    fs.query_answer(actor=region_user, application=app, query=q, answer="Miete der Räume.")
    fs.application_submit(actor=region_user, application=app)
    reviewed(app, authority_user)
    app = fs.application_mark_ready(actor=authority_user, application=app)
    assert app.status == Status.READY
    app.refresh_from_db()
    assert app.content_signed_by == authority_user and app.arithmetic_signed_at is not None
    actions = list(AuditEntry.objects.filter(object_type="funding.application",
                                             object_id=str(app.pk)).values_list("action",
                                                                                flat=True))
    assert actions == ["application.create", "application.plan", "application.submit",
                       "application.review", "application.query", "application.answer",
                       "application.submit", "application.review", "application.sign_content",
                       "application.sign_arithmetic", "application.ready"]
    for entry in AuditEntry.objects.filter(object_type="funding.application"):
        assert words.entry_title(entry) != "Geändert"
        for key, label, _ in words.change_lines(entry):
            assert label != key, key


def test_ready_needs_both_sign_offs(draft, region_user, authority_user):
    fs.application_submit(actor=region_user, application=draft)
    fs.application_start_review(actor=authority_user, application=draft)
    fs.application_sign_off(actor=authority_user, application=draft, part="content")
    with pytest.raises(ValidationError, match="es fehlt: rechnerisch"):
        fs.application_mark_ready(actor=authority_user, application=draft)
    assert Application.objects.get(pk=draft.pk).status == Status.IN_REVIEW
    with pytest.raises(ValidationError, match="schon abgezeichnet"):
        fs.application_sign_off(actor=authority_user, application=draft, part="content")


def test_the_region_may_not_review_and_the_authority_may_not_submit(draft, region_user,
                                                                    authority_user):
    with pytest.raises(PermissionDenied):
        fs.application_submit(actor=authority_user, application=draft)
    fs.application_submit(actor=region_user, application=draft)
    with pytest.raises(PermissionDenied):
        fs.application_start_review(actor=region_user, application=draft)
    with pytest.raises(PermissionDenied):
        fs.application_withdraw(actor=authority_user, application=draft)


def test_reject_and_withdraw_end_the_procedure(draft, region_user, authority_user, year):
    fs.application_submit(actor=region_user, application=draft)
    fs.application_start_review(actor=authority_user, application=draft)
    with pytest.raises(ValidationError, match="begründen"):
        fs.application_reject(actor=authority_user, application=draft, reason=" ")
    app = fs.application_reject(actor=authority_user, application=draft, reason="Zweck fehlt")
    assert app.status == Status.REJECTED
    for step in (fs.application_withdraw, fs.application_submit):
        with pytest.raises(ValidationError, match="abgelehnt"):
            step(actor=region_user, application=app)
    again = fs.application_create(actor=region_user, region=app.region, programme_year=year)
    assert fs.application_withdraw(actor=region_user, application=again).status == \
        Status.WITHDRAWN
    assert AuditEntry.objects.filter(action="application.withdraw").count() == 1


@pytest.mark.parametrize("frm", [s for s in Status.values])
def test_every_step_outside_the_table_is_refused(draft, frm, authority_user, region_user):
    Application.objects.filter(pk=draft.pk).update(status=frm)
    allowed = {to for f, to, _, _ in TRANSITIONS if f == frm}
    steps = {Status.SUBMITTED: lambda a: fs.application_submit(actor=region_user, application=a),
             Status.WITHDRAWN: lambda a: fs.application_withdraw(actor=region_user,
                                                                 application=a),
             Status.IN_REVIEW: lambda a: fs.application_start_review(actor=authority_user,
                                                                     application=a),
             Status.QUERY: lambda a: fs.application_query(actor=authority_user, application=a,
                                                          question="Frage")}
    for to, step in steps.items():
        app = Application.objects.get(pk=draft.pk)
        if to in allowed:
            assert step(app) is not None
            Application.objects.filter(pk=draft.pk).update(status=frm)
        else:
            before = AuditEntry.objects.count()
            with pytest.raises(ValidationError):
                step(app)
            assert AuditEntry.objects.count() == before


def test_attachments_must_be_pdfs(draft, region_user):
    with pytest.raises(ValidationError, match="keine PDF-Datei"):
        fs.attachment_add(actor=region_user, application=draft, title="Kalkulation",
                          content=b"<html>", filename="kalk.pdf")
    assert not draft.attachments.exists()


def test_a_second_open_application_at_the_same_moment_gets_the_german_message(
        draft, region_user, year, monkeypatch):
    """Two requests at once both pass the service's check; the database constraint stops the
    second, and the user reads the same German message instead of an error page."""
    monkeypatch.setattr(fs, "ALIVE", ())  # the check sees nothing open, as a racing request
    with pytest.raises(ValidationError, match="schon einen offenen oder bewilligten"):
        fs.application_create(actor=region_user, region=draft.region, programme_year=year)
    assert Application.objects.filter(region=draft.region).count() == 1


def test_plan_amounts_go_through_the_one_money_check(draft, region_user, projects):
    """More than 1 Mrd. Euro is refused with the field named; cents are rounded half up."""
    with pytest.raises(ValidationError, match="Personalkosten.*zu hoch"):
        fs.application_set_plan(actor=region_user, application=draft, lines=[
            fs.LineInput(project_id=projects[0].pk, personnel_costs=Decimal("1000000000.01"))])
    with pytest.raises(ValidationError, match="Eigenmittel.*nicht negativ"):
        fs.application_set_plan(actor=region_user, application=draft, lines=[
            fs.LineInput(project_id=projects[0].pk, personnel_costs=Decimal("100"),
                         own_funds=Decimal("-1"))])
    fs.application_set_plan(actor=region_user, application=draft, lines=[
        fs.LineInput(project_id=projects[0].pk, personnel_costs=Decimal("100.005"))])
    assert draft.lines.get().personnel_costs == Decimal("100.01")
