"""The autumn review meeting (Umsetzungsbesprechung, docs/steering.md): services that change a
review (each in one transaction with an audit entry) and the reads of reviews and actions
(scoped to the user: a region sees its own, the state all).

Life of a review: geplant → durchgeführt (figures frozen as a snapshot) → Protokoll geteilt →
bestätigt; a planned review may be abgesagt. The agenda is generated from the region's goal
assessment when the meeting is scheduled and stays editable until it is held.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from aqb.accounts import policy
from aqb.accounts.models import Membership, Role, User
from aqb.agreements.models import Agreement
from aqb.audit.services import audit_record
from aqb.budgets.models import ProgrammeYear
from aqb.funding.ledger import LABELS as MONEY_LABELS
from aqb.funding.models import Notice, NoticeVersion, Proof, ProofKind
from aqb.german.dates import format_date
from aqb.german.money import format_eur, format_number
from aqb.notifications import services as notifications

from .assessment import BEHIND, RATING_LABELS, SIGNED, WATCH, outcome_rate_shown, region_assessment
from .models import (
    ActionStatus,
    AgendaItem,
    CommentKind,
    Responsible,
    Review,
    ReviewAction,
    ReviewComment,
    ReviewStatus,
)

KIND_INVITATION = "review_invitation"
KIND_MINUTES = "review_minutes"
KIND_ACTION = "review_action"
REMIND_DAYS_BEFORE_MEETING = (7, 1)
REMIND_DAYS_BEFORE_DUE = 7
OPEN_STATES = (ReviewStatus.PLANNED,)


# --- formatting -----------------------------------------------------------------------------

def _dec(value) -> str | None:
    return None if value is None else str(value)


def _percent(ratio: str | Decimal | None) -> str:
    if ratio is None:
        return "–"
    return f"{format_number((Decimal(ratio) * 100).quantize(Decimal('0.1')), 1)} %"


def when_text(review: Review) -> str:
    at = timezone.localtime(review.starts_at)
    return f"{format_date(at.date())}, {at:%H:%M} Uhr"


def review_url(review: Review) -> str:
    return reverse("steering:review_detail", kwargs={"pk": review.pk})


def _repr(review: Review) -> str:
    return f"Umsetzungsbesprechung {review.region.name} {review.programme_year.year}"


# --- snapshot -------------------------------------------------------------------------------

def _line(line) -> dict:
    return {
        "id": line.key if not isinstance(line.key, tuple) else None,
        "label": line.label, "short": line.short, "measure": line.measure,
        "planned_participants": line.planned_participants,
        "adjusted_participants": line.adjusted_participants,
        "expected_participants": line.expected_participants,
        "planned_amount": _dec(line.planned_amount),
        "outcome_target": _dec(line.outcome_target),
        "entries": line.entries, "exits": line.exits, "stock": line.stock,
        "outcome_rate": _dec(outcome_rate_shown(line)),
        "ratio": _dec(line.ratio), "rating": line.rating,
        "rating_label": RATING_LABELS.get(line.rating, "kein Ziel"),
    }


def snapshot_of(*, user, review: Review, on: date) -> dict:
    """The region's assessment on `on`, as JSON-ready data (amounts as strings), seen by
    `user` (state users see suppressed counts, docs/monitoring.md)."""
    ya, ra = region_assessment(user=user, year=review.programme_year.year, region=review.region,
                               on=on)
    m = ra.money
    return {
        "on": on.isoformat(),
        "course": ya.course.label,
        "thresholds": {"on_track_from": _dec(ya.thresholds.on_track_from),
                       "watch_from": _dec(ya.thresholds.watch_from)},
        "agreement": (f"Fassung {ra.agreement.version} ({ra.agreement.get_status_display()})"
                      if ra.agreement else None),
        "agreed_amount": _dec(ra.agreed_amount),
        "current_allocation": _dec(ra.current_allocation),
        "factor_percent": _dec(ra.factor_percent),
        "suppressed": ra.suppressed,
        "changes": [{"on": c.on.isoformat(), "kind": c.kind, "text": c.text,
                     "delta": _dec(c.delta)} for c in ra.changes],
        "projects": [_line(p) for p in ra.projects],
        "measures": [_line(m_) for m_ in ra.measures],
        "total": _line(ra.total),
        "money": {
            "allocated": _dec(m.allocated),
            **{f: _dec(getattr(m.figures, f)) for f in MONEY_LABELS},
            "expected_paid": _dec(m.expected_paid), "ratio": _dec(m.ratio),
            "rating": m.rating, "rating_label": RATING_LABELS.get(m.rating, "–"),
            "quarters": [{"label": q["label"], "value": _dec(q["value"]),
                          "cumulative": _dec(q["cumulative"])} for q in m.quarters],
        },
    }


# --- agenda generated from the figures ---------------------------------------------------

def _outstanding_documents(review: Review, on: date) -> list[str]:
    """Modest: the agreement of the year not yet signed by both sides, and proofs of the
    year's notices whose due date has passed without a proof of that kind."""
    out = []
    if not Agreement.objects.filter(region=review.region, programme_year=review.programme_year,
                                    status__in=SIGNED).exists():
        out.append(f"Die Zielvereinbarung {review.programme_year.year} ist noch nicht von "
                   "beiden Seiten unterzeichnet.")
    notices = Notice.objects.filter(region=review.region, programme_year=review.programme_year)
    for v in NoticeVersion.objects.filter(notice__in=notices, is_current=True).select_related(
            "notice").order_by("notice__number"):
        for kind, due in ((ProofKind.INTERIM, v.interim_proof_due),
                          (ProofKind.FINAL, v.final_proof_due)):
            if due and due < on and not Proof.objects.filter(notice=v.notice,
                                                             kind=kind).exists():
                out.append(f"{ProofKind(kind).label} zum Bescheid {v.notice.number} war am "
                           f"{format_date(due)} fällig und liegt nicht vor.")
    return out


def agenda_from_figures(review: Review, snapshot: dict, on: date) -> list[tuple[str, str, str]]:
    """(source, title, text) of the generated agenda items."""
    items = []
    rows = [p for p in snapshot["projects"] if p["rating"] in (WATCH, BEHIND)]
    total = snapshot["total"]
    lines = [f"{p['label']}: {_percent(p['ratio'])} der erwarteten Eintritte "
             f"({p['rating_label']})" for p in rows]
    if total["rating"] in (WATCH, BEHIND):
        lines.insert(0, f"Gebietskörperschaft insgesamt: {_percent(total['ratio'])} der "
                        f"erwarteten Eintritte ({total['rating_label']})")
    items.append(("deviation", "Abweichungen von den Zielen",
                  "\n".join(lines) if lines else
                  "Keine Abweichung über die Schwellen hinaus."))
    m = snapshot["money"]
    money = [f"Ausgezahlt {format_eur(Decimal(m['paid']))} von erwartet "
             f"{format_eur(Decimal(m['expected_paid']))} ({_percent(m['ratio'])}, "
             f"{m['rating_label']}).",
             f"Vereinbart {format_eur(Decimal(snapshot['agreed_amount']))}, aktuelle "
             f"Zuweisung {format_eur(Decimal(snapshot['current_allocation']))}."]
    for c in snapshot["changes"]:
        money.append(f"{format_date(date.fromisoformat(c['on']))}: {c['kind']} – {c['text']}")
    items.append(("payment", "Mittelabfluss", "\n".join(money)))
    planned = total["planned_participants"]
    entries = "nicht ausgewiesen" if total["entries"] is None else format_number(
        total["entries"])
    items.append(("entries", "Eintritte gegenüber der Planung",
                  f"Eintritte: {entries}; geplant: "
                  f"{'–' if planned is None else format_number(planned)}; angepasst: "
                  f"{'–' if total['adjusted_participants'] is None else format_number(total['adjusted_participants'])}; "  # noqa: E501
                  f"erwartet zum {format_date(on)}: "
                  f"{'–' if total['expected_participants'] is None else format_number(total['expected_participants'])}."))  # noqa: E501
    rate = total["outcome_rate"]
    target = total["outcome_target"]
    items.append(("outcomes", "Austritte und Verbleib",
                  f"Austritte: {'nicht ausgewiesen' if total['exits'] is None else format_number(total['exits'])}; "  # noqa: E501
                  f"in Ausbildung oder Beschäftigung: "
                  f"{'–' if rate is None else format_number(Decimal(rate), 1) + ' %'}"
                  f"{'' if target is None else ' (Ziel ' + format_number(Decimal(target), 1) + ' %)'}."))  # noqa: E501
    earlier = ReviewAction.objects.filter(
        review__region=review.region, status=ActionStatus.OPEN).exclude(
        review=review).select_related("owner").order_by("due_on", "pk")
    items.append(("actions", "Offene Maßnahmen aus früheren Besprechungen",
                  "\n".join(f"{a.what} – {a.responsible_label}, bis {format_date(a.due_on)}"
                            for a in earlier) or "Keine offenen Maßnahmen."))
    docs = _outstanding_documents(review, on)
    items.append(("documents", "Ausstehende Unterlagen",
                  "\n".join(docs) or "Keine ausstehenden Unterlagen."))
    return items


def _agenda_generate(review: Review, actor_user) -> None:
    on = timezone.localdate()
    snapshot = snapshot_of(user=actor_user, review=review, on=on)
    manual = list(review.agenda.filter(source=""))
    review.agenda.exclude(source="").delete()
    position = 1
    for source, title, text in agenda_from_figures(review, snapshot, on):
        AgendaItem.objects.create(review=review, position=position, source=source,
                                  title=title, text=text)
        position += 1
    for item in manual:
        item.position = position
        item.save(update_fields=["position"])
        position += 1


# --- helpers for services -------------------------------------------------------------------

def _figures_user(actor):
    """The figures are read as the acting ministry user (a state view, suppressed)."""
    if actor is policy.SYSTEM or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Die Zahlen einer Besprechung liest nur ein Benutzerkonto "
                               "des Ministeriums.")
    return actor


def _lock(review: Review) -> Review:
    return Review.objects.select_for_update().select_related(
        "region", "programme_year").get(pk=review.pk)


def _require_status(review: Review, *states, what: str) -> None:
    if review.status not in states:
        raise ValidationError(f"{what} ist im Status „{review.get_status_display()}“ nicht "
                              "möglich.")


def region_users(region) -> list[User]:
    return list(User.objects.filter(memberships__role=Role.REGION,
                                    memberships__region=region, is_active=True).distinct()
                .order_by("pk"))


def _clean_participants(region, participants) -> list[User]:
    """Participants: users of the ministry or of the region (nobody else may see the
    region's figures)."""
    out = []
    for u in participants or []:
        rows = Membership.objects.filter(user=u)
        if not rows.filter(Q(role=Role.MINISTRY) | Q(role=Role.REGION, region=region)).exists():
            raise ValidationError({"participants": f"{u.get_username()} gehört weder zum "
                                                   "Ministerium noch zur Gebietskörperschaft."})
        out.append(u)
    return out


def _check_place(place: str, video_link: str) -> None:
    if not (place or "").strip() and not (video_link or "").strip():
        raise ValidationError({"place": "Bitte einen Ort oder einen Videokonferenz-Link "
                                        "angeben."})


def _invite(review: Review, *, again: bool) -> None:
    where = review.place or "Videokonferenz"
    title = (f"{'Geänderter Termin' if again else 'Einladung'}: Umsetzungsbesprechung "
             f"{review.region.name} am {when_text(review)}")
    body = f"Ort: {where}" + (f"\nVideokonferenz: {review.video_link}"
                              if review.video_link else "")
    for user in review.participants.all():
        notifications.notify(user=user, kind=KIND_INVITATION, title=title, body=body,
                             url=review_url(review))


def _schedule_changes(review: Review) -> dict:
    return {"starts_at": when_text(review), "place": review.place,
            "video_link": review.video_link,
            "Teilnehmende": ", ".join(sorted(u.get_username()
                                             for u in review.participants.all())),
            "external_participants": review.external_participants}


# --- services -------------------------------------------------------------------------------

def review_schedule(*, actor, region, programme_year: ProgrammeYear, starts_at: datetime,
                    place: str = "", video_link: str = "", participants=(),
                    external_participants: str = "") -> Review:
    """The ministry schedules a review; the agenda is generated from the figures and the
    participants are invited (audited "review.schedule")."""
    policy.require_ministry(actor, "Umsetzungsbesprechungen ansetzen")
    _check_place(place, video_link)
    people = _clean_participants(region, participants)
    with transaction.atomic():
        review = Review(region=region, programme_year=programme_year, starts_at=starts_at,
                        place=(place or "").strip(), video_link=(video_link or "").strip(),
                        external_participants=(external_participants or "").strip(),
                        created_by=actor if getattr(actor, "is_authenticated", False)
                        else None)
        review.full_clean()
        review.save()
        review.participants.set(people)
        _agenda_generate(review, _figures_user(actor))
        audit_record(actor=actor, action="review.schedule", obj=review,
                     object_repr=_repr(review),
                     changes={k: {"before": None, "after": v}
                              for k, v in _schedule_changes(review).items()})
        _invite(review, again=False)
    return review


def review_reschedule(*, actor, review: Review, starts_at: datetime, place: str = "",
                      video_link: str = "", participants=(),
                      external_participants: str = "") -> Review:
    """The ministry changes date, place or participants of a planned review; the
    participants get a new invitation (audited "review.reschedule")."""
    policy.require_ministry(actor, "Umsetzungsbesprechungen ändern")
    _check_place(place, video_link)
    people = _clean_participants(review.region, participants)
    with transaction.atomic():
        review = _lock(review)
        _require_status(review, ReviewStatus.PLANNED, what="Den Termin zu ändern")
        before = _schedule_changes(review)
        review.starts_at, review.place = starts_at, (place or "").strip()
        review.video_link = (video_link or "").strip()
        review.external_participants = (external_participants or "").strip()
        review.full_clean()
        review.save()
        review.participants.set(people)
        after = _schedule_changes(review)
        audit_record(actor=actor, action="review.reschedule", obj=review,
                     object_repr=_repr(review),
                     changes={k: {"before": before[k], "after": after[k]} for k in after
                              if before[k] != after[k]})
        _invite(review, again=True)
    return review


def review_cancel(*, actor, review: Review, reason: str) -> Review:
    """The ministry cancels a planned review, with a reason; participants are told."""
    policy.require_ministry(actor, "Umsetzungsbesprechungen absagen")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Bitte den Grund der Absage angeben."})
    with transaction.atomic():
        review = _lock(review)
        _require_status(review, ReviewStatus.PLANNED, what="Die Absage")
        review.status, review.cancel_reason = ReviewStatus.CANCELLED, reason
        review.save(update_fields=["status", "cancel_reason"])
        audit_record(actor=actor, action="review.cancel", obj=review, object_repr=_repr(review),
                     changes={"status": {"before": "geplant", "after": "abgesagt"},
                              "cancel_reason": {"before": None, "after": reason}})
        for user in review.participants.all():
            notifications.notify(user=user, kind=KIND_INVITATION,
                                 title=f"Abgesagt: Umsetzungsbesprechung {review.region.name} "
                                       f"am {when_text(review)}", body=reason,
                                 url=review_url(review))
    return review


def _agenda_editable(review: Review) -> None:
    _require_status(review, ReviewStatus.PLANNED, what="Die Tagesordnung zu ändern")


def agenda_regenerate(*, actor, review: Review) -> Review:
    """Replace the generated items by ones from today's figures; items added by hand stay."""
    policy.require_ministry(actor, "die Tagesordnung ändern")
    with transaction.atomic():
        review = _lock(review)
        _agenda_editable(review)
        _agenda_generate(review, _figures_user(actor))
        audit_record(actor=actor, action="review.agenda", obj=review, object_repr=_repr(review),
                     summary="Tagesordnung aus den aktuellen Zahlen neu erzeugt")
    return review


def agenda_item_save(*, actor, review: Review, item: AgendaItem | None, title: str,
                     text: str = "") -> AgendaItem:
    """Add an item (at the end) or change one's title and text."""
    policy.require_ministry(actor, "die Tagesordnung ändern")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Bitte den Tagesordnungspunkt benennen."})
    with transaction.atomic():
        review = _lock(review)
        _agenda_editable(review)
        if item is None:
            last = review.agenda.order_by("-position").values_list("position", flat=True).first()
            item = AgendaItem(review=review, position=(last or 0) + 1)
            before = {"title": None, "text": None}
        else:
            if item.review_id != review.pk:
                raise Http404("Tagesordnungspunkt nicht gefunden.")
            before = {"title": item.title, "text": item.text}
        item.title, item.text = title, (text or "").strip()
        item.full_clean()
        item.save()
        audit_record(actor=actor, action="review.agenda", obj=review, object_repr=_repr(review),
                     changes={label: {"before": before[k], "after": getattr(item, k)}
                              for k, label in (("title", "Tagesordnungspunkt"),
                                               ("text", "Erläuterung"))
                              if before[k] != getattr(item, k)},
                     summary=f"Tagesordnungspunkt „{title}“")
    return item


def agenda_item_delete(*, actor, item: AgendaItem) -> None:
    policy.require_ministry(actor, "die Tagesordnung ändern")
    with transaction.atomic():
        review = _lock(item.review)
        _agenda_editable(review)
        title = item.title
        item.delete()
        audit_record(actor=actor, action="review.agenda", obj=review, object_repr=_repr(review),
                     changes={"Tagesordnungspunkt": {"before": title, "after": None}},
                     summary=f"Tagesordnungspunkt „{title}“ entfernt")


def agenda_item_move(*, actor, item: AgendaItem, up: bool) -> None:
    """Move an item one place up or down."""
    policy.require_ministry(actor, "die Tagesordnung ändern")
    with transaction.atomic():
        review = _lock(item.review)
        _agenda_editable(review)
        items = list(review.agenda.order_by("position", "pk"))
        i = next(n for n, x in enumerate(items) if x.pk == item.pk)
        j = i - 1 if up else i + 1
        if 0 <= j < len(items):
            items[i], items[j] = items[j], items[i]
            for n, x in enumerate(items, start=1):
                if x.position != n:
                    x.position = n
                    x.save(update_fields=["position"])
            audit_record(actor=actor, action="review.agenda", obj=review,
                         object_repr=_repr(review),
                         summary=f"„{item.title}“ {'nach oben' if up else 'nach unten'} "
                                 "verschoben")


def review_freeze(*, actor, review: Review, on: date | None = None) -> Review:
    """Freeze the region's figures (the assessment on `on`, default the meeting's day) as the
    review's snapshot; later corrections never change it (audited "review.freeze")."""
    policy.require_ministry(actor, "die Zahlen einer Besprechung einfrieren")
    with transaction.atomic():
        review = _lock(review)
        if review.frozen:
            raise ValidationError("Die Zahlen dieser Besprechung sind bereits eingefroren.")
        _require_status(review, ReviewStatus.PLANNED, what="Die Zahlen einzufrieren")
        day = on or min(timezone.localdate(), timezone.localtime(review.starts_at).date())
        review.snapshot = snapshot_of(user=_figures_user(actor), review=review, on=day)
        review.snapshot_at = timezone.now()
        review.save(update_fields=["snapshot", "snapshot_at"])
        audit_record(actor=actor, action="review.freeze", obj=review, object_repr=_repr(review),
                     changes={"snapshot_at": {"before": None,
                                              "after": f"Stand {format_date(day)}"}})
    return review


def review_hold(*, actor, review: Review) -> Review:
    """Mark the meeting held; the figures are frozen now unless they already are."""
    policy.require_ministry(actor, "Umsetzungsbesprechungen abschließen")
    with transaction.atomic():
        review = _lock(review)
        _require_status(review, ReviewStatus.PLANNED, what="Die Besprechung abzuschließen")
        if not review.frozen:
            review = review_freeze(actor=actor, review=review)
        review.status = ReviewStatus.HELD
        review.save(update_fields=["status"])
        audit_record(actor=actor, action="review.hold", obj=review, object_repr=_repr(review),
                     changes={"status": {"before": "geplant", "after": "durchgeführt"}})
    return review


def _minutes_editable(review: Review) -> None:
    _require_status(review, ReviewStatus.HELD, what="Das Protokoll zu ändern")


def review_minutes_save(*, actor, review: Review, decisions: str) -> Review:
    """The ministry writes the decisions of the meeting (before the minutes are shared)."""
    policy.require_ministry(actor, "das Protokoll schreiben")
    with transaction.atomic():
        review = _lock(review)
        _minutes_editable(review)
        before = review.decisions
        review.decisions = (decisions or "").strip()
        review.save(update_fields=["decisions"])
        audit_record(actor=actor, action="review.minutes", obj=review, object_repr=_repr(review),
                     changes={"decisions": {"before": before or None,
                                            "after": review.decisions or None}})
    return review


def action_add(*, actor, review: Review, what: str, party: str, due_on: date,
               owner=None) -> ReviewAction:
    """The ministry records an action of the meeting: what, who, by when."""
    policy.require_ministry(actor, "Maßnahmen festhalten")
    what = (what or "").strip()
    if not what:
        raise ValidationError({"what": "Bitte die Maßnahme beschreiben."})
    if party not in Responsible.values:
        raise ValidationError({"party": "Bitte die verantwortliche Seite wählen."})
    with transaction.atomic():
        review = _lock(review)
        _minutes_editable(review)
        if owner is not None:
            _clean_participants(review.region, [owner])
        action = ReviewAction(review=review, what=what, party=party, owner=owner, due_on=due_on)
        action.full_clean()
        action.save()
        audit_record(actor=actor, action="review.action_add", obj=action,
                     object_repr=f"Maßnahme „{what[:80]}“ ({_repr(review)})",
                     changes={"what": {"before": None, "after": what},
                              "Verantwortlich": {"before": None,
                                                 "after": action.responsible_label},
                              "due_on": {"before": None, "after": due_on}})
    return action


def action_remove(*, actor, action: ReviewAction) -> None:
    """The ministry removes an action again before the minutes are shared."""
    policy.require_ministry(actor, "Maßnahmen entfernen")
    with transaction.atomic():
        review = _lock(action.review)
        _minutes_editable(review)
        what = action.what
        audit_record(actor=actor, action="review.action_remove", obj=review,
                     object_repr=_repr(review),
                     changes={"Maßnahme": {"before": what, "after": None}})
        action.delete()


def action_recipients(action: ReviewAction) -> list[User]:
    """Who is reminded of an action: its person, else the region's users (region) or the
    ministry user who scheduled the review (ministry)."""
    if action.owner_id:
        return [action.owner] if action.owner.is_active else []
    if action.party == Responsible.REGION:
        return region_users(action.review.region)
    creator = action.review.created_by
    return [creator] if creator is not None and creator.is_active else []


def review_share(*, actor, review: Review) -> Review:
    """The ministry shares the minutes with the region for comments and confirmation; the
    region's users and the participants are told (audited "review.share")."""
    policy.require_ministry(actor, "das Protokoll teilen")
    with transaction.atomic():
        review = _lock(review)
        _require_status(review, ReviewStatus.HELD, what="Das Protokoll zu teilen")
        if not review.decisions and not review.actions.exists():
            raise ValidationError({"decisions": "Das Protokoll ist leer: bitte Beschlüsse "
                                                "oder Maßnahmen festhalten."})
        review.status, review.shared_at = ReviewStatus.SHARED, timezone.now()
        review.save(update_fields=["status", "shared_at"])
        audit_record(actor=actor, action="review.share", obj=review, object_repr=_repr(review),
                     changes={"status": {"before": "durchgeführt",
                                         "after": "Protokoll geteilt"}})
        people = {u.pk: u for u in [*region_users(review.region), *review.participants.all()]}
        for user in people.values():
            notifications.notify(
                user=user, kind=KIND_MINUTES,
                title=f"Protokoll der Umsetzungsbesprechung {review.region.name} vom "
                      f"{format_date(timezone.localtime(review.starts_at).date())}",
                body="Bitte prüfen und bestätigen Sie das Protokoll oder merken Sie etwas an.",
                url=review_url(review))
    return review


def review_comment(*, actor, review: Review, kind: str, text: str = "") -> ReviewComment:
    """The region comments on shared minutes, objects, or confirms them (status bestätigt).
    The ministry may answer with a comment. Audited ("review.comment", "review.confirm")."""
    if kind not in CommentKind.values:
        raise ValidationError({"kind": "Bitte die Art der Rückmeldung wählen."})
    text = (text or "").strip()
    p = policy.principal(actor)
    in_region = review.region_id in p.region_ids
    if not (in_region or (p.ministry and kind == CommentKind.COMMENT)):
        raise PermissionDenied("Nur die Gebietskörperschaft bestätigt ihr Protokoll oder "
                               "erhebt Einwände.")
    if kind in (CommentKind.COMMENT, CommentKind.OBJECTION) and not text:
        raise ValidationError({"text": "Bitte den Text der Anmerkung eingeben."})
    with transaction.atomic():
        review = _lock(review)
        states = (ReviewStatus.SHARED,) if kind == CommentKind.CONFIRMATION else \
            (ReviewStatus.SHARED, ReviewStatus.CONFIRMED)
        _require_status(review, *states, what="Eine Rückmeldung zum Protokoll")
        comment = ReviewComment.objects.create(review=review, author=actor, kind=kind,
                                               text=text)
        changes = {"Art": {"before": None, "after": comment.get_kind_display()}}
        if text:
            changes["Text"] = {"before": None, "after": text}
        if kind == CommentKind.CONFIRMATION:
            review.status = ReviewStatus.CONFIRMED
            review.confirmed_at, review.confirmed_by = timezone.now(), actor
            review.save(update_fields=["status", "confirmed_at", "confirmed_by"])
            changes["status"] = {"before": "Protokoll geteilt", "after": "bestätigt"}
        audit_record(actor=actor, action="review.confirm" if kind == CommentKind.CONFIRMATION
                     else "review.comment", obj=review, object_repr=_repr(review),
                     changes=changes)
        if review.created_by is not None and review.created_by != actor:
            notifications.notify(
                user=review.created_by, kind=KIND_MINUTES,
                title=f"{comment.get_kind_display()} zum Protokoll {review.region.name}",
                body=text, url=review_url(review))
    return comment


def action_complete(*, actor, action: ReviewAction, done_on: date | None = None,
                    note: str = "") -> ReviewAction:
    """The responsible side (the region for its own actions, the ministry for all) marks an
    action done, with the day (audited "review.action_done")."""
    region_id = action.review.region_id
    if not policy.can_edit_region_data(actor, region_id):
        raise PermissionDenied("Nur das Ministerium und die Gebietskörperschaft erledigen "
                               "Maßnahmen.")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "Das Erledigungsdatum darf nicht in der Zukunft "
                                          "liegen."})
    with transaction.atomic():
        action = ReviewAction.objects.select_for_update().select_related(
            "review__region", "review__programme_year").get(pk=action.pk)
        if action.status == ActionStatus.DONE:
            raise ValidationError("Diese Maßnahme ist bereits erledigt.")
        if action.review.status in (ReviewStatus.PLANNED, ReviewStatus.CANCELLED,
                                    ReviewStatus.HELD):
            raise ValidationError("Maßnahmen werden erledigt, sobald das Protokoll geteilt "
                                  "ist.")
        action.status, action.done_on = ActionStatus.DONE, done_on
        action.done_note = (note or "").strip()
        action.save(update_fields=["status", "done_on", "done_note"])
        audit_record(actor=actor, action="review.action_done", obj=action,
                     object_repr=f"Maßnahme „{action.what[:80]}“ ({_repr(action.review)})",
                     changes={"status": {"before": "offen", "after": "erledigt"},
                              "done_on": {"before": None, "after": done_on},
                              **({"done_note": {"before": None, "after": action.done_note}}
                                 if action.done_note else {})})
    return action


# --- reads ------------------------------------------------------------------------------------

def review_list(*, user, year: int | None = None) -> QuerySet[Review]:
    """The reviews the user may see: the state all, a region its own."""
    qs = policy.scope_by_region(user, Review.objects.select_related(
        "region", "programme_year"))
    if year is not None:
        qs = qs.filter(programme_year__year=year)
    return qs.order_by("-starts_at", "pk")


def action_list(*, user, state: str = "open", today: date | None = None,
                region=None) -> QuerySet[ReviewAction]:
    """Actions of shared minutes the user may see; `state`: open, overdue, done or all."""
    today = today or timezone.localdate()
    qs = policy.scope_by_region(user, ReviewAction.objects.select_related(
        "review__region", "review__programme_year", "owner"), "review__region").filter(
        review__status__in=(ReviewStatus.SHARED, ReviewStatus.CONFIRMED))
    if region is not None:
        qs = qs.filter(review__region=region)
    if state == "open":
        qs = qs.filter(status=ActionStatus.OPEN)
    elif state == "overdue":
        qs = qs.filter(status=ActionStatus.OPEN, due_on__lt=today)
    elif state == "done":
        qs = qs.filter(status=ActionStatus.DONE)
    return qs.order_by("due_on", "pk")


def open_actions_unscoped(*, region, before_year: int | None = None) -> list[ReviewAction]:
    """Open actions of the region's shared minutes (for the next year's planning; the caller
    has checked the region)."""
    qs = ReviewAction.objects.filter(
        review__region=region, status=ActionStatus.OPEN,
        review__status__in=(ReviewStatus.SHARED, ReviewStatus.CONFIRMED)).select_related(
        "review__programme_year", "owner")
    if before_year is not None:
        qs = qs.filter(review__programme_year__year__lt=before_year)
    return list(qs.order_by("due_on", "pk"))


# --- reminders and calendar (registered in apps.py) ---------------------------------------------

def reminders(day: date) -> int:
    """Daily: participants 7 and 1 days before a planned meeting; the responsible of an open
    action 7 days before its due day and the day after it passed."""
    sent = 0
    for review in Review.objects.filter(status=ReviewStatus.PLANNED).select_related("region"):
        left = (timezone.localtime(review.starts_at).date() - day).days
        if left in REMIND_DAYS_BEFORE_MEETING:
            for user in review.participants.all():
                sent += bool(notifications.notify(
                    user=user, kind=KIND_INVITATION,
                    title=f"Erinnerung: Umsetzungsbesprechung {review.region.name} am "
                          f"{when_text(review)}", url=review_url(review),
                    key=f"review-meeting-{review.pk}-{left}"))
    actions = ReviewAction.objects.filter(
        status=ActionStatus.OPEN, review__status__in=(ReviewStatus.SHARED,
                                                      ReviewStatus.CONFIRMED)).select_related(
        "review__region", "review__created_by", "owner")
    for action in actions:
        if action.due_on == day + timedelta(days=REMIND_DAYS_BEFORE_DUE):
            title, tag = (f"Maßnahme fällig am {format_date(action.due_on)}: "
                          f"{action.what[:120]}"), "before"
        elif action.due_on == day - timedelta(days=1):
            title, tag = f"Maßnahme überfällig: {action.what[:120]}", "overdue"
        else:
            continue
        for user in action_recipients(action):
            sent += bool(notifications.notify(
                user=user, kind=KIND_ACTION, title=title,
                body=f"Aus der Umsetzungsbesprechung {action.review.region.name}.",
                url=reverse("steering:review_actions"),
                key=f"review-action-{action.pk}-{tag}"))
    return sent


def calendar(user, day: date):
    """The user's meetings (as participant, or of the user's region) and open actions the user
    is responsible for, from 60 days back."""
    from aqb.notifications.registry import Event

    since = day - timedelta(days=60)
    p = policy.principal(user)
    reviews = Review.objects.filter(status__in=(ReviewStatus.PLANNED, ReviewStatus.HELD),
                                    starts_at__date__gte=since).filter(
        Q(participants=user) | Q(region_id__in=p.region_ids)).distinct().select_related(
        "region")
    for r in reviews:
        yield Event(uid=f"steering-review-{r.pk}@aqb",
                    day=timezone.localtime(r.starts_at).date(),
                    summary=f"Umsetzungsbesprechung {r.region.name}, "
                            f"{timezone.localtime(r.starts_at):%H:%M} Uhr",
                    description=r.place or r.video_link, url=review_url(r),
                    categories=("Umsetzungsbesprechung",))
    actions = action_list(user=user, state="open").filter(due_on__gte=since)
    if not p.ministry:
        actions = actions.filter(Q(owner=user) | Q(owner__isnull=True,
                                                    party=Responsible.REGION))
    else:
        actions = actions.filter(Q(owner=user) | Q(owner__isnull=True,
                                                    party=Responsible.MINISTRY))
    for a in actions:
        yield Event(uid=f"steering-action-{a.pk}@aqb", day=a.due_on,
                    summary=f"Maßnahme fällig: {a.what[:80]}",
                    description=f"Umsetzungsbesprechung {a.review.region.name}",
                    url=reverse("steering:review_actions"), categories=("Maßnahme",))


def agreement_notes(*, user, agreement):
    """For the agreement's page (`aqb.agreements.notes`): the region's open actions from the
    autumn reviews of earlier programme years, so the next year's agreement is drafted with
    them in view."""
    from aqb.agreements.notes import Note

    if not policy.can_view_region(user, agreement.region_id):
        return []
    actions = open_actions_unscoped(region=agreement.region,
                                    before_year=agreement.programme_year.year)
    if not actions:
        return []
    return [Note(title=f"Offene Maßnahmen aus Umsetzungsbesprechungen ({len(actions)})",
                 lines=tuple(f"{a.what} – {a.responsible_label}, bis {format_date(a.due_on)} "
                             f"(Besprechung {a.review.programme_year.year})" for a in actions),
                 url=reverse("steering:review_actions") + "?status=offen",
                 link_label="Zur Liste der Maßnahmen")]
