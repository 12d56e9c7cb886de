"""Registration with capacity, waiting list and moving up; cancellation; attendance."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aqb.audit.models import AuditEntry
from aqb.conferences import services
from aqb.conferences.models import Registration, RegistrationStatus
from aqb.conferences.reminders import MOVED_UP, conference_days
from aqb.notifications.models import Notification

from .conftest import conference_data

pytestmark = pytest.mark.django_db


def test_it_fills_places_then_the_waiting_list_in_order(conference, people):
    regs = [services.registration_create(actor=p, conference=conference) for p in people]
    assert [r.status for r in regs] == ["registered", "registered", "waiting", "waiting"]
    assert [r.position for r in regs[2:]] == [1, 2]
    assert regs[0].region.ags == "06635" and regs[3].region.ags == "06411"


def test_it_allows_one_registration_per_person(conference, people):
    services.registration_create(actor=people[0], conference=conference)
    with pytest.raises(ValidationError, match="bereits angemeldet"):
        services.registration_create(actor=people[0], conference=conference)
    assert Registration.objects.count() == 1


def test_cancelling_a_place_moves_the_first_waiting_person_up_and_tells_them(
        conference, people):
    regs = [services.registration_create(actor=p, conference=conference) for p in people]
    services.registration_cancel(actor=people[1], registration=regs[1])
    statuses = {r.user.username: (r.status, r.position) for r in Registration.objects.all()}
    assert statuses == {"wf-0": ("registered", None), "wf-1": ("cancelled", None),
                        "wf-2": ("registered", None), "da-0": ("waiting", 1)}
    note = Notification.objects.get(kind=MOVED_UP.key)
    assert note.user == people[2] and "Platz frei" in note.title
    actions = list(AuditEntry.objects.filter(action__startswith="conference.").values_list(
        "action", flat=True))
    assert "conference.cancel" in actions and "conference.move_up" in actions


def test_cancelling_from_the_waiting_list_closes_the_gap(conference, people, region_wf):
    from conftest import make_user

    extra = make_user("wf-9", "region", region=region_wf)
    regs = [services.registration_create(actor=p, conference=conference)
            for p in [*people, extra]]
    services.registration_cancel(actor=people[2], registration=regs[2])
    assert Registration.objects.get(pk=regs[3].pk).position == 1
    assert Registration.objects.get(pk=regs[4].pk).position == 2
    assert not Notification.objects.filter(kind=MOVED_UP.key).exists()


def test_a_region_cancels_its_own_people_only(conference, people):
    regs = [services.registration_create(actor=p, conference=conference) for p in people]
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=people[3], registration=regs[0])
    services.registration_cancel(actor=people[1], registration=regs[0])  # a colleague
    assert Registration.objects.get(pk=regs[0].pk).status == "cancelled"


def test_more_places_move_people_up_and_fewer_than_taken_are_refused(
        conference, people, ministry):
    for p in people:
        services.registration_create(actor=p, conference=conference)
    with pytest.raises(ValidationError) as exc:
        services.conference_save(actor=ministry, conference=conference,
                                 data=conference_data(capacity=1))
    assert "capacity" in exc.value.message_dict
    services.conference_save(actor=ministry, conference=conference,
                             data=conference_data(capacity=3))
    assert Registration.objects.filter(status=RegistrationStatus.REGISTERED).count() == 3
    assert Registration.objects.get(status=RegistrationStatus.WAITING).position == 1


def test_only_the_ministry_registers_others_and_edits(conference, people, ministry):
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=people[0], conference=conference, user=people[1])
    with pytest.raises(PermissionDenied):
        services.conference_save(actor=people[0], data=conference_data())
    reg = services.registration_create(actor=ministry, conference=conference, user=people[1])
    assert reg.user == people[1] and reg.region.ags == "06635"


def test_a_provider_cannot_register(conference, provider):
    from conftest import make_user

    user = make_user("tr", "provider", provider=provider)
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=user, conference=conference)
    assert not Registration.objects.exists()


def test_no_registration_unless_open(people, ministry):
    planned = services.conference_save(actor=ministry, data=conference_data(status="planned"))
    with pytest.raises(ValidationError, match="nicht offen"):
        services.registration_create(actor=people[0], conference=planned)


def test_the_calendar_shows_conferences_with_a_place(conference, people):
    regs = [services.registration_create(actor=p, conference=conference) for p in people]
    assert [e.summary for e in conference_days(people[0], timezone.localdate())] == \
        ["Tagung: Herbsttagung"]
    assert conference_days(people[2], timezone.localdate()) == []  # waiting list
    services.registration_cancel(actor=people[0], registration=regs[0])
    assert conference_days(people[2], timezone.localdate())[0].day.isoformat() == \
        "2030-10-15"


def test_attendance_after_the_start_with_counts(ministry, people):
    from aqb.conferences.selectors import conference_counts

    start = timezone.now() - timedelta(days=1)
    past = services.conference_save(actor=ministry, data=conference_data(
        starts_at=start, ends_at=start + timedelta(hours=6), capacity=5,
        registration_deadline=timezone.localdate() + timedelta(days=1)))
    regs = [services.registration_create(actor=p, conference=past) for p in people[:3]]
    services.attendance_set(actor=ministry, conference=past, attended={regs[0].pk, regs[2].pk})
    counts = conference_counts(user=ministry, conference=past)
    assert (counts["registered"], counts["attended"], counts["absent"]) == (3, 2, 1)
    assert AuditEntry.objects.filter(action="conference.attendance").exists()
    with pytest.raises(PermissionDenied):
        services.attendance_set(actor=people[0], conference=past, attended=set())


def test_attendance_is_refused_before_the_start(conference, ministry, people):
    reg = services.registration_create(actor=people[0], conference=conference)
    with pytest.raises(ValidationError, match="nach Beginn"):
        services.attendance_set(actor=ministry, conference=conference, attended={reg.pk})
    assert Registration.objects.get(pk=reg.pk).attended is None


def test_the_programme_is_parsed_in_order_and_wrong_lines_are_named(conference, ministry):
    rows = services.programme_set(actor=ministry, conference=conference, text=(
        "09:30 | Begrüßung | Referatsleitung, Ministerium\n\n13.00 Uhr | Mittagspause"))
    assert [(r.position, r.title, r.speaker) for r in rows] == [
        (1, "Begrüßung", "Referatsleitung, Ministerium"), (2, "Mittagspause", "")]
    with pytest.raises(ValidationError, match="Zeile 2"):
        services.programme_set(actor=ministry, conference=conference,
                               text="10:00 | Start\nohne Uhrzeit")
    assert conference.programme.count() == 2


def test_end_before_start_is_refused(ministry):
    start = timezone.make_aware(datetime(2030, 1, 1, 10))
    with pytest.raises(ValidationError) as exc:
        services.conference_save(actor=ministry, data=conference_data(
            starts_at=start, ends_at=start - timedelta(hours=1)))
    assert "ends_at" in exc.value.message_dict


def test_registering_and_cancelling_lock_the_conference_row(conference, people):
    """The count of places and the waiting list are read under a row lock of the conference
    (PostgreSQL); SQLite serialises every write transaction anyway and has no row locks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if not connection.features.has_select_for_update:
        pytest.skip("Zeilensperren gibt es nur auf PostgreSQL; SQLite schreibt ohnehin seriell.")
    with CaptureQueriesContext(connection) as ctx:
        reg = services.registration_create(actor=people[0], conference=conference)
        services.registration_cancel(actor=people[0], registration=reg)
    locks = [q["sql"] for q in ctx.captured_queries
             if "FOR UPDATE" in q["sql"] and "conferences_conference" in q["sql"]]
    assert len(locks) >= 2


def test_registered_people_hear_of_a_new_date_and_of_a_cancellation(conference, people,
                                                                    ministry):
    from aqb.conferences.reminders import CHANGED

    regs = [services.registration_create(actor=p, conference=conference) for p in people]
    services.registration_cancel(actor=people[3], registration=regs[3])
    later = conference.starts_at + timedelta(days=7)
    services.conference_save(actor=ministry, conference=conference, data=conference_data(
        starts_at=later, ends_at=later + timedelta(hours=6)))
    services.conference_save(actor=ministry, conference=conference, data=conference_data(
        starts_at=later, ends_at=later + timedelta(hours=6), status="cancelled"))
    notes = Notification.objects.filter(kind=CHANGED.key)
    assert sorted({n.user.username for n in notes}) == ["wf-0", "wf-1", "wf-2"]
    assert sorted({n.title.split(":")[0] for n in notes}) == ["Abgesagt", "Neuer Termin"]
    assert "22. Oktober 2030 um 09:30 Uhr" in notes.filter(
        title__startswith="Neuer").first().body
