"""The autumn review meeting: scheduling with invitations, the agenda from the figures, the
frozen snapshot, minutes with actions, feedback and confirmation, the PDF, reminders,
calendar entries, the action list and access."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aqb.audit.models import AuditEntry
from aqb.budgets.models import Allocation
from aqb.monitoring.records import participants_store
from aqb.notifications.models import Notification
from aqb.notifications.registry import CALENDAR_SOURCES, KINDS, REMINDERS
from aqb.steering import reviews as svc
from aqb.steering.models import (
    ActionStatus,
    AgendaItem,
    CommentKind,
    Responsible,
    ReviewStatus,
)
from aqb.steering.reviews_pdf import render_pdf
from aqb.steering.tests.test_assessment import people, world  # noqa: F401

AT = timezone.make_aware(datetime.datetime(2025, 10, 15, 10, 0))


@pytest.fixture
def review(world, region_wf, ministry_user, region_user):  # noqa: F811
    py = world[0]
    return svc.review_schedule(actor=ministry_user, region=region_wf, programme_year=py,
                               starts_at=AT, place="Wiesbaden, Raum 3",
                               participants=[ministry_user, region_user],
                               external_participants="Jobcenter, Bereichsleitung")


def held(review, ministry_user):
    review = svc.review_hold(actor=ministry_user, review=review)
    return review


def test_schedule_invites_generates_agenda_and_audits(review, region_user, ministry_user):
    assert review.status == ReviewStatus.PLANNED
    sources = list(review.agenda.values_list("source", flat=True))
    assert sources == ["deviation", "payment", "entries", "outcomes", "actions", "documents"]
    deviation = review.agenda.get(source="deviation")
    # Ausbildung plus: 20 of 40 planned entries; rated behind or watch on the day
    assert "Ausbildung plus" in deviation.text or "Keine Abweichung" in deviation.text
    assert Notification.objects.filter(user=region_user, kind=svc.KIND_INVITATION).count() == 1
    assert AuditEntry.objects.filter(action="review.schedule").count() == 1
    assert svc.KIND_INVITATION in KINDS
    assert any(k.endswith("reviews.reminders") for k in REMINDERS)
    assert any(k.endswith("reviews.calendar") for k in CALENDAR_SOURCES)


def test_participants_must_belong_to_ministry_or_region(world, region_wf,  # noqa: F811
                                                        ministry_user, foreign_region_user):
    with pytest.raises(ValidationError) as exc:
        svc.review_schedule(actor=ministry_user, region=region_wf, programme_year=world[0],
                            starts_at=AT, place="Ort", participants=[foreign_region_user])
    assert "participants" in exc.value.message_dict


def test_only_the_ministry_schedules(world, region_wf, region_user):  # noqa: F811
    with pytest.raises(PermissionDenied):
        svc.review_schedule(actor=region_user, region=region_wf, programme_year=world[0],
                            starts_at=AT, place="Ort")


def test_place_or_link_required(world, region_wf, ministry_user):  # noqa: F811
    with pytest.raises(ValidationError) as exc:
        svc.review_schedule(actor=ministry_user, region=region_wf, programme_year=world[0],
                            starts_at=AT)
    assert "place" in exc.value.message_dict


def test_reschedule_invites_again(review, ministry_user, region_user):
    svc.review_reschedule(actor=ministry_user, review=review, starts_at=AT + datetime.timedelta(
        days=1), video_link="https://video.example/aqb", participants=[region_user])
    n = Notification.objects.filter(user=region_user, kind=svc.KIND_INVITATION)
    assert n.count() == 2 and "Geänderter Termin" in n.order_by("-pk").first().title
    entry = AuditEntry.objects.get(action="review.reschedule")
    assert "starts_at" in entry.changes


def test_agenda_edit_reorder_add_remove(review, ministry_user):
    item = svc.agenda_item_save(actor=ministry_user, review=review, item=None,
                                title="Verschiedenes")
    assert review.agenda.order_by("position").last() == item
    svc.agenda_item_move(actor=ministry_user, item=item, up=True)
    titles = list(review.agenda.order_by("position").values_list("title", flat=True))
    assert titles[-2] == "Verschiedenes"
    first = review.agenda.order_by("position").first()
    svc.agenda_item_save(actor=ministry_user, review=review, item=first, title="Abweichungen",
                         text="geändert")
    first.refresh_from_db()
    assert first.text == "geändert"
    svc.agenda_item_delete(actor=ministry_user, item=first)
    assert not AgendaItem.objects.filter(pk=first.pk).exists()
    # regenerating keeps the item added by hand
    svc.agenda_regenerate(actor=ministry_user, review=review)
    assert review.agenda.filter(title="Verschiedenes").exists()
    assert review.agenda.filter(source="deviation").count() == 1
    with pytest.raises(ValidationError):
        svc.agenda_item_save(actor=ministry_user, review=review, item=None, title=" ")


def test_snapshot_is_frozen(review, world, region_wf, ministry_user):  # noqa: F811
    py, _, a, _, _ = world
    review = held(review, ministry_user)
    assert review.status == ReviewStatus.HELD and review.snapshot is not None
    before = review.snapshot
    assert before["current_allocation"] == "100000.00"
    assert isinstance(before["money"]["paid"], str)
    # later corrections: a new allocation amount and more participants
    Allocation.objects.filter(region=region_wf, programme_year=py).update(
        amount=Decimal("50000"))
    participants_store(actor=ministry_user, project=a, year=2025, rows=people(30, "Z"))
    review.refresh_from_db()
    assert review.snapshot == before
    page = Client()
    page.force_login(ministry_user)
    body = page.get(svc.review_url(review)).content.decode()
    assert "100.000,00" in body and "50.000,00" not in body
    with pytest.raises(ValidationError):
        svc.review_freeze(actor=ministry_user, review=review)
    # the agenda cannot change any more
    with pytest.raises(ValidationError):
        svc.agenda_item_save(actor=ministry_user, review=review, item=None, title="Neu")
    assert AuditEntry.objects.filter(action="review.freeze").count() == 1
    assert AuditEntry.objects.filter(action="review.hold").count() == 1


def test_minutes_share_comment_confirm(review, ministry_user, region_user,
                                       authority_user):
    review = held(review, ministry_user)
    with pytest.raises(ValidationError):
        svc.review_share(actor=ministry_user, review=review)  # empty minutes
    svc.review_minutes_save(actor=ministry_user, review=review,
                            decisions="Werkstatt wird verstärkt.\n\nNächste Besprechung 2026.")
    action = svc.action_add(actor=ministry_user, review=review, what="Träger ansprechen",
                            party=Responsible.REGION, owner=region_user,
                            due_on=datetime.date(2025, 11, 30))
    review = svc.review_share(actor=ministry_user, review=review)
    assert review.status == ReviewStatus.SHARED
    assert Notification.objects.filter(user=region_user, kind=svc.KIND_MINUTES).exists()
    with pytest.raises(ValidationError):
        svc.review_comment(actor=region_user, review=review, kind=CommentKind.OBJECTION)
    with pytest.raises(PermissionDenied):
        svc.review_comment(actor=authority_user, review=review, kind=CommentKind.COMMENT,
                           text="x")
    svc.review_comment(actor=region_user, review=review, kind=CommentKind.COMMENT,
                       text="Bitte Frist prüfen")
    svc.review_comment(actor=region_user, review=review, kind=CommentKind.CONFIRMATION)
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFIRMED and review.confirmed_by == region_user
    assert AuditEntry.objects.filter(action="review.confirm").count() == 1
    pdf = render_pdf(review)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    # the action is completed by the region, audited
    svc.action_complete(actor=region_user, action=action, done_on=timezone.localdate(),
                        note="Gespräch geführt")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert AuditEntry.objects.filter(action="review.action_done").count() == 1
    with pytest.raises(ValidationError):
        svc.action_complete(actor=region_user, action=action)


def test_cancel(review, ministry_user, region_user):
    with pytest.raises(ValidationError):
        svc.review_cancel(actor=ministry_user, review=review, reason="")
    svc.review_cancel(actor=ministry_user, review=review, reason="Krankheit")
    review.refresh_from_db()
    assert review.status == ReviewStatus.CANCELLED
    assert Notification.objects.filter(user=region_user, title__startswith="Abgesagt").exists()


def _shared_with_action(review, ministry_user, region_user, due):
    review = held(review, ministry_user)
    action = svc.action_add(actor=ministry_user, review=review, what="Bericht nachreichen",
                            party=Responsible.REGION, due_on=due)
    svc.review_share(actor=ministry_user, review=review)
    return action


def test_reminders_meeting_and_actions(review, ministry_user, region_user):
    day = timezone.localtime(review.starts_at).date() - datetime.timedelta(days=7)
    assert svc.reminders(day) == 2  # both participants
    assert svc.reminders(day) == 0  # once only
    due = datetime.date(2025, 11, 30)
    action = _shared_with_action(review, ministry_user, region_user, due)
    assert svc.reminders(due - datetime.timedelta(days=7)) == 1  # the region's user
    assert svc.reminders(due + datetime.timedelta(days=1)) == 1  # overdue
    assert Notification.objects.filter(user=region_user, kind=svc.KIND_ACTION).count() == 2
    events = list(svc.calendar(region_user, due - datetime.timedelta(days=10)))
    assert any(e.uid == f"steering-action-{action.pk}@aqb" for e in events)


def test_calendar_has_the_meeting(review, region_user, foreign_region_user):
    day = timezone.localtime(review.starts_at).date()
    assert [e.day for e in svc.calendar(region_user, day)] == [day]
    assert list(svc.calendar(foreign_region_user, day)) == []


def test_action_list_filters_and_scope(review, ministry_user, region_user,
                                       foreign_region_user):
    action = _shared_with_action(review, ministry_user, region_user, datetime.date(2025, 1, 5))
    assert list(svc.action_list(user=region_user, state="overdue")) == [action]
    assert list(svc.action_list(user=foreign_region_user, state="all")) == []
    c = Client()
    c.force_login(region_user)
    body = c.get(reverse("steering:review_actions") + "?status=ueberfaellig").content.decode()
    assert "Bericht nachreichen" in body and "überfällig" in body
    c.force_login(foreign_region_user)
    assert "Bericht nachreichen" not in c.get(reverse("steering:review_actions")).content.decode()
    assert c.get(svc.review_url(review)).status_code == 404
    assert svc.open_actions_unscoped(region=review.region, before_year=2026) == [action]


def test_pages_as_ministry_and_region(world, region_wf, ministry_user, region_user,  # noqa: F811
                                      authority_user):
    c = Client()
    c.force_login(ministry_user)
    r = c.post(reverse("steering:review_schedule"), {
        "region": region_wf.pk, "programme_year": 2025, "day": "15.10.2025", "at": "10:00",
        "place": "Wiesbaden", "participants": [region_user.pk]})
    assert r.status_code == 302, r.content.decode()[:3000]
    review = region_wf.reviews.get()
    url = svc.review_url(review)
    act = reverse("steering:review_act", kwargs={"pk": review.pk})
    assert c.post(act, {"op": "add_item", "neu-title": "Verschiedenes"}).status_code == 302
    assert c.post(act, {"op": "add_item", "neu-title": ""}).status_code == 400
    assert c.post(act, {"op": "hold"}).status_code == 302
    assert c.post(act, {"op": "minutes", "decisions": "Beschluss eins"}).status_code == 302
    r = c.post(act, {"op": "action_add", "what": "Liste schicken", "party": "region",
                     "due_on": "kein Datum"})
    assert r.status_code == 400 and "Bitte ein Datum" in r.content.decode()
    assert c.post(act, {"op": "action_add", "what": "Liste schicken", "party": "region",
                        "due_on": "30.11.2025"}).status_code == 302
    assert c.post(act, {"op": "share"}).status_code == 302
    assert c.get(reverse("steering:review_pdf", kwargs={"pk": review.pk})).status_code == 200
    # the authority reads, but may not act or confirm
    c.force_login(authority_user)
    assert c.get(url).status_code == 200
    assert c.post(act, {"op": "share"}).status_code == 403
    assert c.post(reverse("steering:review_feedback", kwargs={"pk": review.pk}),
                  {"kind": "confirmation"}).status_code == 403
    # the region confirms by the form
    c.force_login(region_user)
    assert c.post(act, {"op": "share"}).status_code == 403
    r = c.post(reverse("steering:review_feedback", kwargs={"pk": review.pk}),
               {"kind": "objection", "text": ""})
    assert r.status_code == 400 and "Text" in r.content.decode()
    assert c.post(reverse("steering:review_feedback", kwargs={"pk": review.pk}),
                  {"kind": "confirmation"}).status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFIRMED
    action = review.actions.get()
    done = reverse("steering:review_action_done", kwargs={"pk": action.pk})
    assert c.get(done).status_code == 200
    assert c.post(done, {"done_on": timezone.localdate().strftime("%d.%m.%Y")}).status_code \
        == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_next_years_agreement_shows_open_actions(review, ministry_user, region_user,
                                                 foreign_region_user):
    from aqb.agreements.models import Agreement
    from aqb.budgets.models import ProgrammeYear

    _shared_with_action(review, ministry_user, region_user, datetime.date(2025, 12, 1))
    py26 = ProgrammeYear.objects.create(year=2026, total=Decimal("1000000"))
    draft = Agreement.objects.create(region=review.region, programme_year=py26)
    same_year = review.region.agreements.get(programme_year__year=2025)
    c = Client()
    c.force_login(region_user)
    body = c.get(reverse("agreements:detail", kwargs={"pk": draft.pk})).content.decode()
    assert "Offene Maßnahmen aus Umsetzungsbesprechungen (1)" in body
    assert "Bericht nachreichen" in body
    # the year of the review itself lists nothing (actions of earlier years only)
    body = c.get(reverse("agreements:detail", kwargs={"pk": same_year.pk})).content.decode()
    assert "Bericht nachreichen" not in body


def test_the_ministry_answers_but_does_not_confirm(review, ministry_user, region_user):
    _shared_with_action(review, ministry_user, region_user, datetime.date(2025, 12, 1))
    c = Client()
    c.force_login(ministry_user)
    url = reverse("steering:review_feedback", kwargs={"pk": review.pk})
    assert c.post(url, {"kind": "confirmation"}).status_code == 400
    assert c.post(url, {"kind": "comment", "text": "Danke"}).status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SHARED
    assert review.comments.get().author == ministry_user
    # the minutes as a PDF for the region
    c.force_login(region_user)
    r = c.get(reverse("steering:review_pdf", kwargs={"pk": review.pk}))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_ics_feed_lists_the_meeting(review, ministry_user, region_user):
    from aqb.notifications.services import calendar_token_renew

    svc.review_reschedule(actor=ministry_user, review=review, place="Korbach",
                          starts_at=timezone.now() + datetime.timedelta(days=10),
                          participants=[region_user])

    token = calendar_token_renew(actor=region_user)
    body = Client().get(reverse("notifications:feed", kwargs={"token": token})).content.decode()
    assert f"steering-review-{review.pk}@aqb" in body
