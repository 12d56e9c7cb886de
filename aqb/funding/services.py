"""Changes of applications (Anträge). Keyword-only, one transaction each, every change audited.

The steps are the rows of `models.TRANSITIONS`: a step not in the table, or taken by the wrong
side, is refused with a German message and changes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.budgets.selectors import allocation_current_unscoped
from aqb.german.money import MoneyError, format_eur, money_check
from aqb.ui.uploads import check_pdf, display_name

from .actors import person, require_authority, require_region
from .models import (
    ALIVE,
    EDITABLE,
    TRANSITIONS,
    Actor,
    Application,
    ApplicationLine,
    Attachment,
    Query,
    Status,
)
from .selectors import agreement_projects_unscoped

ZERO = Decimal("0")


@dataclass
class LineInput:
    """One project's financing plan as entered. `requested` None: computed as costs minus own
    and third-party funds."""

    project_id: int
    personnel_costs: Decimal = ZERO
    material_costs: Decimal = ZERO
    administrative_costs: Decimal = ZERO
    other_costs: Decimal = ZERO
    own_funds: Decimal = ZERO
    third_party_funds: Decimal = ZERO
    requested: Decimal | None = None

    @property
    def costs(self) -> Decimal:
        return (self.personnel_costs + self.material_costs + self.administrative_costs
                + self.other_costs)


# --- who may act ---------------------------------------------------------------------------

REGION_ONLY = "Nur die Gebietskörperschaft darf ihren Förderantrag ändern."
AUTHORITY_ONLY = "Nur die Bewilligungsbehörde darf Förderanträge prüfen."


def _side(actor, application: Application) -> str | None:
    if actor is policy.SYSTEM:
        return None  # the command line may take every step
    p = policy.principal(actor)
    if p.authority:
        return Actor.AUTHORITY
    if policy.can_edit_region_data(actor, application.region_id):
        return Actor.REGION
    return ""


def allowed_steps(application: Application, actor) -> list[tuple[str, str]]:
    """(action, target status) the actor may take now, from the transitions table."""
    side = _side(actor, application)
    return [(action, to) for frm, to, who, action in TRANSITIONS
            if frm == application.status and (side is None or who == side)]


def _step(application: Application, actor, to: str) -> str:
    """Check the step against TRANSITIONS; return the status before it."""
    side = _side(actor, application)
    rows = [r for r in TRANSITIONS if r[0] == application.status and r[1] == to]
    if not rows:
        raise ValidationError(
            f"Ein Förderantrag im Status „{application.status_label}“ kann nicht "
            f"„{Status(to).label}“ werden.")
    if side is not None and not any(who == side for _, _, who, _ in rows):
        who = Actor(rows[0][2]).label
        raise PermissionDenied(f"Diesen Schritt („{Status(to).label}“) nimmt die {who} vor.")
    before = application.status
    application.status = to
    return before


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related(
        "region", "programme_year").get(pk=application.pk)


# --- the region's side ---------------------------------------------------------------------

@transaction.atomic
def application_create(*, actor, region, programme_year, is_demo: bool = False) -> Application:
    require_region(actor, region.pk, REGION_ONLY)
    already = ValidationError(
        f"Für {region} gibt es im Programmjahr {programme_year.year} schon einen offenen "
        "oder bewilligten Förderantrag; mehr Mittel gibt es über einen Änderungsbescheid.")
    if Application.objects.filter(region=region, programme_year=programme_year,
                                  status__in=ALIVE).exists():
        raise already
    if not agreement_projects_unscoped(region, programme_year).exists():
        raise ValidationError(
            f"Die Zielvereinbarung {programme_year.year} von {region} enthält kein Projekt; "
            "ein Förderantrag braucht mindestens ein Projekt.")
    try:
        # A second request at the same moment passes the check above; the database's
        # constraint (one open application per region and year) stops it here.
        with transaction.atomic():
            app = Application.objects.create(
                region=region, programme_year=programme_year, status=Status.DRAFT,
                is_demo=is_demo,
                created_by=person(actor))
    except IntegrityError:
        raise already from None
    audit_record(actor=actor, action="application.create", obj=app,
                 changes={"status": {"before": None, "after": app.status}})
    return app


def _money(value, label: str, project) -> Decimal:
    """An amount of the plan, checked and rounded in the one place for money
    (`aqb.german.money.money_check`: not negative, at most 1 Mrd. Euro, half up to the cent)."""
    if value is None:
        return ZERO
    try:
        return money_check(Decimal(value), field=f"{project}: {label}")
    except MoneyError as exc:
        raise ValidationError(str(exc)) from None


def _check_allocation(application: Application, total: Decimal) -> None:
    alloc = allocation_current_unscoped(application.region, application.programme_year)
    if alloc is None:
        raise ValidationError(
            f"Für {application.region} ist im Programmjahr {application.programme_year.year} "
            "keine Zuweisung festgelegt; ein Förderantrag ist noch nicht möglich.")
    if total > alloc.current:
        raise ValidationError(
            f"Die beantragte Summe von {format_eur(total)} übersteigt die aktuelle Zuweisung "
            f"von {format_eur(alloc.current)} an {application.region} um "
            f"{format_eur(total - alloc.current)}.")


@transaction.atomic
def application_set_plan(*, actor, application: Application, lines: list[LineInput],
                         early_start: bool = False, early_start_date: date | None = None,
                         early_start_reason: str = "") -> Application:
    """Replace the financing plan (one line per project) and the early-start request."""
    application = _locked(application)
    require_region(actor, application.region_id, REGION_ONLY)
    if application.status not in EDITABLE:
        raise ValidationError(
            f"Ein Förderantrag im Status „{application.status_label}“ kann nicht mehr "
            "geändert werden.")
    projects = {p.pk: p for p in agreement_projects_unscoped(application.region,
                                                             application.programme_year)}
    seen, rows = set(), []
    for given in lines:
        project = projects.get(given.project_id)
        if project is None:
            raise ValidationError(
                f"Projekt Nr. {given.project_id} gehört nicht zur Zielvereinbarung "
                f"{application.programme_year.year} von {application.region}.")
        if project.pk in seen:
            raise ValidationError(f"{project}: das Projekt steht zweimal im Finanzierungsplan.")
        seen.add(project.pk)
        values = {f: _money(getattr(given, f), ApplicationLine._meta.get_field(f).verbose_name,
                            project)
                  for f in ("personnel_costs", "material_costs", "administrative_costs",
                            "other_costs", "own_funds", "third_party_funds")}
        costs = sum((values[f] for f in ("personnel_costs", "material_costs",
                                         "administrative_costs", "other_costs")), ZERO)
        gap = costs - values["own_funds"] - values["third_party_funds"]
        if gap < 0:
            raise ValidationError(
                f"{project}: Eigen- und Drittmittel ({format_eur(costs - gap)}) übersteigen "
                f"die Kosten von {format_eur(costs)}.")
        requested = gap if given.requested is None else _money(
            given.requested, "die beantragte Zuwendung", project)
        if requested > gap:
            raise ValidationError(
                f"{project}: die beantragte Zuwendung von {format_eur(requested)} ist höher als "
                f"die Kosten abzüglich Eigen- und Drittmitteln ({format_eur(gap)}).")
        rows.append(ApplicationLine(application=application, project=project,
                                    requested=requested, **values))
    if early_start and (early_start_date is None or not early_start_reason.strip()):
        raise ValidationError("Für den vorzeitigen Maßnahmebeginn bitte Datum und Begründung "
                              "angeben.")
    total = sum((r.requested for r in rows), ZERO)
    _check_allocation(application, total)
    before_lines = {str(li.project): str(li.requested) for li in application.lines.all()}
    before = {"early_start": application.early_start,
              "early_start_date": application.early_start_date,
              "early_start_reason": application.early_start_reason}
    application.lines.all().delete()
    ApplicationLine.objects.bulk_create(rows)
    application.early_start = bool(early_start)
    application.early_start_date = early_start_date if early_start else None
    application.early_start_reason = early_start_reason.strip() if early_start else ""
    application.save()
    after = {"early_start": application.early_start,
             "early_start_date": application.early_start_date,
             "early_start_reason": application.early_start_reason}
    changes = {k: {"before": before[k], "after": after[k]} for k in before
               if before[k] != after[k]}
    changes["lines"] = {"before": before_lines,
                        "after": {str(r.project): str(r.requested) for r in rows}}
    audit_record(actor=actor, action="application.plan", obj=application, changes=changes,
                 summary=f"Finanzierungsplan gespeichert: {format_eur(total)} beantragt")
    return application


@transaction.atomic
def application_submit(*, actor, application: Application) -> Application:
    application = _locked(application)
    before = _step(application, actor, Status.SUBMITTED)
    lines = list(application.lines.all())
    if not lines:
        raise ValidationError("Der Förderantrag enthält noch keinen Finanzierungsplan.")
    if sum(li.requested for li in lines) <= 0:
        raise ValidationError("Der Förderantrag beantragt keinen Betrag.")
    open_queries = application.queries.filter(answered_at__isnull=True).count()
    if open_queries:
        raise ValidationError(f"Bitte zuerst die offene Nachforderung beantworten "
                              f"({open_queries} offen).")
    _check_allocation(application, sum((li.requested for li in lines), ZERO))
    application.submitted_at = timezone.now()
    # a resubmitted application is reviewed anew: earlier sign-offs no longer hold
    application.content_signed_by = application.arithmetic_signed_by = None
    application.content_signed_at = application.arithmetic_signed_at = None
    application.save()
    audit_record(actor=actor, action="application.submit", obj=application,
                 changes={"status": {"before": before, "after": application.status}})
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    application = _locked(application)
    before = _step(application, actor, Status.WITHDRAWN)
    application.save(update_fields=["status"])
    audit_record(actor=actor, action="application.withdraw", obj=application,
                 changes={"status": {"before": before, "after": application.status}})
    return application


@transaction.atomic
def query_answer(*, actor, application: Application, query: Query, answer: str) -> Query:
    application = _locked(application)
    require_region(actor, application.region_id, REGION_ONLY)
    if query.application_id != application.pk:
        raise ValidationError("Die Nachforderung gehört nicht zu diesem Förderantrag.")
    if application.status != Status.QUERY:
        raise ValidationError("Nachforderungen werden nur im Status „Nachforderung“ beantwortet.")
    if not answer.strip():
        raise ValidationError("Bitte eine Antwort eingeben.")
    query = Query.objects.select_for_update().get(pk=query.pk)
    before = query.answer
    query.answer = answer.strip()
    query.answered_by = person(actor)
    query.answered_at = timezone.now()
    query.save()
    audit_record(actor=actor, action="application.answer", obj=application,
                 changes={"answer": {"before": before, "after": query.answer}})
    return query


@transaction.atomic
def attachment_add(*, actor, application: Application, title: str, content: bytes,
                   filename: str) -> Attachment:
    """Attach a PDF (checked to be one); stored under a name the server chooses."""
    application = _locked(application)
    require_region(actor, application.region_id, REGION_ONLY)
    if application.status not in EDITABLE:
        raise ValidationError(
            f"Zu einem Förderantrag im Status „{application.status_label}“ können keine "
            "Anlagen mehr hinzugefügt werden.")
    title = (title or "").strip() or display_name(filename)
    check_pdf(content, filename, field="file")
    digest = hashlib.sha256(content).hexdigest()
    att = Attachment(application=application, title=title[:200], file_sha256=digest,
                     uploaded_by=person(actor))
    att.file.save(f"antrag-{application.pk}-{digest[:16]}.pdf", ContentFile(content),
                  save=False)
    att.save()
    audit_record(actor=actor, action="application.attach", obj=application,
                 changes={"title": {"before": None, "after": att.title}},
                 summary=f"Anlage „{att.title}“ hinzugefügt")
    return att


# --- the authority's side ------------------------------------------------------------------

@transaction.atomic
def application_start_review(*, actor, application: Application) -> Application:
    require_authority(actor, AUTHORITY_ONLY)
    application = _locked(application)
    before = _step(application, actor, Status.IN_REVIEW)
    application.save(update_fields=["status"])
    audit_record(actor=actor, action="application.review", obj=application,
                 changes={"status": {"before": before, "after": application.status}})
    return application


PARTS = {"content": "inhaltlich", "arithmetic": "rechnerisch"}


@transaction.atomic
def application_sign_off(*, actor, application: Application, part: str) -> Application:
    """Sign off one part of the review ("content" or "arithmetic") as the acting person."""
    require_authority(actor, AUTHORITY_ONLY)
    if part not in PARTS:
        raise ValidationError(f"Unbekannter Prüfteil „{part}“.")
    application = _locked(application)
    if application.status != Status.IN_REVIEW:
        raise ValidationError("Prüfvermerke sind nur im Status „in Prüfung“ möglich.")
    if getattr(application, f"{part}_signed_at") is not None:
        raise ValidationError(f"Die {PARTS[part]}e Prüfung ist schon abgezeichnet.")
    signer = person(actor)
    setattr(application, f"{part}_signed_by", signer)
    setattr(application, f"{part}_signed_at", timezone.now())
    application.save()
    action = "application.sign_content" if part == "content" else "application.sign_arithmetic"
    audit_record(actor=actor, action=action, obj=application,
                 changes={f"{part}_signed_by": {"before": None,
                                                "after": signer.pk if signer else None}})
    return application


@transaction.atomic
def application_query(*, actor, application: Application, question: str) -> Query:
    """Send the application back to the region with a question (Nachforderung)."""
    require_authority(actor, AUTHORITY_ONLY)
    if not question.strip():
        raise ValidationError("Bitte die Frage an die Gebietskörperschaft eingeben.")
    application = _locked(application)
    before = _step(application, actor, Status.QUERY)
    application.save(update_fields=["status"])
    query = Query.objects.create(
        application=application, question=question.strip(),
        asked_by=person(actor))
    audit_record(actor=actor, action="application.query", obj=application,
                 changes={"status": {"before": before, "after": application.status},
                          "question": {"before": None, "after": query.question}})
    return query


@transaction.atomic
def application_mark_ready(*, actor, application: Application) -> Application:
    require_authority(actor, AUTHORITY_ONLY)
    application = _locked(application)
    if application.content_signed_at is None or application.arithmetic_signed_at is None:
        missing = [PARTS[p] for p in PARTS if getattr(application, f"{p}_signed_at") is None]
        raise ValidationError(
            "Bewilligungsreif erst, wenn die inhaltliche und die rechnerische Prüfung "
            f"abgezeichnet sind; es fehlt: {' und '.join(missing)}.")
    before = _step(application, actor, Status.READY)
    application.save(update_fields=["status"])
    audit_record(actor=actor, action="application.ready", obj=application,
                 changes={"status": {"before": before, "after": application.status}})
    return application


@transaction.atomic
def application_reject(*, actor, application: Application, reason: str) -> Application:
    require_authority(actor, AUTHORITY_ONLY)
    if not reason.strip():
        raise ValidationError("Bitte die Ablehnung begründen.")
    application = _locked(application)
    before = _step(application, actor, Status.REJECTED)
    application.decision_reason = reason.strip()
    application.decided_at = timezone.now()
    application.save()
    audit_record(actor=actor, action="application.reject", obj=application,
                 changes={"status": {"before": before, "after": application.status},
                          "decision_reason": {"before": "", "after": application.decision_reason}})
    return application
