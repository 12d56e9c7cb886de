"""Workflow and signing. Workflow as data: each transition names its source states, who may
perform it, and writes an audit entry. One transaction per call.

    Entwurf --agree--> Abgestimmt --sign(ministry)--> Vom Ministerium unterzeichnet
        --sign(region)--> Unterzeichnet --publish--> Veröffentlicht
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from aqb.accounts import policy
from aqb.audit.services import audit_record
from aqb.ui.uploads import check_pdf

from ..files import signed_file_name
from ..models import Agreement, Party, Signature, Status
from .common import _lock


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
    already = agreement.signatures.filter(party=party).first()
    if already is not None:
        # typically two people recorded the same signature at the same time: the lock lets
        # the first through; the second sees the stored signature
        raise ValidationError({"status": (
            f"Die Unterschrift ({Party(party).label}) wurde inzwischen bereits erfasst: "
            f"{already}. Bitte laden Sie die Seite neu.")})
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
        from ..document import agreement_document
        from ..render import render

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
