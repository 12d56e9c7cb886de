"""Forms under fuzzing (issue 13, item 4).

(a) Every important money, date and number form of the app is fed hostile input by hypothesis
(any unicode incl. NUL, RTL marks and emoji, very long strings, huge integers and decimals,
"NaN"/"Infinity", negative amounts, impossible and out-of-range dates). The form must never
raise: it is either invalid with German messages at the fields, or valid with values that
the database can hold (dates within the range of GermanDateField, counts that fit an integer
column, amounts within MAX_AMOUNT, text without NUL).

(b) A handful of the same forms are posted through the real views as the role that may use
them: never a 500, and an invalid form leaves the database unchanged (row counts of the
touched tables and the length of the audit chain).

Deterministic: derandomize=True, a bounded number of examples, no deadline.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aqb.german.fields import DATE_MAX, DATE_MIN, ID_MAX
from aqb.german.money import MAX_AMOUNT

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
VIEW_FUZZ = settings(FUZZ, max_examples=30)

HOSTILE = [
    "", " ", "0", "-0", "-1", "-0,01", "-1.234,56", "−5", "1e30", "1E+30", "9" * 40,
    "99999999999999999999999999999999", "1.000.000.000,01", "1000000000000", "NaN", "nan",
    "Infinity", "-Infinity", "inf", "sNaN", "0x10", "1_000", "٣٤٥", "１２３", "12,345,678",
    "0001-01-01", "9999-12-31", "2025-02-30", "31.02.2025", "10000-01-01", "0000-00-00",
    "1899-12-31", "2101-01-01", "01.01.0001", "31.12.9999", "29.02.2023", "32.13.2025",
    "2025-13-01", "99.99.99", "01.01.00", "0001-01-01T00:00", "9999-12-31T23:59",
    "2025-06-01T25:61", "-2025-01-01", "\x00", "a\x00b", "1\x00", "2025-01-01\x00",
    "\u202eevil\u202c", "\u200f\u0645\u0631\u062d\u0628\u0627", "😀" * 50, "🏳️‍🌈",
    "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "\t=1", "\r=1", "<script>alert(1)</script>",
    "' OR 1=1 --", "x" * 5000, "Ä" * 20001, "\ud7ff\ue000\uffff", "\n\n\n", "06635",
]


def hostile_text():
    return st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300),
                     st.integers(min_value=-(10**40), max_value=10**40).map(str),
                     st.decimals(allow_nan=True, allow_infinity=True).map(str),
                     st.dates().map(lambda d: d.isoformat()),
                     st.dates().map(lambda d: d.strftime("%d.%m.%Y")))


def hostile_data(field_names):
    return st.fixed_dictionaries({n: hostile_text() for n in field_names})


ENGLISH = re.compile(r"\b(Enter|Ensure|This field|Select a valid|is not|valid|characters|"
                     r"required|number|date|value)\b")
INT_MAX = 2**31 - 1


def check(form: forms.Form) -> None:
    """The form either refuses in German or gives values the database can hold."""
    valid = form.is_valid()
    for field, errors in form.errors.items():
        assert field == "__all__" or field in form.fields, field
        for message in errors:
            assert not ENGLISH.search(message), (field, message)
    if not valid:
        return
    for name, value in form.cleaned_data.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            widget = getattr(form.fields.get(name), "widget", None)
            hidden_id = isinstance(widget, forms.HiddenInput)
            assert -INT_MAX <= value <= (ID_MAX if hidden_id else INT_MAX), (name, value)
        elif isinstance(value, Decimal):
            assert value.is_finite() and abs(value) <= MAX_AMOUNT, (name, value)
        elif isinstance(value, datetime):
            assert DATE_MIN <= value.date() <= DATE_MAX, (name, value)
        elif isinstance(value, date):
            assert DATE_MIN <= value <= DATE_MAX, (name, value)
        elif isinstance(value, str):
            assert "\x00" not in value, name


def fuzz_form(make, data_st=None):
    """Run hypothesis over `make(data)`; the field names come from an unbound instance."""
    names = list(make(None).fields)

    @FUZZ
    @given(data=data_st or hostile_data(names))
    def run(data):
        check(make(data))

    run()


# --- (a) the forms themselves ----------------------------------------------------------------

def simple_forms():
    from aqb.agreements import forms as af
    from aqb.budgets import forms as bf
    from aqb.conferences import forms as cf
    from aqb.funding import forms as ff
    from aqb.funding import forms_notice as fn
    from aqb.funding import forms_passon as fp
    from aqb.funding import forms_payments as fpay
    from aqb.funding import forms_settling as fs
    from aqb.funding import proof_forms as pf
    from aqb.projects import forms as prf
    from aqb.steering import dashboard_forms as sd
    from aqb.steering import forms_reviews as sr
    from aqb.surveys import forms as suf

    return {
        "budgets.ProgrammeYearCreate": bf.ProgrammeYearCreateForm,
        "budgets.Earmark": bf.EarmarkForm,
        "agreements.BudgetLines": af.BudgetLinesForm,
        "agreements.Sign": af.SignForm,
        "projects.Project": prf.ProjectForm,
        "projects.ProjectCreate": prf.ProjectCreateForm,
        "funding.Line": ff.LineForm,
        "funding.EarlyStart": ff.EarlyStartForm,
        "funding.PaymentRequest": fpay.PaymentRequestForm,
        "funding.PaymentPay": fpay.PaymentPayForm,
        "funding.Notice": fn.NoticeForm,
        "funding.NoticeAmend": fn.AmendForm,
        "funding.LegalForce": fn.LegalForceForm,
        "funding.Waiver": fn.WaiverForm,
        "funding.Settlement": fs.SettlementForm,
        "funding.Until": fs.UntilForm,
        "funding.RefundPayment": fs.RefundPaymentForm,
        "funding.Deferral": fs.DeferralForm,
        "funding.BaseRate": fs.BaseRateForm,
        "funding.Proof": pf.ProofForm,
        "funding.ProofLine": pf.ProofLineForm,
        "funding.Voucher": pf.VoucherForm,
        "funding.Report": fp.ReportForm,
        "funding.ExpenseLine": fp.ExpenseLineForm,
        "conferences.Conference": cf.ConferenceForm,
        "conferences.Register": cf.RegisterForm,
        "surveys.Survey": suf.SurveyForm,
        "surveys.Question": suf.QuestionForm,
        "surveys.Send": suf.SendForm,
        "steering.Settings": sd.SettingsForm,
        "steering.Adjustment": sd.AdjustmentForm,
        "steering.Schedule": sr.ScheduleForm,
        "steering.Action": sr.ActionForm,
        "steering.Done": sr.DoneForm,
    }


SIMPLE = sorted(simple_forms())


@pytest.mark.django_db
@pytest.mark.parametrize("key", SIMPLE)
def test_form_never_crashes(key, region_wf):
    fuzz_form(simple_forms()[key])


@pytest.mark.django_db
def test_year_dependent_forms_never_crash(ministry_user, region_wf):
    from aqb.agreements.forms import ProjectAddForm, TargetsForm
    from aqb.budgets import forms as bf
    from aqb.funding.forms_passon import PassOnForm
    from aqb.monitoring.forms import ParticipantForm
    from aqb.regions.models import Region

    py, agreement = _year_with_draft(ministry_user, region_wf, amount=Decimal("773920"))
    regions = list(Region.objects.order_by("ags")[:3])
    parts = [("", "allgemein")]
    makers = {
        "ProgrammeYearEdit": lambda d: bf.ProgrammeYearEditForm(d, programme_year=py),
        "EarmarkFixed": lambda d: bf.EarmarkFixedForm(d, regions=regions),
        "Change": lambda d: bf.ChangeForm(d, regions=regions, parts=parts),
        "Shift": lambda d: bf.ShiftForm(d, regions=regions, parts=parts),
        "CashPlan": lambda d: bf.CashPlanForm(d, years=[2025, 2026, 2027], initial_amounts={}),
        "ProjectAdd": lambda d: ProjectAddForm(d, agreement=agreement),
        "Targets": lambda d: TargetsForm(d, agreement=agreement),
        "PassOn": lambda d: PassOnForm(d, projects=list(agreement.region.projects.all())),
        "Participant": lambda d: ParticipantForm(d, region_ags="06635"),
    }
    for make in makers.values():
        fuzz_form(make)


def test_hostile_list_hits_the_fixed_crashes():
    """The values that crashed before the fixes (kept so the list is not trimmed)."""
    for value in ("9999-12-31", "0001-01-01", "99999999999999999999999999999999", "a\x00b"):
        assert value in HOSTILE


# --- (b) through the views --------------------------------------------------------------------

def _snapshot(*models):
    from aqb.audit.models import AuditEntry

    return tuple(m.objects.count() for m in (*models, AuditEntry))


def _post_fuzz(client, url, valid: dict, models):
    """POST `valid` with one or two fields replaced by hostile values (or the hostile value
    added to every field): never a 500; a refused form changes nothing and says why."""
    names = sorted(valid)
    one = st.tuples(st.sampled_from(names), hostile_text()).map(lambda p: {p[0]: p[1]})
    two = st.tuples(one, one).map(lambda p: {**p[0], **p[1]})
    every = hostile_data(names)
    seen = set()

    @VIEW_FUZZ
    @given(change=st.one_of(one, one, two, every))
    def run(change):
        before = _snapshot(*models)
        response = client.post(url, {**valid, **change})
        seen.add(response.status_code)
        assert response.status_code in (302, 400), (response.status_code, change)
        if response.status_code == 400:
            assert _snapshot(*models) == before, change
            body = response.content.decode()
            assert "Bitte" in body or "bitte" in body or "nicht" in body, body[-2000:]

    run()
    assert 400 in seen  # the hostile data reached the form


@pytest.mark.django_db
def test_programme_year_and_earmark_pages(client, ministry_user):
    from aqb.budgets.models import Earmark, ProgrammeYear

    client.force_login(ministry_user)
    ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    _post_fuzz(client, "/programmjahre/neu/", {
        "year": "2026", "total": "28.700.000,00", "application_deadline": "31.03.2026",
        "notes": "Haushalt"}, [ProgrammeYear])
    _post_fuzz(client, "/programmjahre/2025/zweckbindungen/neu/", {
        "name": "Teilzeitausbildung", "amount": "1.000.000"}, [Earmark])


@pytest.mark.django_db
def test_project_create_page(client, region_user, region_wf):
    from aqb.projects.models import Project

    client.force_login(region_user)
    _post_fuzz(client, f"/projekte/neu/{region_wf.ags}/", {
        "name": "Aktivierung", "short_name": "AKT", "measure_number": "1",
        "planned_amount": "120.000", "planned_participants": "40", "first_year": "2025",
        "last_year": "2026", "provider": ""}, [Project])


@pytest.mark.django_db
def test_agreement_project_add_page(client, ministry_user, region_wf):
    from aqb.agreements.models import AgreementProject
    from aqb.projects.models import Project

    py, agreement = _year_with_draft(ministry_user, region_wf, amount=Decimal("773920"),
                                     project=False)
    client.force_login(ministry_user)
    _post_fuzz(client, f"/zielvereinbarungen/{agreement.pk}/projekte/neu/", {
        "measure_number": "1", "name": "Aktivierung", "short_name": "", "provider": "",
        "planned_amount": "120.000", "planned_participants": "40"},
        [Project, AgreementProject])


@pytest.mark.django_db
def test_conference_create_page(client, ministry_user):
    from aqb.conferences.models import Conference

    client.force_login(ministry_user)
    _post_fuzz(client, "/tagungen/neu/", {
        "title": "Fachtag", "starts_at": "2026-05-12T09:30", "ends_at": "2026-05-12T16:00",
        "place": "Kassel", "description": "", "capacity": "80",
        "registration_deadline": "2026-05-01", "status": "open"}, [Conference])


@pytest.mark.django_db
def test_payment_request_page(client, ministry_user, region_user, authority_user):
    from aqb.funding.models import PaymentRequest
    from aqb.funding.selectors import agreement_projects_unscoped
    from aqb.funding.tests.helpers import notice_of, ready_application_of
    from aqb.regions.models import Region

    region = Region.objects.get(ags="06635")
    py, agreement = _year_with_draft(ministry_user, region)
    project = agreement_projects_unscoped(region, py)[0]
    app = ready_application_of(project, region_user=region_user,
                               authority_user=authority_user, region=region, programme_year=py)
    notice = notice_of(app, authority_user=authority_user)
    client.force_login(region_user)
    _post_fuzz(client, f"/foerderung/bescheide/{notice.pk}/mittelabrufe/", {
        "date": "01.06.2025", "amount": "1.000,00", "needed_by": "15.06.2025",
        "reason": "Personalkosten", "use_of_earlier": ""}, [PaymentRequest])


@pytest.mark.django_db
@pytest.mark.parametrize("field,value", [
    ("starts_at", "0001-01-01T00:00"),  # was an OverflowError (500) converting to UTC
    ("registration_deadline", "9999-12-31"),
])
def test_found_conference_dates_out_of_range_are_refused(client, ministry_user, field, value):
    from aqb.conferences.models import Conference

    client.force_login(ministry_user)
    data = {"title": "Fachtag", "starts_at": "2026-05-12T09:30", "ends_at": "2026-05-12T16:00",
            "place": "Kassel", "capacity": "80", "registration_deadline": "2026-05-01",
            "status": "open", field: value}
    response = client.post("/tagungen/neu/", data)
    assert response.status_code == 400
    assert "zwischen dem 01.01.1900 und dem 31.12.2100" in response.content.decode()
    assert not Conference.objects.exists()


@pytest.mark.django_db
def test_found_participant_count_beyond_the_integer_column_is_refused(client, ministry_user,
                                                                      region_wf):
    """3.000.000.000 was stored on SQLite and refused by PostgreSQL's column limit; now the
    form refuses it on both."""
    from aqb.projects.models import Project

    py, agreement = _year_with_draft(ministry_user, region_wf, amount=Decimal("773920"),
                                     project=False)
    client.force_login(ministry_user)
    response = client.post(f"/zielvereinbarungen/{agreement.pk}/projekte/neu/", {
        "measure_number": "1", "name": "Aktivierung", "planned_participants": "3000000000"})
    assert response.status_code == 400
    assert "höchstens 1000000" in response.content.decode()
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_survey_answer_page():
    """The answers are read from the POST (no Django form): same promise."""
    from django.test import Client

    from aqb.surveys.models import Answer, Response
    from aqb.surveys.tests.factories import full_answers, people, sent

    p = people()
    survey, q = sent(p["ministry"])
    client = Client()
    client.force_login(p["wf_user"])
    valid = {f"frage-{pk}": values[0] for pk, values in full_answers(q).items()}
    valid["aktion"] = "entwurf"
    _post_fuzz(client, f"/umfragen/{survey.pk}/antworten/06635/", valid, [Response, Answer])


@pytest.mark.django_db
def test_found_nul_in_a_survey_text_answer_is_refused():
    """PostgreSQL refuses NUL in a text (psycopg DataError, a 500); the answer is refused in German
    and nothing is saved."""
    from django.test import Client

    from aqb.surveys.models import Answer, Response
    from aqb.surveys.tests.factories import people, sent

    p = people()
    survey, q = sent(p["ministry"])
    client = Client()
    client.force_login(p["wf_user"])
    response = client.post(f"/umfragen/{survey.pk}/antworten/06635/", {
        "aktion": "entwurf", f"frage-{q['text'].pk}": "gut\x00gelaufen"})
    assert response.status_code == 400
    assert "unzulässiges Steuerzeichen" in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()


def _year_with_draft(ministry_user, region, *, amount=Decimal("500000"), project=True):
    """Programme year 2025 with the default measure types, an allocation of `amount` for
    `region` and its draft agreement (with one project unless `project=False`)."""
    from aqb.agreements import services as ag
    from aqb.budgets.models import DEFAULT_MEASURE_TYPES, Allocation, ProgrammeYear

    py = ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    for n, title in DEFAULT_MEASURE_TYPES.items():
        py.measure_types.create(number=n, title=title)
    Allocation.objects.create(programme_year=py, region=region, amount=amount)
    agreement = ag.agreement_create_draft(actor=ministry_user, region=region, programme_year=py)
    if project:
        ag.agreement_add_project(actor=ministry_user, agreement=agreement, measure_number=1,
                                 name="Ausbildungsprojekt")
    return py, agreement


@pytest.mark.django_db
def test_agreement_targets_page(client, ministry_user, region_wf):
    from aqb.agreements.models import AgreementProject
    from aqb.agreements.targets import target_field
    from aqb.audit.models import AuditEntry

    _, agreement = _year_with_draft(ministry_user, region_wf)
    entry = AgreementProject.objects.get()
    client.force_login(ministry_user)
    valid = {target_field("planned_participants", entry.pk): "40",
             target_field("planned_amount", entry.pk): "120.000",
             target_field("outcome_target", entry.pk): "62,5"}
    _post_fuzz(client, f"/zielvereinbarungen/{agreement.pk}/ziele/", valid, [AuditEntry])


@pytest.mark.django_db
def test_financing_plan_page(client, ministry_user, region_user, region_wf):
    """The formset of the application: one form per project with a hidden project id."""
    from aqb.funding import services as fs
    from aqb.funding.models import Application, ApplicationLine
    from aqb.funding.selectors import agreement_projects_unscoped

    py, _ = _year_with_draft(ministry_user, region_wf)
    project = agreement_projects_unscoped(region_wf, py)[0]
    app = fs.application_create(actor=region_user, region=region_wf, programme_year=py)
    client.force_login(region_user)
    valid = {"plan-TOTAL_FORMS": "1", "plan-INITIAL_FORMS": "1", "plan-MIN_NUM_FORMS": "0",
             "plan-MAX_NUM_FORMS": "1000", "plan-0-project": str(project.pk),
             "plan-0-personnel_costs": "60.000", "plan-0-material_costs": "40.000",
             "plan-0-administrative_costs": "", "plan-0-other_costs": "",
             "plan-0-own_funds": "20.000", "plan-0-third_party_funds": "",
             "plan-0-requested": "", "early_start_date": "", "early_start_reason": ""}
    _post_fuzz(client, f"/foerderung/antraege/{app.pk}/bearbeiten/", valid,
               [Application, ApplicationLine])
