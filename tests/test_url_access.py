"""Walks every URL pattern of the project for every role and checks who gets what.

Each view declares its access kind with `aqb.accounts.policy.access(...)`; views of an object
kind (REGION_OBJECT, REGION_EDIT, PROJECT_OBJECT) name a resolver that loads and checks their
object before they run. This test
- fails for a view without a declaration, a URL without a name, or an object-bound view whose
  resolver is missing or not fed by its URL (so new views are covered),
- finds the region- and provider-bound models in the app registry (a foreign-key path to
  Region or Provider) and seeds one row of each per region, with that region's own marker;
  it fails for a bound model without a seed,
- fails for a URL kwarg it cannot fill (add a sample below),
- opens each URL as anonymous, ministry, authority, region (06635), foreign region (06411) and
  provider; URLs of an object kind are opened for both regions' objects (decided by the access
  kind, not by URL name); expects allowed or denied by the declaration and the object's region,
- fails if any page of a non-state user carries another region's markers,
- POSTs to every denied URL and compares the row counts of all tables before and after.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.models import Membership, Provider, Role
from aqb.agreements.models import Agreement, AgreementProject, Status
from aqb.budgets.models import Allocation, ProgrammeYear
from aqb.regions.models import MinistryName, Region, Signatory
from conftest import make_user

OWN, FOREIGN = "06635", "06411"
NAMES = {OWN: "Waldeck-Frankenberg", FOREIGN: "Wissenschaftsstadt Darmstadt"}
# The provider of the walk runs the published project of OWN: it may see that project and
# the name of its region.
PROVIDER_MAY_SEE = {f"Öffentliches Projekt {OWN}",
                    # money passed on to it, its expense report and the region's objection
                    f"WL-{OWN}", "13.579", f"Beanstandung {OWN}", f"Zahlungsempfänger {OWN}",
                    # the participants of the project it runs (record pages, monitoring)
                    f"TN-{OWN}"}
# Pages that list all 26 districts as choices (public master data, not another region's
# data): the residence of a participant may be any district of Hessen.
DISTRICT_CHOICES = {"records:create", "records:edit"}


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(p.url_patterns, prefix + str(p.pattern), full_ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p.callback


# kwarg samples: name -> callable(region_ags) -> value. Region-bound kwargs get the region
# under test (own or foreign); others a fixed object.
def _signatory_pk(ags: str) -> int:
    region = Region.objects.get(ags=ags)
    sig, _ = Signatory.objects.get_or_create(region=region, name=f"Person {ags}", title="Landrat")
    return sig.pk


def _draft_pk(ags: str) -> int:
    return Agreement.objects.get(region__ags=ags, is_current=True).pk


def _api_token_pk(ags: str) -> int:
    """A token of someone else: every walker role must get 404 (or 405 on GET)."""
    from aqb.api.models import ApiToken

    token = ApiToken.objects.filter(name="Walker").first()
    if token is None:
        owner = make_user("walker-token-owner")
        token = ApiToken.objects.create(user=owner, name="Walker", prefix="aqb_walker",
                                        key_hash="0" * 64)
    return token.pk


def _notification_pk(ags: str) -> int:
    """A notification of someone else: every walker role must get 404."""
    from aqb.notifications.models import Notification

    n = Notification.objects.filter(title="Walker").first()
    if n is None:
        owner = make_user("walker-inbox-owner")
        n = Notification.objects.create(user=owner, kind="general", title="Walker")
    return n.pk


def _published_pk(ags: str) -> int:
    return Agreement.objects.get(region__ags=ags, status=Status.PUBLISHED).pk


def _entry_pk(ags: str) -> int:
    return AgreementProject.objects.filter(measure__agreement_id=_draft_pk(ags)).first().pk


def _job_pk(ags: str):
    """A job of someone else: every walker role must get 404 (or 405 on GET)."""
    from aqb.jobs.models import Job

    job = Job.objects.filter(title="Walker").first()
    if job is None:
        owner = make_user("walker-job-owner", Role.MINISTRY)
        job = Job.objects.create(user=owner, title="Walker", task_path="x", status="failed")
    return job.pk


SAMPLES: dict[str, Callable[[str], object]] = {
    "ags": lambda ags: ags,
    "year": lambda ags: 2025,
    "fmt": lambda ags: "txt",
    "name": lambda ags: "agree",
    "entry": _entry_pk,
    # a dataset of the open-data registry (the public API: /api/v1/public/datasets/<slug>)
    "slug": lambda ags: "zuweisungen",
}
SAMPLES_BY_URL: dict[str, dict[str, Callable[[str], object]]] = {
    "regions:ministry_name_edit": {"pk": lambda ags: MinistryName.objects.first().pk},
    "regions:signatory_edit": {"pk": _signatory_pk},
    **{f"agreements:{n}": {"pk": _draft_pk} for n in (
        "budgets", "project_add", "project_remove", "transition", "sign_ministry", "amend",
        "take_allocation", "targets")},
    "api:agreement": {"agreement_id": _draft_pk},
    "api:funding_application_submit": {"application_id": lambda ags: _application_pk(ags)},
    "api:funding_application_step": {"application_id": lambda ags: _application_pk(ags)},
    "api:funding_settle": {"notice_id": lambda ags: _notice_pk(ags)},
    "api:funding_refund": {"refund_id": lambda ags: _refund_pk(ags)},
    "api:funding_notice_proof": {"notice_id": lambda ags: _notice_pk(ags)},
    "api:funding_proof_review": {"proof_id": lambda ags: _proof_pk(ags)},
    "api:funding_pass_on_create": {"notice_id": lambda ags: _notice_pk(ags)},
    "api:funding_expense_line_add": {"report_id": lambda ags: _report_pk(ags)},
    "api:monitoring_participants_import": {"project_id": lambda ags: _project_pk(ags)},
    "funding:notice_document": {"version": lambda ags: 1},
    "api:funding_notice_issue": {"application_id": lambda ags: _application_pk(ags)},
    "api_token_revoke": {"pk": _api_token_pk},
    **{f"jobs:{n}": {"pk": _job_pk} for n in ("detail", "retry", "download")},
    **{f"notifications:{n}": {"pk": _notification_pk} for n in ("open", "read")},
    # a token that belongs to nobody: the feed answers 404 for everyone
    "notifications:feed": {"token": lambda ags: "kein-gueltiger-schluessel"},
    **{f"public:{n}": {"pk": _published_pk} for n in ("detail", "pdf")},
    "agreements:signed_file": {"pk": _published_pk},
}


def _project_pk(ags: str) -> int:
    """The region's published project; OWN's is run by the walker's provider."""
    from aqb.projects.models import Project

    return Project.objects.get(region__ags=ags, name=f"Öffentliches Projekt {ags}").pk


def _application_pk(ags: str) -> int:
    from aqb.funding.models import Application

    return Application.objects.get(region__ags=ags).pk


def _proof_pk(ags: str) -> int:
    from aqb.funding.models import Proof

    return Proof.objects.get(notice__region__ags=ags).pk


def _attachment_pk(ags: str) -> int:
    from aqb.funding.models import Attachment

    return Attachment.objects.get(application__region__ags=ags).pk


def _notice_pk(ags: str) -> int:
    from aqb.funding.models import Notice

    return Notice.objects.get(region__ags=ags).pk


def _settlement_pk(ags: str) -> int:
    from aqb.funding.models import Settlement

    return Settlement.objects.get(notice__region__ags=ags).pk


def _refund_pk(ags: str) -> int:
    from aqb.funding.models import Refund

    return Refund.objects.get(notice__region__ags=ags).pk


def _payment_pk(ags: str) -> int:
    from aqb.funding.models import PaymentRequest

    return PaymentRequest.objects.get(notice__region__ags=ags).pk


def _conference_pk(ags: str) -> int:
    from aqb.conferences.models import Conference

    return Conference.objects.get(title="Walker-Tagung").pk


def _conference_document_pk(ags: str) -> int:
    from aqb.conferences.models import ConferenceDocument

    return ConferenceDocument.objects.get(title="Walker-Folien").pk


def _registration_pk(ags: str) -> int:
    from aqb.conferences.models import Registration

    return Registration.objects.get(note=f"Tagungshinweis {ags}").pk


def _practice_pk(ags: str, prefix: str = "Praxisentwurf") -> int:
    from aqb.conferences.models import PracticeEntry

    return PracticeEntry.objects.get(title=f"{prefix} {ags}").pk


SAMPLES.update({"conference": _conference_pk, "document": _conference_document_pk})
# Conference pages are for the state and the regions; providers get 403 (docs/steering.md).
STATE_AND_REGIONS_ONLY = {"conferences:index", "conferences:detail", "conferences:register",
                          "conferences:document"}


SAMPLES_BY_URL.update({
    "api:funding_notice": {"notice_id": _notice_pk},
    "api:funding_payment_request": {"notice_id": _notice_pk},
    "api:funding_payment_pay": {"payment_id": _payment_pk},
})


# Samples for the URL parameters of each resolver (object-bound views), per region.
RESOLVER_SAMPLES: dict[str, dict[str, Callable[[str], object]]] = {
    "agreement": {"pk": _draft_pk},
    "project": {"pk": _project_pk},
    "application": {"pk": _application_pk},
    "attachment": {"pk": _attachment_pk},
    "notice": {"pk": lambda ags: _notice_pk(ags)},
    "settlement": {"pk": lambda ags: _settlement_pk(ags)},
    "refund": {"pk": lambda ags: _refund_pk(ags)},
    "proof": {"pk": lambda ags: _proof_pk(ags)},
    "payment": {"pk": _payment_pk},
    "region": {"ags": lambda ags: ags},
    "pass_on": {"pk": lambda ags: _pass_on_pk(ags)},
    "report": {"pk": lambda ags: _report_pk(ags)},
    "participant": {"pk": lambda ags: _participant_pk(ags)},
    "review": {"pk": lambda ags: _review_pk(ags)},
    "action": {"pk": lambda ags: _review_action_pk(ags)},
    "slot": {"pk": lambda ags: _survey_pk(ags), "ags": lambda ags: ags},
    "registration": {"pk": lambda ags: _registration_pk(ags)},
    "practice": {"pk": lambda ags: _practice_pk(ags)},
    "published_practice": {"pk": lambda ags: _practice_pk(ags, "Veröffentlichte Praxis")},
}


def _review_pk(ags: str) -> int:
    from aqb.steering.models import Review

    return Review.objects.get(region__ags=ags).pk


def _review_action_pk(ags: str) -> int:
    from aqb.steering.models import ReviewAction

    return ReviewAction.objects.get(review__region__ags=ags).pk


def _survey_pk(ags: str) -> int:
    from aqb.surveys.models import Survey

    return Survey.objects.get(title="Walker-Umfrage").pk


def _survey_section_pk(ags: str) -> int:
    from aqb.surveys.models import Section

    return Section.objects.get(version__survey__title="Walker-Umfrage").pk


def _survey_question_pk(ags: str) -> int:
    from aqb.surveys.models import Question

    return Question.objects.get(section__version__survey__title="Walker-Umfrage").pk


SAMPLES_BY_URL.update({
    f"surveys:{n}": {"pk": _survey_pk, "section": _survey_section_pk,
                     "question": _survey_question_pk}
    for n in ("detail", "edit", "section_add", "section_delete", "question_add",
              "question_edit", "question_delete", "question_move", "send", "close",
              "version_discard", "section_move",
              "results")})


def _participant_pk(ags: str) -> int:
    from aqb.monitoring.models import Participant

    return Participant.objects.get(pseudonym=f"t:TN-{ags}").pk


def _pass_on_pk(ags: str) -> int:
    from aqb.funding.models import PassOn

    return PassOn.objects.get(project__region__ags=ags).pk


def _report_pk(ags: str) -> int:
    from aqb.funding.models import ExpenseReport

    return ExpenseReport.objects.get(project__region__ags=ags).pk


def _budget_scenario_pk(ags: str) -> int:
    from aqb.budgets.models import IndicatorSet, Scenario

    py = ProgrammeYear.objects.get(year=2025)
    ind, _ = IndicatorSet.objects.get_or_create(programme_year=py, name="Walker",
                                                defaults={"indicators": ["x"], "values": {}})
    sc, _ = Scenario.objects.get_or_create(
        programme_year=py, name="Walker", defaults={
            "indicator_set": ind, "total": Decimal("1000"), "weights": {"x": "1"},
            "floor": Decimal("0"), "unit": Decimal("1")})
    return sc.pk


def _budget_earmark_pk(ags: str) -> int:
    py = ProgrammeYear.objects.get(year=2025)
    return py.earmarks.get_or_create(name="Walker", defaults={"amount": Decimal("1000")})[0].pk


def _account_pk(ags: str) -> int:
    from aqb.accounts.models import User

    return User.objects.get(username="walker-rp").pk


def _membership_pk(ags: str) -> int:
    return Membership.objects.get(user__username="walker-rp").pk


def _provider_pk(ags: str) -> int:
    return Provider.objects.get(name="Walker-Träger").pk


SAMPLES_BY_URL.update({
    **{f"accounts:{n}": {"pk": _account_pk} for n in (
        "user_detail", "user_edit", "user_password", "user_status", "membership_add")},
    "accounts:membership_remove": {"pk": _account_pk, "membership": _membership_pk},
    "twofactor:reset": {"pk": _account_pk},
    "accounts:provider_edit": {"pk": _provider_pk},
})


SAMPLES_BY_URL.update({
    "budgets:scenario_adopt": {"pk": _budget_scenario_pk},
    "budgets:earmark_distribute": {"pk": _budget_earmark_pk},
    "budgets:export_table": {"table": lambda ags: "zuweisungen", "fmt": lambda ags: "csv"},
})

# open data (docs/opendata.md): a registered dataset and its all-years file (200 also when
# no year is published); a yearly file of an unpublished year would be 404
SAMPLES_BY_URL.update({
    "opendata:datapackage": {"slug": lambda ags: "zuweisungen"},
    "opendata:file": {"slug": lambda ags: "zuweisungen",
                      "file": lambda ags: f"zuweisungen-alle-jahre-{ags}.csv"},
})

# the work lists' exports (docs/funding.md, "Arbeitslisten"): the whole list as CSV
SAMPLES_BY_URL.update({
    name: {"section": lambda ags: "alle", "fmt": lambda ags: "csv"}
    for name in ("funding:worklist_export", "funding:region_tasks_export")})


def _agreements(py, ministry, provider):
    """Per region: a published version 1 (public) and a current draft version 2 (secret)."""
    from datetime import date

    from aqb.agreements import services as ag

    for ags in (OWN, FOREIGN):
        region = Region.objects.get(ags=ags)
        a = ag.agreement_create_draft(actor=ministry, region=region, programme_year=py)
        ag.agreement_set_budgets(actor=ministry, agreement=a,
                                 lines=[("Ausbildungs- und Qualifizierungsbudget",
                                         Decimal("500000"))])
        entry = ag.agreement_add_project(actor=ministry, agreement=a, measure_number=1,
                                         name=f"Öffentliches Projekt {ags}")
        # OWN's published project is run by the walk's provider, FOREIGN's by another one
        entry.project.provider = provider if ags == OWN else \
            Provider.objects.create(name="Fremder Träger")
        entry.project.save()
        ag.agreement_agree(actor=ministry, agreement=a)
        ag.agreement_sign(actor=ministry, agreement=a, party="ministry", place="Wiesbaden",
                          day=date(2025, 8, 2), name="Heike Hofmann", title="Staatsministerin")
        ag.agreement_sign(actor=ministry, agreement=a, party="region", place="Ort",
                          day=date(2025, 8, 13), name=f"Unterschrift {ags}", title="Landrat")
        ag.agreement_publish(actor=ministry, agreement=a)
        b = ag.agreement_amend(actor=ministry, agreement=a, reason=f"Änderungsgrund {ags}")
        ag.agreement_set_budgets(actor=ministry, agreement=b,
                                 lines=[("Ausbildungs- und Qualifizierungsbudget",
                                         BUDGETED[ags])])
        ag.agreement_add_project(actor=ministry, agreement=b, measure_number=3,
                                 name=f"Entwurfsprojekt {ags}")
        b.measures.filter(number=3).update(title=f"Maßnahmen im Entwurf {ags}")


# --- seeding every region- or provider-bound model ------------------------------------------
# Markers are strings only users of that region (and the state) may see on a page; `public`
# markers belong to published material and may also appear on public pages.

ALLOCATED = {OWN: Decimal("773920"), FOREIGN: Decimal("987654")}
BUDGETED = {OWN: Decimal("771234"), FOREIGN: Decimal("985432")}  # in the draft agreement


def bound_models() -> dict[str, str]:
    """Every model with a foreign-key path to Region or Provider: label -> path to the region
    (or provider) field, found in the app registry."""
    targets = {apps.get_model("regions", "Region"), apps.get_model("accounts", "Provider")}
    found = {}
    for model in apps.get_models():
        if model in targets:
            continue
        queue, seen = [(model, "")], {model}
        while queue:
            current, path = queue.pop(0)
            for f in current._meta.get_fields():
                if not (f.is_relation and f.concrete and (f.many_to_one or f.one_to_one)):
                    continue
                step = f"{path}__{f.name}" if path else f.name
                if f.related_model in targets:
                    found.setdefault(model._meta.label, step)
                elif f.related_model not in seen:
                    seen.add(f.related_model)
                    queue.append((f.related_model, step))
    return found


def _money(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def _seed_budgets(ctx, ags, region, marks):
    from aqb.budgets import changes
    from aqb.budgets.models import AllocationPart, CashPlanEntry, EarmarkShare, ScenarioAmount

    py, ministry = ctx["py"], ctx["ministry"]
    alloc = Allocation.objects.get(programme_year=py, region=region)
    # A published agreement's public page shows its region's current allocation with the
    # dated changes (docs/agreements.md): public markers, still secret on every other page.
    marks["budgets.Allocation"] = [("public", _money(alloc.amount))]
    share = {OWN: Decimal("31415"), FOREIGN: Decimal("27182")}[ags]
    EarmarkShare.objects.create(earmark=ctx["earmark"], region=region, amount=share)
    marks["budgets.EarmarkShare"] = [_money(share)]
    AllocationPart.objects.create(allocation=alloc, earmark=ctx["earmark"], amount=share)
    AllocationPart.objects.create(allocation=alloc, earmark=None, amount=alloc.amount - share)
    marks["budgets.AllocationPart"] = [_money(alloc.amount - share)]
    delta = {OWN: Decimal("14142"), FOREIGN: Decimal("17320")}[ags]
    changes.allocation_change_record(
        actor=ministry, programme_year=py, kind="increase", effective_date=ctx["day"],
        reason="Erhöhung aus Restmitteln",
        lines=[changes.ChangeLine(region, None, delta)])
    marks["budgets.AllocationChangeLine"] = [("public", _money(delta)),
                                             ("public", _money(alloc.amount + delta))]
    # The cash plans of the two regions lie in different calendar years, so that a total
    # over both regions shows the foreign amount as a row of its own.
    cash = {OWN: Decimal("123456"), FOREIGN: Decimal("234567")}[ags]
    CashPlanEntry.objects.create(programme_year=py, region=region, amount=cash,
                                 calendar_year=2025 if ags == OWN else 2026)
    marks["budgets.CashPlanEntry"] = [_money(cash)]
    amount = {OWN: Decimal("765432"), FOREIGN: Decimal("876543")}[ags]
    ScenarioAmount.objects.create(scenario=ctx["scenario"], region=region, amount=amount,
                                  score="1")
    marks["budgets.ScenarioAmount"] = [_money(amount)]


def _seed_agreements(ctx, ags, region, marks):
    marks["agreements.Agreement"] = [f"Änderungsgrund {ags}"]
    marks["agreements.BudgetLine"] = [_money(BUDGETED[ags])]
    marks["agreements.AgreementMeasure"] = [f"Maßnahmen im Entwurf {ags}"]
    marks["agreements.AgreementProject"] = [f"Entwurfsprojekt {ags}"]
    marks["projects.Project"] = [f"Entwurfsprojekt {ags}", ("public",
                                                           f"Öffentliches Projekt {ags}")]
    marks["agreements.Signature"] = [("public", f"Unterschrift {ags}")]


def pdf_bytes() -> bytes:
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def _seed_funding(ctx, ags, region, marks):
    """An application with a plan, an early start, an attachment and an open query."""
    from aqb.funding import services as fs
    from aqb.funding.selectors import agreement_projects_unscoped

    py, ministry = ctx["py"], ctx["ministry"]
    app = fs.application_create(actor=ministry, region=region, programme_year=py)
    project = agreement_projects_unscoped(region, py).first()
    requested = {OWN: Decimal("43210"), FOREIGN: Decimal("54321")}[ags]
    fs.application_set_plan(
        actor=ministry, application=app, early_start=True, early_start_date=ctx["day"],
        early_start_reason=f"Frühstart {ags}",
        lines=[fs.LineInput(project_id=project.pk, personnel_costs=requested)])
    fs.attachment_add(actor=ministry, application=app, title=f"Antragsanlage {ags}",
                      content=pdf_bytes(), filename="anlage.pdf")
    fs.application_submit(actor=ministry, application=app)
    fs.application_start_review(actor=policy.SYSTEM, application=app)
    fs.application_query(actor=policy.SYSTEM, application=app, question=f"Rückfrage {ags}")
    marks["funding.Application"] = [f"Frühstart {ags}"]
    # the plan of a granted application of a published year is open data ("projekte")
    marks["funding.ApplicationLine"] = [("public", _money(requested))]
    marks["funding.Attachment"] = [f"Antragsanlage {ags}"]
    marks["funding.Query"] = [f"Rückfrage {ags}"]
    if ctx.get("granted", True):
        _seed_notice(ctx, ags, region, marks, app, project, requested)


def _seed_notice(ctx, ags, region, marks, app, project, requested):
    """The application answered, granted, paid in part, proven, settled with a refund."""
    from aqb.funding import models as fm
    from aqb.funding import services as fs
    from aqb.funding.notices import NoticeInput, notice_issue

    query = app.queries.get()
    fs.query_answer(actor=policy.SYSTEM, application=app, query=query, answer="Antwort")
    fs.application_submit(actor=policy.SYSTEM, application=app)
    fs.application_start_review(actor=policy.SYSTEM, application=app)
    fs.application_sign_off(actor=policy.SYSTEM, application=app, part="content")
    fs.application_sign_off(actor=policy.SYSTEM, application=app, part="arithmetic")
    fs.application_mark_ready(actor=policy.SYSTEM, application=app)
    notice = notice_issue(actor=policy.SYSTEM, application=app, data=NoticeInput(
        date=ctx["day"], purpose=f"Zuwendungszweck {ags}", financing="vollfinanzierung",
        special_provisions=f"Besondere Bestimmung {ags}"))
    version = notice.current
    paid = {OWN: Decimal("35791"), FOREIGN: Decimal("29753")}[ags]
    costs = {OWN: Decimal("21987"), FOREIGN: Decimal("24681")}[ags]
    pay = fm.PaymentRequest.objects.create(
        notice=notice, number=1, date=ctx["day"], amount=paid, needed_by=ctx["day"],
        reason=f"Mittelabruf {ags}", status=fm.PaymentStatus.PAID, paid_on=ctx["day"])
    proof = fm.Proof.objects.create(
        notice=notice, kind=fm.ProofKind.FINAL, date=ctx["day"], report=f"Sachbericht {ags}",
        costs=costs, status=fm.ProofStatus.REFUND)
    fm.ProofLine.objects.create(proof=proof, project=project, other_costs=costs)
    fm.ProofVoucher.objects.create(proof=proof, position=1, date=ctx["day"],
                                   payee=f"Belegempfänger {ags}", purpose="Kurs",
                                   amount=costs, number=f"B-{ags}")
    settlement = fm.Settlement.objects.create(
        notice=notice, proof=proof, date=ctx["day"], effective=ctx["day"], recognised=costs,
        paid=paid, refund_amount=paid - costs)
    refund = fm.Refund.objects.create(
        settlement=settlement, notice=notice, number=f"ERST-{ags}", date=ctx["day"],
        amount=paid - costs, interest_from=ctx["day"], due_on=ctx["day"])
    fm.RefundPayment.objects.create(refund=refund, date=ctx["day"],
                                    amount={OWN: Decimal("1111"), FOREIGN: Decimal("2222")}[ags])
    marks["funding.Notice"] = [f"Zuwendungszweck {ags}"]
    marks["funding.NoticeVersion"] = [f"Besondere Bestimmung {ags}"]
    # The year is published: the ledger's sums per region (granted = the cash of the one
    # notice, paid = the one request, used = recognised = the proof's costs, refunded = the
    # one refund payment) are open data ("finanzen"), public on public pages only.
    marks["funding.NoticeCash"] = [("public", _money(version.amount))]
    marks["funding.PaymentRequest"] = [f"Mittelabruf {ags}", ("public", _money(pay.amount))]
    marks["funding.Proof"] = [f"Sachbericht {ags}"]
    marks["funding.ProofLine"] = [("public", _money(costs))]
    marks["funding.ProofVoucher"] = [f"Belegempfänger {ags}"]
    marks["funding.Settlement"] = [("public", _money(costs))]
    marks["funding.Refund"] = [f"ERST-{ags}"]
    marks["funding.RefundPayment"] = [("public", _money(refund.payments.get().amount))]


def _seed_passon(ctx, ags, region, marks):
    """Money of the notice passed on to the provider of its project (OWN: the walker's
    provider), with an expense report that the region objected to."""
    from datetime import date

    from aqb.funding import passon as po
    from aqb.funding.models import Notice

    notice = Notice.objects.get(region=region)
    project = notice.application.lines.get().project
    amount = {OWN: Decimal("13579"), FOREIGN: Decimal("24680")}[ags]
    row = po.passon_create(actor=policy.SYSTEM, notice=notice, data=po.PassOnInput(
        project_id=project.pk, amount=amount, date=ctx["day"], basis="contract",
        reference=f"WL-{ags}", report_due=date(2026, 3, 31)))
    report = po.expense_report_create(actor=policy.SYSTEM, pass_on=row, kind="final",
                                      period_start=date(2025, 1, 1),
                                      period_end=date(2025, 12, 31))
    po.expense_line_add(actor=policy.SYSTEM, report=report, line=po.LineInput(
        date=ctx["day"], payee=f"Zahlungsempfänger {ags}", purpose="Honorar",
        amount=Decimal("1000"), voucher="B-1"))
    po.expense_report_submit(actor=policy.SYSTEM, report=report)
    po.expense_report_review(actor=policy.SYSTEM, report=report, accept=False,
                             note=f"Beanstandung {ags}")
    # the sum passed on per project of a published year is open data ("projekte")
    marks["funding.PassOn"] = [f"WL-{ags}", ("public", _money(amount))]
    marks["funding.ExpenseReport"] = [f"Beanstandung {ags}"]
    marks["funding.ExpenseLine"] = [f"Zahlungsempfänger {ags}"]


def _seed_monitoring(ctx, ags, region, marks):
    """A participant of the notice's project (OWN: run by the walker's provider), its counts
    and one logged opening of its records."""
    from datetime import date

    from aqb.funding.models import Notice
    from aqb.monitoring.models import RecordAccess
    from aqb.monitoring.records import ParticipantData, participant_save

    project = Notice.objects.get(region=region).application.lines.get().project
    participant_save(actor=policy.SYSTEM, project=project, year=2025, data=ParticipantData(
        pseudonym=f"t:TN-{ags}", pseudonym_kind="provider", entry_date=date(2025, 3, 3),
        gender="w", birth_year=2001, scheme="sgb2", residence_ags=ags))
    marks["monitoring.Participant"] = [f"TN-{ags}"]
    # the figures name the project they count (a public name: the figures pages own tests
    # check that no foreign count shows)
    marks["monitoring.Tally"] = [("public", project.name)]
    RecordAccess.objects.create(user_label=f"Zugriffsprüfer {ags}", kind="list",
                                project=project, year=2025, records=1)
    marks["monitoring.RecordAccess"] = [f"Zugriffsprüfer {ags}"]


def _seed_steering(ctx, ags, region, marks):
    """The ministry's own adjustment of the region's targets, with a reason per region."""
    from aqb.steering.models import TargetAdjustment

    TargetAdjustment.objects.create(programme_year=ctx["py"], region=region,
                                    factor=Decimal("0.9"), reason=f"Anpassungsgrund {ags}",
                                    created_by=ctx["ministry"])
    marks["steering.TargetAdjustment"] = [f"Anpassungsgrund {ags}"]


def _seed_reviews(ctx, ags, region, marks):
    """An autumn review with its minutes shared: an agenda item, an open action and a
    comment of the region, each with its own marker."""
    from datetime import datetime

    from django.utils import timezone

    from aqb.steering.models import AgendaItem, Review, ReviewAction, ReviewComment

    review = Review.objects.create(
        region=region, programme_year=ctx["py"], status="shared", created_by=ctx["ministry"],
        starts_at=timezone.make_aware(datetime(2025, 10, 15, 10, 0)),
        place=f"Besprechungsort {ags}", decisions=f"Beschluss {ags}")
    AgendaItem.objects.create(review=review, position=1, title=f"Tagesordnungspunkt {ags}")
    ReviewAction.objects.create(review=review, what=f"Maßnahme der Besprechung {ags}",
                                party="region", due_on=ctx["day"])
    ReviewComment.objects.create(review=review, author=ctx["ministry"], kind="comment",
                                 text=f"Anmerkung zum Protokoll {ags}")
    marks["steering.Review"] = [f"Besprechungsort {ags}"]
    marks["steering.AgendaItem"] = [f"Tagesordnungspunkt {ags}"]
    marks["steering.ReviewAction"] = [f"Maßnahme der Besprechung {ags}"]
    marks["steering.ReviewComment"] = [f"Anmerkung zum Protokoll {ags}"]


def _walker_survey(ctx):
    """One survey sent to both regions of the walk (created once; rows written directly,
    so the audit log's first page keeps showing what it showed before)."""
    from django.utils import timezone

    from aqb.surveys.models import Kind, Question, Section, Survey, SurveyVersion

    if "survey" not in ctx:
        now = timezone.now()
        survey = Survey.objects.create(title="Walker-Umfrage", status="open",
                                       deadline=ctx["day"], created_by=ctx["ministry"],
                                       sent_at=now)
        version = SurveyVersion.objects.create(survey=survey, number=1, sent_at=now)
        section = Section.objects.create(version=version, position=1, title="Teil")
        Question.objects.create(section=section, position=1, kind=Kind.TEXT,
                                text="Was hat funktioniert?")
        ctx["survey"] = survey
    return ctx["survey"]


def _seed_surveys(ctx, ags, region, marks):
    """The region's response to the walk's survey, submitted, with a free text of its own
    (shown on the ministry's results page and on the region's own response page)."""
    from aqb.surveys.models import Answer, Question, Response

    survey = _walker_survey(ctx)
    response = Response.objects.create(survey=survey, version=survey.versions.get(),
                                       region=region, status="submitted",
                                       submitted_at=survey.sent_at)
    Answer.objects.create(response=response, question=Question.objects.get(
        section__version__survey=survey), text=f"Umfrageantwort {ags}")
    marks["surveys.Response"] = [f"Umfrageantwort {ags}"]
    marks["surveys.Answer"] = [f"Umfrageantwort {ags}"]


def _seed_conferences(ctx, ags, region, marks):
    """One conference for all (made once, one place: the second region waits), a document,
    and per region a registration of one of its staff, a draft and a published good-practice
    entry. Rows are written directly: audit entries would push older ones off the Protokoll's
    first page."""
    from django.core.files.base import ContentFile

    from aqb.conferences.models import Conference, ConferenceDocument, PracticeEntry

    conference = Conference.objects.filter(title="Walker-Tagung").first()
    if conference is None:
        start = timezone.make_aware(datetime(2025, 9, 1, 9, 30))
        conference = Conference.objects.create(
            title="Walker-Tagung", starts_at=start, ends_at=start + timedelta(hours=6),
            place="Wiesbaden", capacity=1, registration_deadline=date(2025, 8, 15),
            status="open")
        doc = ConferenceDocument(conference=conference, kind="slides", title="Walker-Folien",
                                 suffix="pdf", file_sha256="0" * 64)
        doc.file.save("walker.pdf", ContentFile(pdf_bytes()), save=True)
    person = make_user(f"tagung-{ags}", Role.REGION, region=region)
    first = not conference.registrations.exists()
    conference.registrations.create(user=person, region=region, note=f"Tagungshinweis {ags}",
                                    status="registered" if first else "waiting",
                                    position=None if first else 1)
    marks["conferences.Registration"] = [f"Tagungshinweis {ags}"]
    measure = ctx["py"].measure_types.get(number=1)
    for title, status in ((f"Praxisentwurf {ags}", "draft"),
                          (f"Veröffentlichte Praxis {ags}", "published")):
        PracticeEntry.objects.create(
            region=region, measure_type=measure, title=title, what_worked="Bewährt",
            contact_office="Fachdienst", contact_email="fd@example.org", status=status,
            published_at=timezone.now() if status == "published" else None)
    marks["conferences.PracticeEntry"] = [f"Praxisentwurf {ags}",
                                          ("public", f"Veröffentlichte Praxis {ags}")]


def _seed_master(ctx, ags, region, marks):
    Signatory.objects.create(region=region, name=f"Unterzeichnerin {ags}", title="Landrätin")
    marks["regions.Signatory"] = [("public", f"Unterzeichnerin {ags}")]
    member = make_user(f"mitglied-{ags}", Role.REGION, region=region)
    marks["accounts.Membership"] = [member.username]


# model label -> the seeder that creates (or marks) its row per region
SEEDS = {label: seed for seed, labels in (
    (_seed_budgets, ("budgets.Allocation", "budgets.EarmarkShare", "budgets.AllocationPart",
                     "budgets.AllocationChangeLine", "budgets.CashPlanEntry",
                     "budgets.ScenarioAmount")),
    (_seed_agreements, ("agreements.Agreement", "agreements.BudgetLine",
                        "agreements.AgreementMeasure", "agreements.AgreementProject",
                        "agreements.Signature", "projects.Project")),
    (_seed_master, ("regions.Signatory", "accounts.Membership")),
    (_seed_funding, ("funding.Application", "funding.ApplicationLine", "funding.Attachment",
                     "funding.Query", "funding.Notice", "funding.NoticeVersion",
                     "funding.NoticeCash", "funding.PaymentRequest", "funding.Proof",
                     "funding.ProofLine", "funding.Settlement", "funding.Refund",
                     "funding.RefundPayment", "funding.ProofVoucher")),
    (_seed_passon, ("funding.PassOn", "funding.ExpenseReport", "funding.ExpenseLine")),
    (_seed_monitoring, ("monitoring.Participant", "monitoring.Tally",
                        "monitoring.RecordAccess")),
    (_seed_steering, ("steering.TargetAdjustment",)),
    (_seed_reviews, ("steering.Review", "steering.AgendaItem", "steering.ReviewAction",
                     "steering.ReviewComment")),
    (_seed_surveys, ("surveys.Response", "surveys.Answer")),
    (_seed_conferences, ("conferences.Registration", "conferences.PracticeEntry")),
) for label in labels}


# Models whose pages are being built in this session (issue 9, items 2-6): their rows are
# seeded and checked for leaks, but no page shows them yet. Each part empties its labels.
PAGES_PENDING: set[str] = set()

# Record-level personal data: the state (ministry, authority) sees figures, never records, so
# no state page may show these markers; the project's region (and provider) must see them.
RECORDS_ONLY = {"monitoring.Participant"}


def test_every_bound_model_has_a_seed():
    missing = sorted(set(bound_models()) - set(SEEDS))
    assert not missing, (f"Modelle mit Bezug zu Region oder Träger ohne Testdaten im URL-Gang: "
                         f"{missing}; bitte in SEEDS eintragen (je Region eine Zeile mit "
                         "eigener Markierung).")


@pytest.fixture
def world(db):
    from datetime import date

    from aqb.budgets.models import IndicatorSet, Scenario

    py = ProgrammeYear.objects.create(year=2025, total=Decimal("28700000"))
    for n in range(1, 5):
        py.measure_types.create(number=n, title=f"Maßnahmeart {n}")
    for ags, amount in ALLOCATED.items():
        Allocation.objects.create(programme_year=py, region=Region.objects.get(ags=ags),
                                  amount=amount)
    ministry = make_user("walker-min", Role.MINISTRY)
    provider = Provider.objects.create(name="Walker-Träger")
    provider_user = make_user("walker-provider", Role.PROVIDER, provider=provider)
    _agreements(py, ministry, provider)
    ind = IndicatorSet.objects.create(programme_year=py, name="Walker", indicators=["x"],
                                      values={})
    ctx = {
        "py": py, "ministry": ministry, "day": date(2025, 9, 1),
        "earmark": py.earmarks.create(name="Walker", amount=Decimal("100000")),
        "scenario": Scenario.objects.create(
            programme_year=py, name="Walker", indicator_set=ind, total=Decimal("1000"),
            weights={"x": "1"}, floor=Decimal("0"), unit=Decimal("1")),
    }
    markers: dict[str, list[tuple[str, str, bool]]] = {}
    paths = bound_models()
    for ags in (OWN, FOREIGN):
        region = Region.objects.get(ags=ags)
        marks: dict[str, list] = {}
        for seed in dict.fromkeys(SEEDS.values()):
            seed(ctx, ags, region, marks)
        markers[ags] = []
        for label, path in paths.items():
            model = apps.get_model(label)
            field = path if path.endswith("region") else None
            if field is not None:
                assert model.objects.filter(**{f"{field}__ags": ags}).exists(), \
                    f"{label}: keine Zeile für {ags} angelegt"
            for m in marks.get(label, []):
                public, text = (True, m[1]) if isinstance(m, tuple) else (False, m)
                markers[ags].append((text, label, public))
            assert marks.get(label), f"{label}: keine Markierung für {ags}"
    # The walk's year is published for the public (aqb/opendata): the public pages and files
    # of 2025 answer 200 and must show nothing but the public markers.
    from aqb.opendata.services import year_publish

    year_publish(actor=ministry, programme_year=py)
    users = {
        "anonymous": None,
        "ministry": ministry,
        "authority": make_user("walker-rp", Role.AUTHORITY),
        "region": make_user("walker-own", Role.REGION, region=Region.objects.get(ags=OWN)),
        "foreign_region": make_user("walker-foreign", Role.REGION,
                                    region=Region.objects.get(ags=FOREIGN)),
        "provider": provider_user,
    }
    return {"users": users, "markers": markers}


ROLE_REGION = {"region": OWN, "foreign_region": FOREIGN}


def expected_allowed(kind: str, role: str, object_region: str | None) -> bool:
    if kind == policy.PUBLIC:
        return True
    if role == "anonymous":
        return False
    if kind == policy.LOGIN:
        return True
    if kind == policy.STATE:
        return role in ("ministry", "authority")
    if kind == policy.MINISTRY:
        return role == "ministry"
    if kind == policy.REGION_OBJECT:
        if role in ("ministry", "authority"):
            return True
        return object_region is not None and ROLE_REGION.get(role) == object_region
    if kind == policy.PROJECT_OBJECT:
        if role in ("ministry", "authority"):
            return True
        if role == "provider":
            return object_region == OWN  # the walker's provider runs the project of OWN
        return object_region is not None and ROLE_REGION.get(role) == object_region
    if kind == policy.PROVIDER_EDIT:
        return role == "provider" and object_region == OWN  # only the project's provider
    if kind == policy.PROJECT_RECORDS:  # personal records: never the state
        if role == "provider":
            return object_region == OWN
        return object_region is not None and ROLE_REGION.get(role) == object_region
    if kind == policy.REGION_EDIT:
        if role == "ministry":
            return True
        return object_region is not None and ROLE_REGION.get(role) == object_region
    raise AssertionError(kind)


def url_cases():
    yield from walk(get_resolver().url_patterns)


def is_bound(callback) -> bool:
    """Object-bound by its access kind: opened for both regions' objects."""
    return callback.aqb_access in policy.OBJECT_KINDS or \
        getattr(callback, "aqb_access_post", None) in policy.OBJECT_KINDS


def build(route: str, name: str | None, ags: str, callback=None) -> str:
    assert name, f"URL „{route}“ hat keinen Namen: jede URL braucht einen, damit sie geprüft wird."
    import re

    resolver = getattr(callback, "aqb_resolver", None)
    by_resolver = RESOLVER_SAMPLES.get(resolver.name, {}) if resolver else {}
    kwargs = {}
    for kw in re.findall(r"<(?:\w+:)?(\w+)>", route):
        sample = SAMPLES_BY_URL.get(name, {}).get(kw) or by_resolver.get(kw) or SAMPLES.get(kw)
        assert sample, f"Für „{kw}“ in {name} ({route}) fehlt ein Beispiel in SAMPLES."
        kwargs[kw] = sample(ags)
    return reverse(name, kwargs=kwargs)


# URLs whose object belongs to one user (built for a user outside the walk).
SOMEONE_ELSES = {"api_token_revoke", "jobs:detail", "jobs:retry", "jobs:download",
                 "notifications:open", "notifications:read", "notifications:feed"}


def is_denied(response) -> bool:
    # 401: the API without a valid token or session.
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "/anmelden/" in response.get("Location", "")


@pytest.mark.django_db
def test_every_view_declares_its_access():
    missing = [f"{name or route}" for route, name, cb in url_cases()
               if getattr(cb, "aqb_access", None) not in policy.ACCESS_KINDS]
    assert not missing, f"Views ohne Zugriffsdeklaration (policy.access): {missing}"


@pytest.mark.django_db
def test_every_object_bound_view_resolves_its_object_from_its_url():
    """The object of a REGION_OBJECT/REGION_EDIT/PROJECT_OBJECT view is loaded and checked by
    its resolver before the view runs; the URL must feed the resolver, and the walk must have
    samples for it."""
    import re

    problems = []
    for route, name, cb in url_cases():
        if not is_bound(cb):
            continue
        resolver = getattr(cb, "aqb_resolver", None)
        if resolver is None:
            problems.append(f"{name}: kein Resolver")
            continue
        params = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
        if not set(resolver.params) <= params:
            problems.append(f"{name}: URL liefert {sorted(params)}, Resolver braucht "
                            f"{sorted(resolver.params)}")
        if resolver.name not in RESOLVER_SAMPLES:
            problems.append(f"{name}: kein Beispiel für Resolver „{resolver.name}“")
    assert not problems, "\n".join(problems)


def _leaks(role: str, kind: str, body: str, markers: dict, name: str = "") -> list[str]:
    """Markers of a region the role may not see that appear in the page."""
    own = ROLE_REGION.get(role)
    leaked = []
    for region_ags, entries in markers.items():
        if region_ags == own:
            continue
        for text, label, public in entries:
            if kind == policy.PUBLIC and public:
                continue
            if role == "provider" and region_ags == OWN and text in PROVIDER_MAY_SEE:
                continue
            if text in body:
                leaked.append(f"{text} ({label})")
        # a provider may know the region of a project it runs
        runs_there = role == "provider" and region_ags == OWN
        if role != "anonymous" and kind != policy.PUBLIC and not runs_there and \
                name not in DISTRICT_CHOICES and NAMES[region_ags] in body:
            leaked.append(NAMES[region_ags])
    return leaked


@pytest.mark.django_db
def test_every_url_answers_each_role_as_declared(world):
    problems = []
    unseen = {text: label for entries in world["markers"].values() for text, label, _ in entries}
    for route, name, callback in url_cases():
        kind = callback.aqb_access
        bound = is_bound(callback)
        for ags in [OWN, FOREIGN] if bound else [OWN]:
            url = build(route, name, ags, callback)
            object_region = ags if bound else None
            for role, user in world["users"].items():
                client = Client()
                if user is not None:
                    client.force_login(user)
                response = client.get(url)
                # Another user's object (an API token): found by nobody else, 404 for all.
                allowed = expected_allowed(kind, role, object_region) and \
                    name not in SOMEONE_ELSES and not (
                        role == "provider" and name in STATE_AND_REGIONS_ONLY)
                raw = b"".join(response.streaming_content) if response.streaming else \
                    response.content
                body = raw.decode(errors="replace")
                if allowed and is_denied(response):
                    problems.append(f"{role} {url}: erwartet erlaubt, bekam {response.status_code}")
                # 405 on GET: an API endpoint that only takes POST refuses the method before
                # anything else and shows nothing; test_denied_posts_change_nothing POSTs to it.
                post_only = response.status_code == 405 and name.startswith("api:")
                if not allowed and not is_denied(response) and not post_only:
                    problems.append(f"{role} {url}: erwartet verweigert, bekam "
                                    f"{response.status_code}")
                if role in ("ministry", "authority"):
                    records = [f"{t} ({label})" for entries in world["markers"].values()
                               for t, label, _ in entries if label in RECORDS_ONLY
                               and t in body]
                    if records:
                        problems.append(f"{role} {url}: zeigt Einzeldatensätze: {records}")
                    for text in [t for t in unseen if t in body]:
                        del unseen[text]
                    continue
                own = ROLE_REGION.get(role)
                if own is not None and object_region in (own, None):
                    # records are seen by their region only: that counts as shown (each
                    # region's own markers; another region's would be a leak below)
                    mine = {t for t, _, _ in world["markers"][own]}
                    for text in [t for t in unseen if t in body and t in mine
                                 and unseen[t] in RECORDS_ONLY]:
                        del unseen[text]
                leaked = _leaks(role, kind, body, world["markers"], name)
                if leaked:
                    problems.append(f"{role} {url}: zeigt fremde Daten: {leaked}")
    # a marker no page shows could not reveal a leak: each must appear to the state somewhere
    problems += [f"Markierung „{t}“ ({label}) erscheint auf keiner Seite"
                 for t, label in unseen.items() if label not in PAGES_PENDING]
    assert not problems, "\n".join(problems)


# Tables a GET may write to on purpose: the log of who opened record-level personal data, and
# the request counter of the public API's rate limit.
READ_LOGS = {"monitoring.RecordAccess", "api.RateWindow"}


def row_counts() -> dict[str, int]:
    """Rows of every table of the project (all installed apps), but the read logs."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.label not in READ_LOGS}


@pytest.mark.django_db
def test_denied_posts_change_nothing(world):
    problems = []
    for route, name, callback in url_cases():
        # the kind for requests that change
        kind = getattr(callback, "aqb_access_post", callback.aqb_access)
        bound = is_bound(callback) or kind in policy.OBJECT_KINDS
        for role, user in world["users"].items():
            if expected_allowed(kind, role, FOREIGN if bound else None):
                continue
            url = build(route, name, FOREIGN, callback)
            client = Client()
            if user is not None:
                client.force_login(user)
            before = row_counts()
            response = client.post(url, {"name": "X", "total": "1", "title": "X",
                                         "confirm": "ja", "aktiv": "nein"})
            # 405: a read-only endpoint (the API's GETs) refuses the method before anything else
            if not is_denied(response) and response.status_code != 405:
                problems.append(f"{role} POST {url}: {response.status_code}")
            after = row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            if changed:
                problems.append(f"{role} POST {url}: hat etwas geändert: {changed}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_opening_a_page_writes_nothing(world):
    """No write on GET: every URL opened by each role leaves every table as it was (also
    where a page might be tempted to create what is missing, like the granting authority)."""
    from aqb.regions.models import GrantingAuthority

    GrantingAuthority.objects.all().delete()
    problems = []
    for route, name, callback in url_cases():
        url = build(route, name, OWN, callback)
        for role in ("ministry", "region", "provider"):
            client = Client()
            client.force_login(world["users"][role])
            before = row_counts()
            client.get(url)
            after = row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            if changed:
                problems.append(f"{role} GET {url}: {changed}")
    assert not problems, "\n".join(problems)
