"""Storing an agreement read from a document (`aqb agreement_import --save`, upload in the UI).

The reader (`reading/`) is pure; this module maps its result onto the models. An agreement
is accepted when everything but the signatures is present and it is either signed by both
parties (stored as the signed record, with the original file) or by none (stored as a draft,
the original file kept beside it). Everything is checked before the first row is written, so
a document the database could not hold is refused with a German message, never half stored.
See docs/agreements.md.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.budgets.models import ProgrammeYear
from aqb.projects.models import Project
from aqb.projects.services import project_create
from aqb.regions.models import Region

from .files import signed_file_name, stored_name
from .models import (
    Agreement,
    AgreementMeasure,
    AgreementProject,
    BudgetLine,
    Signature,
    Source,
    Status,
)
from .reading import ParsedAgreement, RegionRef, read_agreement
from .services import template_ensure

SIGNATURE_KEYS = ("signature:ministry", "signature:region")


def region_refs() -> list[RegionRef]:
    """The 26 regions with every spelling the reader should recognise."""
    refs = []
    for r in Region.objects.order_by("ags"):
        names = [r.name] + [n for n in (r.official_name,) if n and n != r.name]
        refs.append(RegionRef(ags=r.ags, names=tuple(names)))
    return refs


def agreement_read(path: Path, *, filename: str | None = None) -> ParsedAgreement:
    return read_agreement(Path(path), regions=region_refs(), filename=filename)


def import_problems(parsed: ParsedAgreement) -> list[str]:
    """Why an agreement cannot be stored; empty if it can.

    A document signed by nobody is stored as a draft: its signatures are not needed, nor
    amounts for budget lines it names (a draft may leave them open).
    """
    missing = set(parsed.missing)
    unsigned = set(SIGNATURE_KEYS) <= missing
    blocking = [k for k in parsed.missing if k not in SIGNATURE_KEYS
                and not (k == "budgets" and unsigned and parsed.budgets)]
    if len(missing & set(SIGNATURE_KEYS)) == 1:
        blocking.extend(k for k in SIGNATURE_KEYS if k in missing)
    return blocking


def is_importable(parsed: ParsedAgreement) -> bool:
    return not import_problems(parsed)


def is_unsigned(parsed: ParsedAgreement) -> bool:
    """Signed by nobody: it can only be stored as a draft."""
    return all(k in parsed.missing for k in SIGNATURE_KEYS)


LABELS = {
    "year": "Jahr", "ministry": "Ministerium", "region": "Gebietskörperschaft",
    "budgets": "Haushaltsmittel (§ 4)",
    "budget_lines": "lesbare Haushaltsmittel-Zeilen (§ 4)",
    "measures": "Maßnahmearten und Projekte (§ 5)",
    "granting_authority": "Bewilligungsbehörde",
    "signature:ministry": "Unterschrift des Ministeriums",
    "signature:region": "Unterschrift der Gebietskörperschaft",
}


def problem_labels(parsed: ParsedAgreement, keys: list[str] | None = None) -> list[str]:
    """German labels of what is missing (``keys``, default: every missing part); the
    unreadable parts of § 4 are spelled out."""
    labels = []
    for key in parsed.missing if keys is None else keys:
        label = LABELS.get(key, key)
        if key == "budget_lines" and parsed.unread:
            label = f"{label} – " + " ".join(parsed.unread)
        labels.append(label)
    return labels


#: Upper bounds of the stored fields (characters), for German messages before saving.
_MAX_AMOUNT = Decimal("999999999999.99")


def _fit_problems(parsed: ParsedAgreement) -> list[str]:
    """What the database could not hold, in German; empty if everything fits."""
    problems = []

    def too_long(text: str | None, limit: int, what: str) -> None:
        if text and len(text) > limit:
            problems.append(f"{what} ist zu lang (höchstens {limit} Zeichen): „{text[:60]}…“")

    too_long(parsed.ministry, 200, "Der Name des Ministeriums")
    for i, b in enumerate(parsed.budgets, start=1):
        too_long(b.name, 200, f"Die Bezeichnung der Haushaltsmittel-Zeile {i}")
        if b.amount is not None and not Decimal(0) <= b.amount <= _MAX_AMOUNT:
            problems.append(f"Der Betrag der Haushaltsmittel-Zeile {i} ({b.name}) ist nicht "
                            "möglich (0 bis 999.999.999.999,99 Euro).")
    for m in parsed.measures:
        too_long(m.title, 400, f"Der Titel der Maßnahmeart {m.number}")
        for p in m.projects:
            too_long(p.label, 400, f"Ein Projekt der Maßnahmeart {m.number}")
            too_long(p.long, 300, f"Ein Projektname der Maßnahmeart {m.number}")
            too_long(p.short if p.short != p.long else "", 60,
                     f"Eine Projektabkürzung der Maßnahmeart {m.number}")
    for sig in parsed.signatures:
        who = LABELS[f"signature:{sig.party}"]
        if sig.date is None or not sig.name:
            problems.append(f"{who}: Name und Datum sind nötig.")
        too_long(sig.place, 100, f"Der Ort ({who})")
        too_long(sig.name, 150, f"Der Name ({who})")
        too_long(sig.title, 150, f"Die Amtsbezeichnung ({who})")
    return problems


def _project_for(actor, region: Region, number: int, short: str, long: str, year: int,
                 is_demo: bool) -> Project:
    short_name = short if short != long else ""
    existing = Project.objects.filter(region=region, measure_number=number, name=long,
                                      short_name=short_name).first()
    if existing:
        return existing
    return project_create(actor=actor, region=region, measure_number=number, name=long,
                          short_name=short_name, first_year=year, is_demo=is_demo)


@transaction.atomic
def agreement_import_save(*, actor, parsed: ParsedAgreement, content: bytes, filename: str,
                          is_demo: bool = False) -> Agreement:
    """Store a read agreement; it becomes the current version for its region and year."""
    policy.require_ministry(actor, "Zielvereinbarungen einlesen")
    problems = import_problems(parsed)
    if problems:
        raise ValidationError({"file": "Unvollständig, es fehlt: " + ", ".join(
            problem_labels(parsed, problems))})
    too_big = _fit_problems(parsed)
    if too_big:
        raise ValidationError({"file": " ".join(too_big)})
    region = Region.objects.get(ags=parsed.region.ags)
    py = ProgrammeYear.objects.filter(year=parsed.year).first()
    if py is None:
        raise ValidationError({"year": (
            f"Das Programmjahr {parsed.year} ist nicht angelegt. Bitte zuerst unter "
            "„Programmjahre“ anlegen, dann erneut einlesen.")})
    previous = Agreement.objects.select_for_update().filter(
        region=region, programme_year=py, is_current=True).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    signed = parsed.signature("ministry") is not None and parsed.signature("region") is not None
    agreement = Agreement.objects.create(
        region=region, programme_year=py,
        version=(previous.version + 1) if previous else 1, supersedes=previous,
        template=template_ensure(actor=actor, programme_year=py), source=Source.IMPORTED,
        ministry_name=parsed.ministry or "",
        status=Status.SIGNED if signed else Status.DRAFT, is_demo=is_demo,
        change_reason=f"Eingelesen aus {filename}" if previous else "")
    for i, b in enumerate(parsed.budgets):
        BudgetLine.objects.create(agreement=agreement, order=i, name=b.name, amount=b.amount)
    for m in parsed.measures:
        measure = AgreementMeasure.objects.create(agreement=agreement, number=m.number,
                                                  title=m.title)
        for order, p in enumerate(m.projects, start=1):
            project = _project_for(actor, region, m.number, p.short, p.long, parsed.year, is_demo)
            AgreementProject.objects.create(
                measure=measure, project=project, label=p.label, order=order,
                planned_participants=p.planned_participants, planned_amount=p.planned_amount,
                outcome_target=p.outcome_target)
    for s in parsed.signatures:
        Signature.objects.create(agreement=agreement, party=s.party, place=s.place or "",
                                 date=s.date, name=s.name or "", title=s.title or "",
                                 recorded_by=actor)
    digest = hashlib.sha256(content).hexdigest()
    safe_name = Path(filename).name
    # Stored under a name the server chooses; the suffix is one the reader has just read the
    # content as (.txt, .pdf, .docx).
    suffix = Path(filename).suffix.lower()
    if signed:
        stored = signed_file_name(agreement, suffix)
        agreement.signed_file.save(stored, ContentFile(content), save=False)
        agreement.signed_file_sha256 = digest
        agreement.signed_file_name = stored
    else:
        agreement.source_file.save(stored_name(agreement, "eingelesen", suffix),
                                   ContentFile(content), save=False)
    agreement.save()
    audit_record(actor=actor, action="agreement.import", obj=agreement,
                 summary=f"Eingelesen aus {safe_name}",
                 changes={"status": {"before": previous.status if previous else None,
                                     "after": agreement.status},
                          "version": {"before": previous.version if previous else None,
                                      "after": agreement.version},
                          "file_sha256": {"before": None, "after": digest}})
    return agreement
