"""Changes of conferences, registrations, attendance, documents and good-practice entries.

Every service is keyword-only, takes the acting user first, checks the permission with
`aqb.accounts.policy`, runs in one transaction and writes an audit entry. Registrations lock
their conference (`select_for_update`), so two people cannot take the last place at once and
the waiting list moves up in order.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.models import Role
from aqb.audit.services import audit_record
from aqb.german.dates import format_date
from aqb.notifications.services import notify

from .files import check_document
from .models import (
    Conference,
    ConferenceDocument,
    ConferenceStatus,
    DocumentKind,
    PracticeEntry,
    PracticeStatus,
    ProgrammeItem,
    Registration,
    RegistrationStatus,
)
from .reminders import CHANGED, MOVED_UP

MINISTRY_ONLY = "Tagungen anlegen und ändern"


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


# --- conferences ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ConferenceData:
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    description: str
    capacity: int
    registration_deadline: object  # date
    status: str


FIELDS = ("title", "starts_at", "ends_at", "place", "description", "capacity",
          "registration_deadline", "status")


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def conference_save(*, actor, data: ConferenceData,
                    conference: Conference | None = None) -> Conference:
    """Create a conference or change one. More places move the waiting list up; fewer places
    than people registered are refused."""
    policy.require_ministry(actor, MINISTRY_ONLY)
    errors = {}
    if not data.title.strip():
        errors["title"] = "Bitte einen Titel angeben."
    if not data.place.strip():
        errors["place"] = "Bitte den Ort (oder den Link der Videokonferenz) angeben."
    if data.ends_at < data.starts_at:
        errors["ends_at"] = "Das Ende liegt vor dem Beginn."
    if data.capacity < 1:
        errors["capacity"] = "Eine Tagung braucht mindestens einen Platz."
    if data.status not in ConferenceStatus.values:
        errors["status"] = "Unbekannter Status."
    if conference is not None:
        conference = _locked(conference)
        registered = conference.registrations.filter(
            status=RegistrationStatus.REGISTERED).count()
        if data.capacity < registered:
            errors["capacity"] = (f"Es sind bereits {registered} Personen angemeldet; weniger "
                                  "Plätze sind nicht möglich. Bitte zuerst Anmeldungen "
                                  "stornieren.")
    if errors:
        raise ValidationError(errors)
    creating = conference is None
    before = {} if creating else {f: _plain(getattr(conference, f)) for f in FIELDS}
    conference = conference or Conference()
    for f in FIELDS:
        value = getattr(data, f)
        setattr(conference, f, value.strip() if isinstance(value, str) else value)
    conference.save()
    after = {f: _plain(getattr(conference, f)) for f in FIELDS}
    changes = {f: {"before": before.get(f), "after": after[f]} for f in FIELDS
               if before.get(f) != after[f]}
    audit_record(actor=actor, action="conference.create" if creating else "conference.update",
                 obj=conference, changes=changes)
    if not creating:
        _move_up(actor, conference)
        _tell_registered(conference, before, after)
    return conference


def _tell_registered(conference: Conference, before: dict, after: dict) -> None:
    """Everyone with a live registration hears of a cancellation or a new date."""
    if after["status"] == ConferenceStatus.CANCELLED != before["status"]:
        title = f"Abgesagt: „{conference}“"
        body = f"Die Tagung „{conference}“ findet nicht statt."
    elif after["starts_at"] != before["starts_at"] and \
            after["status"] != ConferenceStatus.CANCELLED:
        day = timezone.localtime(conference.starts_at)
        title = f"Neuer Termin: „{conference}“"
        body = (f"Die Tagung „{conference}“ beginnt jetzt am {format_date(day.date())} um "
                f"{day:%H:%M} Uhr.")
    else:
        return
    for reg in conference.registrations.exclude(
            status=RegistrationStatus.CANCELLED).select_related("user"):
        notify(user=reg.user, kind=CHANGED.key, title=title, body=body,
               url=reverse("conferences:detail", args=[conference.pk]))


_LINE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(?:Uhr)?\s*\|\s*([^|]+?)\s*(?:\|\s*(.*?)\s*)?$")


def programme_parse(text: str) -> list[tuple[time, str, str]]:
    """Lines "09:30 | Begrüßung | Referatsleitung, Ministerium" into (time, title, speaker);
    a German ValidationError at `programme` names each wrong line."""
    items, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m or int(m[1]) > 23 or int(m[2]) > 59:
            errors.append(f"Zeile {number}: bitte „Uhrzeit | Titel | vortragende Stelle“ "
                          "angeben, z. B. „09:30 | Begrüßung | Ministerium“.")
            continue
        items.append((time(int(m[1]), int(m[2])), m[3][:300], (m[4] or "")[:300]))
    if errors:
        raise ValidationError({"programme": errors})
    return items


@transaction.atomic
def programme_set(*, actor, conference: Conference, text: str) -> list[ProgrammeItem]:
    """Replace the programme by the lines of `text` (in their order)."""
    policy.require_ministry(actor, MINISTRY_ONLY)
    items = programme_parse(text)
    conference = _locked(conference)
    before = [str(i) for i in conference.programme.all()]
    conference.programme.all().delete()
    rows = ProgrammeItem.objects.bulk_create(
        ProgrammeItem(conference=conference, position=n, time=t, title=title, speaker=speaker)
        for n, (t, title, speaker) in enumerate(items, start=1))
    audit_record(actor=actor, action="conference.programme", obj=conference,
                 changes={"programme_items": {"before": "; ".join(before) or None,
                                        "after": "; ".join(str(r) for r in rows) or None}})
    return rows


# --- registrations --------------------------------------------------------------------------

def _region_of(user) -> int | None:
    regions = sorted(policy.principal(user).region_ids)
    return regions[0] if regions else None


def registrable_users_unscoped():
    """People the ministry may register: active users of the state and of the regions."""
    return (get_user_model().objects.filter(
        is_active=True, memberships__role__in=[Role.MINISTRY, Role.AUTHORITY, Role.REGION])
        .distinct().order_by("last_name", "first_name", "username"))


@transaction.atomic
def registration_create(*, actor, conference: Conference, user=None,
                        note: str = "") -> Registration:
    """Register `user` (default: the actor) for the conference: a place while there is one,
    else the end of the waiting list. The ministry registers anyone of the state or the
    regions (also after the deadline); everyone else registers only themselves."""
    system = actor is policy.SYSTEM  # the command line (demo data) acts as the ministry
    user = user or actor
    if user is policy.SYSTEM:
        raise ValidationError({"user": "Bitte die Person angeben."})
    p = policy.principal(actor)
    ministry = system or p.ministry
    target = policy.principal(user)
    if not (ministry or p.region_ids):
        raise PermissionDenied("Zu Tagungen melden sich die Beschäftigten der "
                               "Gebietskörperschaften an; das Ministerium meldet Personen an.")
    if not ministry and user.pk != actor.pk:
        raise PermissionDenied("Andere Personen meldet nur das Ministerium an.")
    if not (target.ministry or target.authority or target.region_ids) or not user.is_active:
        raise ValidationError({"user": "Angemeldet werden können nur Beschäftigte des Landes "
                                       "und der Gebietskörperschaften."})
    conference = _locked(conference)
    if conference.status != ConferenceStatus.OPEN:
        raise ValidationError(f"Für „{conference}“ ist die Anmeldung nicht offen (Status: "
                              f"{conference.get_status_display()}).")
    if not ministry and timezone.localdate() > conference.registration_deadline:
        raise ValidationError(f"Der Anmeldeschluss war am "
                              f"{format_date(conference.registration_deadline)}.")
    if conference.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(
            user=user).exists():
        raise ValidationError({"user": f"{user.get_full_name() or user.get_username()} ist "
                                       "bereits angemeldet oder auf der Warteliste."})
    registered = conference.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    reg = Registration(conference=conference, user=user, region_id=_region_of(user),
                       note=(note or "").strip()[:300])
    if registered < conference.capacity:
        reg.status = RegistrationStatus.REGISTERED
    else:
        last = conference.registrations.filter(status=RegistrationStatus.WAITING).aggregate(
            m=Max("position"))["m"] or 0
        reg.status, reg.position = RegistrationStatus.WAITING, last + 1
    reg.save()
    audit_record(actor=actor, action="conference.register", obj=reg,
                 object_repr=f"{reg.person}: {conference}",
                 changes={"status": {"before": None, "after": reg.status},
                          "position": {"before": None, "after": reg.position}})
    return reg


def can_cancel(user, registration: Registration) -> bool:
    return (policy.is_ministry(user) or registration.user_id == user.pk
            or (registration.region_id is not None
                and registration.region_id in policy.principal(user).region_ids))


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    """Cancel a registration (the person, their region or the ministry). A freed place goes
    to the first person on the waiting list, who is told."""
    if actor is not policy.SYSTEM and not can_cancel(actor, registration):
        raise PermissionDenied("Diese Anmeldung stornieren nur die angemeldete Person, ihre "
                               "Gebietskörperschaft oder das Ministerium.")
    conference = _locked(registration.conference)
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    if reg.status == RegistrationStatus.CANCELLED:
        raise ValidationError("Diese Anmeldung ist bereits storniert.")
    before, position = reg.status, reg.position
    reg.status, reg.position, reg.cancelled_at = (RegistrationStatus.CANCELLED, None,
                                                  timezone.now())
    reg.save(update_fields=["status", "position", "cancelled_at"])
    audit_record(actor=actor, action="conference.cancel", obj=reg,
                 object_repr=f"{reg.person}: {conference}",
                 changes={"status": {"before": before, "after": reg.status},
                          "position": {"before": position, "after": None}})
    if before == RegistrationStatus.WAITING:
        _renumber(conference)
    else:
        _move_up(actor, conference)
    return reg


def _renumber(conference: Conference) -> None:
    waiting = conference.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "position", "pk")
    for n, row in enumerate(waiting, start=1):
        if row.position != n:
            row.position = n
            row.save(update_fields=["position"])


def _move_up(actor, conference: Conference) -> int:
    """Fill free places from the waiting list, in order; tell each person moved up. Runs
    inside the caller's transaction with the conference locked."""
    free = conference.capacity - conference.registrations.filter(
        status=RegistrationStatus.REGISTERED).count()
    moved = 0
    if free > 0 and conference.status in (ConferenceStatus.OPEN, ConferenceStatus.PLANNED):
        for reg in conference.registrations.select_for_update().filter(
                status=RegistrationStatus.WAITING).order_by("position", "pk")[:free]:
            position = reg.position
            reg.status, reg.position = RegistrationStatus.REGISTERED, None
            reg.save(update_fields=["status", "position"])
            audit_record(actor=actor, action="conference.move_up", obj=reg,
                         object_repr=f"{reg.person}: {conference}",
                         changes={"status": {"before": RegistrationStatus.WAITING,
                                             "after": reg.status},
                                  "position": {"before": position, "after": None}})
            notify(user=reg.user, kind=MOVED_UP.key,
                   title=f"Platz frei: Sie sind für „{conference}“ angemeldet",
                   body=(f"Auf der Warteliste für „{conference}“ am "
                         f"{format_date(timezone.localdate(conference.starts_at))} ist ein "
                         "Platz frei geworden. Sie sind jetzt angemeldet."),
                   url=reverse("conferences:detail", args=[conference.pk]))
            moved += 1
        if moved:
            _renumber(conference)
    return moved


@transaction.atomic
def attendance_set(*, actor, conference: Conference, attended: set[int]) -> int:
    """Mark who attended (registrations by pk; every other registered person did not). Only
    once the conference has begun. Returns how many attended."""
    policy.require_ministry(actor, "die Teilnahme erfassen")
    conference = _locked(conference)
    if timezone.now() < conference.starts_at:
        raise ValidationError("Die Teilnahme wird nach Beginn der Tagung erfasst.")
    rows = list(conference.registrations.select_for_update().filter(
        status=RegistrationStatus.REGISTERED))
    unknown = set(attended) - {r.pk for r in rows}
    if unknown:
        raise ValidationError({"attended": "Teilnahme lässt sich nur für angemeldete Personen "
                                           "erfassen."})
    before = ", ".join(r.person for r in rows if r.attended) or None
    for row in rows:
        value = row.pk in attended
        if row.attended != value:
            row.attended = value
            row.save(update_fields=["attended"])
    after = ", ".join(r.person for r in rows if r.attended) or None
    audit_record(actor=actor, action="conference.attendance", obj=conference,
                 changes={"attended_names": {"before": before, "after": after}} if before != after
                 else {},
                 summary=f"{len(attended)} von {len(rows)} Angemeldeten teilgenommen")
    return len(attended)


@transaction.atomic
def document_add(*, actor, conference: Conference, kind: str, title: str, content: bytes,
                 filename: str) -> ConferenceDocument:
    """Attach slides or minutes (PDF, PPTX, DOCX, checked); stored under a server name."""
    policy.require_ministry(actor, "Tagungsdokumente hochladen")
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Bitte die Art des Dokuments wählen."})
    suffix = check_document(content, filename, field="file")
    title = (title or "").strip() or filename.rsplit(".", 1)[0]
    conference = _locked(conference)
    digest = hashlib.sha256(content).hexdigest()
    doc = ConferenceDocument(conference=conference, kind=kind, title=title[:200],
                             suffix=suffix, file_sha256=digest, uploaded_by=_person(actor))
    doc.file.save(f"tagung-{conference.pk}-{digest[:16]}.{suffix}", ContentFile(content),
                  save=False)
    doc.save()
    audit_record(actor=actor, action="conference.document", obj=conference,
                 changes={"conference_document": {"before": None, "after": doc.title}},
                 summary=f"Dokument „{doc.title}“ hinzugefügt")
    return doc


# --- good practice --------------------------------------------------------------------------

PRACTICE_FIELDS = ("title", "what_worked", "contact_office", "contact_email")


@dataclass(frozen=True)
class PracticeData:
    measure_type: object  # budgets.MeasureType
    title: str
    what_worked: str
    contact_office: str
    contact_email: str
    project: object = None  # projects.Project or None


@transaction.atomic
def practice_save(*, actor, region, data: PracticeData,
                  entry: PracticeEntry | None = None) -> PracticeEntry:
    """A region writes entries for itself (drafts); the ministry edits any entry, also a
    published one."""
    if actor is not policy.SYSTEM and not policy.can_edit_region_data(actor, region.pk):
        raise PermissionDenied("Gute-Praxis-Beispiele trägt die Gebietskörperschaft für sich "
                               "selbst ein.")
    if entry is not None:
        entry = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.region_id != region.pk:
            raise ValidationError("Das Beispiel gehört zu einer anderen Gebietskörperschaft.")
        if entry.status == PracticeStatus.PUBLISHED and actor is not policy.SYSTEM \
                and not policy.is_ministry(actor):
            raise PermissionDenied("Ein veröffentlichtes Beispiel ändert nur das Ministerium.")
    errors = {}
    for f, label in (("title", "einen Titel"), ("what_worked", "zu beschreiben, was sich "
                                                                "bewährt hat"),
                     ("contact_office", "die Stelle oder Funktion als Kontakt")):
        if not getattr(data, f).strip():
            errors[f] = f"Bitte {label} angeben."
    if data.project is not None and data.project.region_id != region.pk:
        errors["project"] = "Das Projekt gehört nicht zu dieser Gebietskörperschaft."
    if data.project is not None and data.project.measure_number != data.measure_type.number:
        errors["project"] = (f"Das Projekt gehört zur Maßnahmeart "
                             f"{data.project.measure_number}, nicht zu "
                             f"{data.measure_type.number}.")
    if errors:
        raise ValidationError(errors)
    creating = entry is None
    entry = entry or PracticeEntry(region=region)
    before = {} if creating else {
        **{f: getattr(entry, f) for f in PRACTICE_FIELDS},
        "measure_type": str(entry.measure_type), "project": str(entry.project or "")}
    for f in PRACTICE_FIELDS:
        setattr(entry, f, getattr(data, f).strip())
    entry.measure_type, entry.project = data.measure_type, data.project
    entry.save()
    after = {**{f: getattr(entry, f) for f in PRACTICE_FIELDS},
             "measure_type": str(entry.measure_type), "project": str(entry.project or "")}
    audit_record(actor=actor, action="practice.create" if creating else "practice.update",
                 obj=entry, changes={k: {"before": before.get(k), "after": v}
                                     for k, v in after.items() if before.get(k) != v})
    return entry


@transaction.atomic
def practice_publish(*, actor, entry: PracticeEntry, publish: bool = True) -> PracticeEntry:
    """The ministry publishes an entry on the portal (or takes it back to a draft)."""
    policy.require_ministry(actor, "Gute-Praxis-Beispiele veröffentlichen")
    entry = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
    target = PracticeStatus.PUBLISHED if publish else PracticeStatus.DRAFT
    if entry.status == target:
        raise ValidationError("Das Beispiel ist bereits veröffentlicht." if publish else
                              "Das Beispiel ist nicht veröffentlicht.")
    before = entry.status
    entry.status = target
    entry.published_at = timezone.now() if publish else None
    entry.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, action="practice.publish" if publish else "practice.withdraw",
                 obj=entry, changes={"status": {"before": before, "after": entry.status}})
    return entry
