"""Changes to agreements. Workflow as data: each transition names its source states, who may
perform it, and writes an audit entry. One transaction per call.

    Entwurf --agree--> Abgestimmt --sign(ministry)--> Vom Ministerium unterzeichnet
        --sign(region)--> Unterzeichnet --publish--> Veröffentlicht
    (signed or published) --amend--> new version (Entwurf) that supersedes it
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.budgets.models import Allocation, ProgrammeYear
from aqb.german.money import MoneyError, format_eur, money_check
from aqb.projects.models import Project
from aqb.projects.services import project_create
from aqb.ui.uploads import check_pdf

from . import default_template
from .files import signed_file_name
from .models import (
    Agreement,
    AgreementMeasure,
    AgreementProject,
    AgreementTemplate,
    BudgetLine,
    Party,
    Signature,
    Source,
    Status,
)

AQB = "Ausbildungs- und Qualifizierungsbudget"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    done: str = ""


TRANSITIONS = {
    "agree": Transition("agree", "Als abgestimmt festschreiben", (Status.DRAFT,), Status.AGREED,
                        "Als abgestimmt festgeschrieben"),
    "reopen": Transition("reopen", "Zur Überarbeitung öffnen", (Status.AGREED,), Status.DRAFT,
                         "Zur Überarbeitung geöffnet"),
    "publish": Transition("publish", "Veröffentlichen", (Status.SIGNED,), Status.PUBLISHED,
                          "Veröffentlicht"),
}


def _lock(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().select_related(
        "region", "programme_year").get(pk=agreement.pk)


# --- templates ------------------------------------------------------------------------------

def template_current(programme_year: ProgrammeYear) -> AgreementTemplate | None:
    return programme_year.agreement_templates.order_by("-version").first()


@transaction.atomic
def template_save(*, actor, programme_year: ProgrammeYear, clauses: list[dict[str, Any]],
                  purpose: str | None = None) -> AgreementTemplate:
    """A new version of the year's template. Agreements keep the version they were drafted
    with; new drafts use the newest."""
    from .document import check_template_text

    policy.require_ministry(actor, "die Vorlage ändern")
    errors: dict[str, list[str]] = {}
    for i, clause in enumerate(clauses):
        for key in ("heading", "body"):
            if not str(clause.get(key, "")).strip():
                errors.setdefault(f"clause_{i}_{key}", []).append("Bitte ausfüllen.")
        problems = check_template_text(clause.get("body", "") + " ".join(clause.get("titles", [])))
        if problems:
            errors.setdefault(f"clause_{i}_body", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    current = template_current(programme_year)
    version = (current.version + 1) if current else 1
    tpl = AgreementTemplate.objects.create(
        programme_year=programme_year, version=version, clauses=clauses,
        purpose=purpose or (current.purpose if current else default_template.PURPOSE),
        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_record(actor=actor, action="agreement_template.save", obj=programme_year,
                 summary=f"Vorlage der Zielvereinbarungen, Fassung {version}",
                 changes={"template_version": {"before": current.version if current else None,
                                               "after": version}})
    return tpl


def template_ensure(*, actor, programme_year: ProgrammeYear) -> AgreementTemplate:
    return template_current(programme_year) or template_save(
        actor=actor, programme_year=programme_year, clauses=default_template.CLAUSES)


# --- drafting ---------------------------------------------------------------------------------

def _snapshot(agreement: Agreement) -> dict[str, Any]:
    """Content of an agreement for audit and version comparison."""
    return {
        "budgets": [[b.name, str(b.amount) if b.amount is not None else None]
                    for b in agreement.budget_lines.order_by("order")],
        "measures": {str(m.number): [m.title, [p.label for p in m.projects.all()]]
                     for m in agreement.measures.order_by("number")},
    }


@transaction.atomic
def agreement_create_draft(*, actor, region, programme_year: ProgrammeYear,
                           is_demo: bool = False) -> Agreement:
    """A draft for the region and year: the adopted allocation as budget line, the year's
    four measure types without projects, the newest template version."""
    policy.require_ministry(actor, "Zielvereinbarungen anlegen")
    if Agreement.objects.filter(region=region, programme_year=programme_year).exists():
        raise ValidationError({"region": (
            f"Für {region.forms.accusative} gibt es für {programme_year.year} schon eine "
            "Zielvereinbarung; Änderungen bitte als neue Fassung.")})
    tpl = template_ensure(actor=actor, programme_year=programme_year)
    agreement = Agreement.objects.create(region=region, programme_year=programme_year,
                                         template=tpl, is_demo=is_demo)
    alloc = Allocation.objects.filter(region=region, programme_year=programme_year).first()
    BudgetLine.objects.create(agreement=agreement, order=0, name=AQB,
                              amount=alloc.amount if alloc else None)
    for mt in programme_year.measure_types.order_by("number"):
        AgreementMeasure.objects.create(agreement=agreement, number=mt.number, title=mt.title)
    audit_record(actor=actor, action="agreement.create", obj=agreement,
                 summary=f"Entwurf angelegt (Vorlage Fassung {tpl.version})",
                 changes={"status": {"before": None, "after": Status.DRAFT},
                          **{k: {"before": None, "after": v}
                             for k, v in _snapshot(agreement).items()}})
    return agreement


@transaction.atomic
def agreement_create_missing_drafts(*, actor, programme_year: ProgrammeYear) -> int:
    """Drafts for every region without an agreement in the year: all of them, or none."""
    from aqb.regions.models import Region

    policy.require_ministry(actor, "Zielvereinbarungen anlegen")
    regions = list(Region.objects.exclude(agreements__programme_year=programme_year))
    for region in regions:
        agreement_create_draft(actor=actor, region=region, programme_year=programme_year)
    return len(regions)


def _require_draft(agreement: Agreement) -> None:
    if agreement.status != Status.DRAFT:
        raise ValidationError({"status": (
            f"Die Zielvereinbarung ist „{agreement.get_status_display()}“: ihr Inhalt ist "
            "festgeschrieben. Änderungen nur im Entwurf oder als neue Fassung.")})


def _money(amount, label: str, field: str) -> Decimal:
    """An amount rounded half up to the cent and bounded (`aqb.german.money.money_check`)."""
    try:
        return money_check(amount, field=label)
    except MoneyError as exc:
        raise ValidationError({field: str(exc)}) from exc


@transaction.atomic
def agreement_set_budgets(*, actor, agreement: Agreement,
                          lines: list[tuple[str, Decimal | None]]) -> Agreement:
    policy.require_ministry(actor, "Zielvereinbarungen bearbeiten")
    agreement = _lock(agreement)
    _require_draft(agreement)
    if not lines:
        raise ValidationError({"budgets": "Mindestens eine Haushaltsmittelzeile ist nötig."})
    amounts: list[Decimal | None] = []
    for i, (name, amount) in enumerate(lines, start=1):
        if not (name or "").strip():
            raise ValidationError({"budgets": f"Zeile {i}: Bitte die Bezeichnung angeben."})
        amounts.append(None if amount is None else _money(amount, f"Betrag (Zeile {i})",
                                                          "budgets"))
    before = _snapshot(agreement)
    agreement.budget_lines.all().delete()
    for i, ((name, _amount), amount) in enumerate(zip(lines, amounts, strict=True)):
        BudgetLine.objects.create(agreement=agreement, order=i, name=name.strip(),
                                  amount=amount)
    after = _snapshot(agreement)
    audit_record(actor=actor, action="agreement.budgets", obj=agreement,
                 changes={"budgets": {"before": before["budgets"], "after": after["budgets"]}})
    return agreement


@transaction.atomic
def agreement_add_project(*, actor, agreement: Agreement, measure_number: int, name: str,
                          short_name: str = "", label: str = "", provider=None,
                          planned_amount: Decimal | None = None,
                          planned_participants: int | None = None,
                          project: Project | None = None) -> AgreementProject:
    """List a project under a measure type; creates the project record unless given."""
    policy.require_ministry(actor, "Zielvereinbarungen bearbeiten")
    agreement = _lock(agreement)
    _require_draft(agreement)
    measure = agreement.measures.filter(number=measure_number).first()
    if measure is None:
        raise ValidationError({"measure_number": f"Maßnahmeart {measure_number} gibt es nicht."})
    if project is None:
        name = (name or "").strip()
        if not name:
            raise ValidationError({"name": "Bitte den Namen des Projekts angeben."})
        project = project_create(
            actor=actor, region=agreement.region, measure_number=measure_number, name=name,
            short_name=short_name or "", provider=provider,
            planned_amount=None if planned_amount is None else _money(
                planned_amount, "geplante Mittel (Euro)", "planned_amount"),
            planned_participants=planned_participants,
            first_year=agreement.programme_year.year, is_demo=agreement.is_demo)
    elif project.region_id != agreement.region_id:
        raise ValidationError({"project": "Das Projekt gehört zu einer anderen Region."})
    before = _snapshot(agreement)
    order = (measure.projects.aggregate(m=Max("order"))["m"] or 0) + 1
    entry = AgreementProject.objects.create(measure=measure, project=project,
                                            label=(label or project.label).strip(), order=order)
    audit_record(actor=actor, action="agreement.project_add", obj=agreement,
                 summary=f"Projekt „{entry.label}“ unter Maßnahmeart {measure_number}",
                 changes={"measures": {"before": before["measures"],
                                       "after": _snapshot(agreement)["measures"]}})
    return entry


@transaction.atomic
def agreement_remove_project(*, actor, agreement: Agreement, entry_id: int) -> None:
    policy.require_ministry(actor, "Zielvereinbarungen bearbeiten")
    agreement = _lock(agreement)
    _require_draft(agreement)
    entry = AgreementProject.objects.filter(pk=entry_id, measure__agreement=agreement).first()
    if entry is None:
        raise ValidationError({"entry": "Dieser Projekteintrag gehört nicht zur Vereinbarung."})
    before = _snapshot(agreement)
    label = entry.label
    entry.delete()
    audit_record(actor=actor, action="agreement.project_remove", obj=agreement,
                 summary=f"Projekt „{label}“ entfernt",
                 changes={"measures": {"before": before["measures"],
                                       "after": _snapshot(agreement)["measures"]}})


# --- workflow ---------------------------------------------------------------------------------

@transaction.atomic
def agreement_transition(*, actor, agreement: Agreement, name: str) -> Agreement:
    t = TRANSITIONS[name]
    policy.require_ministry(actor, t.label.lower())
    agreement = _lock(agreement)
    if agreement.status not in t.sources:
        raise ValidationError({"status": (
            f"„{t.label}“ ist im Status „{agreement.get_status_display()}“ nicht möglich.")})
    before = agreement.status
    agreement.status = t.target
    fields = ["status"]
    if t.target == Status.PUBLISHED:
        agreement.published_at = timezone.now()
        fields.append("published_at")
    agreement.save(update_fields=fields)
    audit_record(actor=actor, action=f"agreement.{name}", obj=agreement, summary=t.done,
                 changes={"status": {"before": before, "after": agreement.status}})
    return agreement


def agreement_agree(*, actor, agreement: Agreement) -> Agreement:
    return agreement_transition(actor=actor, agreement=agreement, name="agree")


def agreement_publish(*, actor, agreement: Agreement) -> Agreement:
    return agreement_transition(actor=actor, agreement=agreement, name="publish")


def _may_sign(actor, agreement: Agreement, party: str) -> bool:
    if party == Party.MINISTRY:
        return policy.is_ministry(actor)
    # The region's signature is recorded by the region itself or by the ministry on receipt.
    return policy.is_ministry(actor) or policy.can_edit_region_data(actor, agreement.region_id)


@transaction.atomic
def agreement_sign(*, actor, agreement: Agreement, party: str, place: str, day: date,
                   name: str, title: str, scan: bytes | None = None,
                   scan_name: str = "") -> Agreement:
    """Record a signature. The ministry signs first, then the region; with the region's
    signature the signed record is stored once: the uploaded scan (PDF) if given, else the
    document generated from the data."""
    if party not in Party.values:
        raise ValidationError({"party": "Unbekannte Vertragspartei."})
    if not _may_sign(actor, agreement, party):
        raise PermissionDenied("Sie dürfen diese Unterschrift nicht erfassen.")
    agreement = _lock(agreement)
    expected = Status.AGREED if party == Party.MINISTRY else Status.SIGNED_MINISTRY
    if agreement.status != expected:
        order = ("Erst muss die Zielvereinbarung abgestimmt sein." if party == Party.MINISTRY
                 else "Das Ministerium unterzeichnet zuerst.")
        raise ValidationError({"status": f"Jetzt nicht möglich: {order}"})
    errors = {}
    for key, value in (("place", place), ("name", name), ("title", title)):
        if not (value or "").strip():
            errors[key] = "Bitte ausfüllen."
    if day is None:
        errors["day"] = "Bitte das Datum angeben."
    elif day > timezone.localdate():
        errors["day"] = "Das Datum liegt in der Zukunft."
    if party == Party.REGION and day is not None:
        first = agreement.signatures.get(party=Party.MINISTRY).date
        if day < first:
            errors["day"] = (f"Die Region unterzeichnet nach dem Ministerium "
                             f"({first:%d.%m.%Y}).")
    if scan is not None:
        if party != Party.REGION:
            errors["scan"] = "Der Scan wird mit der zweiten Unterschrift hinterlegt."
        else:
            try:
                check_pdf(scan, scan_name, field="scan")
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    sig = Signature.objects.create(agreement=agreement, party=party, place=place.strip(),
                                   date=day, name=name.strip(), title=title.strip(),
                                   recorded_by=actor if actor.is_authenticated else None)
    before = agreement.status
    agreement.status = Status.SIGNED_MINISTRY if party == Party.MINISTRY else Status.SIGNED
    agreement.save(update_fields=["status"])
    if agreement.status == Status.SIGNED and not agreement.signed_file:
        if scan is not None:
            _store_signed_file(agreement, generated=False, content=scan)
        else:
            _store_signed_file(agreement, generated=True)
    audit_record(actor=actor, action=f"agreement.sign_{party}", obj=agreement,
                 summary=f"Unterschrift {sig.name}, {sig.title} ({sig.place}, {day:%d.%m.%Y})",
                 changes={"status": {"before": before, "after": agreement.status},
                          "signature": {"before": None, "after": str(sig)},
                          "signed_file_sha256": {"before": None,
                                                 "after": agreement.signed_file_sha256 or None}})
    return agreement


def _store_signed_file(agreement: Agreement, *, generated: bool,
                       content: bytes | None = None) -> None:
    """Store the signed record once, under a name chosen here (uploads were checked to be
    readable PDFs before)."""
    if agreement.signed_file:
        raise ValidationError({"signed_file": "Das unterzeichnete Dokument ist bereits "
                                              "gespeichert und wird nicht überschrieben."})
    if generated:
        from .document import agreement_document
        from .render import render

        doc = agreement_document(agreement)
        content = render(doc, "pdf")
    assert content is not None
    filename = signed_file_name(agreement)
    agreement.signed_file.save(filename, ContentFile(content), save=False)
    agreement.signed_file_sha256 = hashlib.sha256(content).hexdigest()
    agreement.signed_file_name = filename
    agreement.save(update_fields=["signed_file", "signed_file_sha256", "signed_file_name"])


@transaction.atomic
def agreement_attach_scan(*, actor, agreement: Agreement, content: bytes,
                          filename: str) -> Agreement:
    """Store an uploaded scan as the signed record (only once, only for signed agreements)."""
    policy.require_ministry(actor, "unterzeichnete Dokumente hinterlegen")
    agreement = _lock(agreement)
    if not agreement.is_signed:
        raise ValidationError({"signed_file": "Erst nach beiden Unterschriften möglich."})
    check_pdf(content, filename, field="signed_file")
    _store_signed_file(agreement, generated=False, content=content)
    audit_record(actor=actor, action="agreement.attach_scan", obj=agreement,
                 changes={"signed_file_sha256": {"before": None,
                                                 "after": agreement.signed_file_sha256}})
    return agreement


@transaction.atomic
def agreement_amend(*, actor, agreement: Agreement, reason: str) -> Agreement:
    """A change after signing: a new version (draft) with the same content that supersedes
    the signed one when it is signed itself. The old version stays as it was."""
    policy.require_ministry(actor, "Änderungen anlegen")
    agreement = _lock(agreement)
    if not agreement.is_current:
        raise ValidationError({"status": "Nur die aktuelle Fassung kann geändert werden."})
    if not agreement.is_signed:
        raise ValidationError({"status": "Ein Entwurf wird direkt bearbeitet, nicht geändert."})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Bitte den Grund der Änderung angeben."})
    agreement.is_current = False
    agreement.save(update_fields=["is_current"])
    new = Agreement.objects.create(
        region=agreement.region, programme_year=agreement.programme_year,
        version=agreement.version + 1, supersedes=agreement, template=agreement.template,
        change_reason=reason.strip(), is_demo=agreement.is_demo)
    _copy_content(agreement, new)
    audit_record(actor=actor, action="agreement.amend", obj=new,
                 summary=f"Neue Fassung {new.version}: {reason.strip()}",
                 changes={"version": {"before": agreement.version, "after": new.version}})
    return new


def _copy_content(src: Agreement, dst: Agreement) -> None:
    for b in src.budget_lines.order_by("order"):
        BudgetLine.objects.create(agreement=dst, order=b.order, name=b.name, amount=b.amount)
    for m in src.measures.order_by("number"):
        nm = AgreementMeasure.objects.create(agreement=dst, number=m.number, title=m.title)
        for p in m.projects.all():
            AgreementProject.objects.create(measure=nm, project=p.project, label=p.label,
                                            order=p.order)


def _budget_words(lines: list) -> str:
    return "; ".join(
        f"{name} {format_eur(Decimal(amount))}" if amount is not None else f"{name} (ohne Betrag)"
        for name, amount in lines) or "keine"


def version_diff(old: Agreement, new: Agreement) -> list[str]:
    """What changed between two versions, as German sentences."""
    a, b = _snapshot(old), _snapshot(new)
    out = []
    if a["budgets"] != b["budgets"]:
        out.append(f"Haushaltsmittel: {_budget_words(a['budgets'])} → "
                   f"{_budget_words(b['budgets'])}")
    for number in sorted(set(a["measures"]) | set(b["measures"]), key=int):
        ta, pa = a["measures"].get(number, ["", []])
        tb, pb = b["measures"].get(number, ["", []])
        if ta != tb:
            out.append(f"Maßnahmeart {number}: Bezeichnung „{ta}“ → „{tb}“")
        for p in pb:
            if p not in pa:
                out.append(f"Maßnahmeart {number}: Projekt „{p}“ hinzugefügt")
        for p in pa:
            if p not in pb:
                out.append(f"Maßnahmeart {number}: Projekt „{p}“ entfernt")
    return out


__all__ = [
    "TRANSITIONS", "Source", "agreement_add_project", "agreement_agree", "agreement_amend",
    "agreement_attach_scan", "agreement_create_draft", "agreement_publish",
    "agreement_remove_project", "agreement_set_budgets", "agreement_sign",
    "agreement_transition", "template_ensure", "template_save", "version_diff",
]
