"""Drafting: a new draft per region and year, its budget lines (§ 4) and projects (§ 5)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.budgets.models import ProgrammeYear
from aqb.budgets.selectors import allocation_current_unscoped
from aqb.german.money import MoneyError, format_euro, money_check
from aqb.projects.models import Project
from aqb.projects.services import project_create

from ..models import Agreement, AgreementMeasure, AgreementProject, BudgetLine, Status
from ..selectors import AQB, allocation_mismatches
from ..selectors import agreement_snapshot as _snapshot
from ..targets import FIELDS, LABELS, target_field
from .common import _lock, _require_draft, _require_revision, agreed_line
from .templates import template_ensure


@transaction.atomic
def agreement_create_draft(*, actor, region, programme_year: ProgrammeYear,
                           is_demo: bool = False) -> Agreement:
    """A draft for the region and year: the current allocation as budget line, the year's
    four measure types without projects, the newest template version."""
    policy.require_ministry(actor, "Zielvereinbarungen anlegen")
    if Agreement.objects.filter(region=region, programme_year=programme_year).exists():
        raise ValidationError({"region": (
            f"Für {region.forms.accusative} gibt es für {programme_year.year} schon eine "
            "Zielvereinbarung; Änderungen bitte als neue Fassung.")})
    tpl = template_ensure(actor=actor, programme_year=programme_year)
    agreement = Agreement.objects.create(region=region, programme_year=programme_year,
                                         template=tpl, is_demo=is_demo)
    alloc = allocation_current_unscoped(region, programme_year)
    BudgetLine.objects.create(agreement=agreement, order=0, name=AQB,
                              amount=alloc.current if alloc else None)
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


def _money(amount, label: str, field: str) -> Decimal:
    """An amount rounded half up to the cent and bounded (`aqb.german.money.money_check`)."""
    try:
        return money_check(amount, field=label)
    except MoneyError as exc:
        raise ValidationError({field: str(exc)}) from exc


@transaction.atomic
def agreement_set_budgets(*, actor, agreement: Agreement,
                          lines: list[tuple[str, Decimal | None]],
                          revision: str | None = None) -> Agreement:
    """Replace the draft's budget lines (§ 4). `revision`: see `_require_revision`."""
    policy.require_ministry(actor, "Zielvereinbarungen bearbeiten")
    agreement = _lock(agreement)
    _require_draft(agreement)
    _require_revision(agreement, revision)
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
    # the targets start from the project's plan figures (docs/steering.md)
    entry = AgreementProject.objects.create(measure=measure, project=project,
                                            label=(label or project.label).strip(), order=order,
                                            planned_participants=project.planned_participants,
                                            planned_amount=project.planned_amount)
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


#: The most entries a project may plan (a guard against typing errors, far above any real
#: project of a region).
MAX_PARTICIPANTS = 100_000


def _clean_targets(entry: AgreementProject, values: dict) -> dict:
    """The three targets of one line checked; German errors naming field and project."""
    errors, clean = {}, {}
    where = f"„{entry.label}“"
    people = values.get("planned_participants")
    if people is not None:
        if isinstance(people, bool) or not isinstance(people, int | Decimal) or (
                people != int(people)):
            errors["planned_participants"] = (
                f"{LABELS['planned_participants']} für {where}: Bitte eine ganze Zahl angeben.")
        elif people < 0:
            errors["planned_participants"] = (
                f"{LABELS['planned_participants']} für {where}: Die Zahl darf nicht negativ "
                "sein.")
        elif people > MAX_PARTICIPANTS:
            errors["planned_participants"] = (
                f"{LABELS['planned_participants']} für {where}: höchstens "
                f"{MAX_PARTICIPANTS:,} Teilnehmende.".replace(",", "."))
        else:
            people = int(people)
    clean["planned_participants"] = people
    amount = values.get("planned_amount")
    if amount is not None:
        try:
            amount = money_check(amount, field=f"{LABELS['planned_amount']} für {entry.label}")
        except (MoneyError, TypeError, ValueError) as exc:
            errors["planned_amount"] = str(exc) if isinstance(exc, MoneyError) else (
                f"{LABELS['planned_amount']} für {where}: Bitte einen Betrag angeben.")
    clean["planned_amount"] = amount
    outcome = values.get("outcome_target")
    if outcome is not None:
        if isinstance(outcome, bool) or not isinstance(outcome, int | Decimal) or not (
                Decimal(outcome).is_finite()):
            errors["outcome_target"] = (
                f"{LABELS['outcome_target']} für {where}: Bitte eine Zahl angeben.")
        elif not Decimal(0) <= outcome <= Decimal(100):
            errors["outcome_target"] = (
                f"{LABELS['outcome_target']} für {where}: Bitte einen Wert zwischen 0 und 100 "
                "Prozent angeben.")
        else:
            outcome = Decimal(outcome).quantize(Decimal("0.01"), ROUND_HALF_UP)
    clean["outcome_target"] = outcome
    if errors:
        raise ValidationError({target_field(k, entry.pk): v for k, v in errors.items()})
    return clean


@transaction.atomic
def agreement_set_targets(*, actor, agreement: Agreement,
                          targets: dict[int, dict], revision: str | None = None) -> Agreement:
    """Set the targets of the draft's project lines: `targets` maps the id of a project line
    to its `planned_participants`, `planned_amount` and `outcome_target` (None: no target).
    Lines not named keep theirs. All lines or none are saved; one audit entry. `revision`:
    see `_require_revision`."""
    policy.require_ministry(actor, "Zielvereinbarungen bearbeiten")
    agreement = _lock(agreement)
    _require_draft(agreement)
    _require_revision(agreement, revision)
    entries = {e.pk: e for e in AgreementProject.objects.filter(measure__agreement=agreement)}
    unknown = [pk for pk in targets if pk not in entries]
    if unknown:
        raise ValidationError({"entry": "Dieser Projekteintrag gehört nicht zur Vereinbarung."})
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for pk, values in targets.items():
        unknown_keys = set(values) - set(FIELDS)
        if unknown_keys:
            raise ValidationError({"entry": "Unbekannte Zielangabe: "
                                            + ", ".join(sorted(unknown_keys))})
        try:
            cleaned[pk] = _clean_targets(entries[pk], values)
        except ValidationError as exc:
            for key, messages_ in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages_)
    if errors:
        raise ValidationError(errors)
    before = _snapshot(agreement)["targets"]
    changed = []
    for pk, values in cleaned.items():
        entry = entries[pk]
        if all(getattr(entry, k) == v for k, v in values.items()):
            continue
        for k, v in values.items():
            setattr(entry, k, v)
        entry.save(update_fields=list(FIELDS))
        changed.append(entry.label)
    if changed:
        after = _snapshot(agreement)["targets"]
        audit_record(actor=actor, action="agreement.targets", obj=agreement,
                     summary="Ziele geändert: " + ", ".join(f"„{x}“" for x in changed),
                     changes={"targets": {"before": before, "after": after}})
    return agreement


# --- workflow ---------------------------------------------------------------------------------


@transaction.atomic
def agreement_take_allocation(*, actor, agreement: Agreement) -> Agreement:
    """A draft takes over the region's current allocation (adopted amount plus all dated
    changes) as the amount of its AQB budget line. Signed agreements keep their amount."""
    policy.require_ministry(actor, "Zielvereinbarungen bearbeiten")
    agreement = _lock(agreement)
    _require_draft(agreement)
    alloc = allocation_current_unscoped(agreement.region, agreement.programme_year)
    if alloc is None:
        raise ValidationError({"budgets": (
            f"Für {agreement.region.forms.accusative} ist für {agreement.programme_year.year} "
            "noch keine Zuweisung übernommen.")})
    line = agreed_line(agreement)
    if line is not None and line.amount == alloc.current:
        return agreement
    before = _snapshot(agreement)
    if line is None:
        BudgetLine.objects.create(agreement=agreement, order=0, name=AQB, amount=alloc.current)
    else:
        line.amount = alloc.current
        line.save(update_fields=["amount"])
    after = _snapshot(agreement)
    audit_record(actor=actor, action="agreement.budgets", obj=agreement,
                 summary=f"Aktuelle Zuweisung übernommen: {format_euro(alloc.current)}",
                 changes={"budgets": {"before": before["budgets"], "after": after["budgets"]}})
    return agreement


@transaction.atomic
def agreement_take_allocations(*, actor, programme_year: ProgrammeYear) -> int:
    """Every current draft of the year whose amount differs takes over the current
    allocation: all of them, or none. Returns how many changed."""
    policy.require_ministry(actor, "Zielvereinbarungen bearbeiten")
    drafts = [c.agreement for c in allocation_mismatches(user=actor, year=programme_year.year)
              if c.can_take_over]
    for agreement in drafts:
        agreement_take_allocation(actor=actor, agreement=agreement)
    return len(drafts)
