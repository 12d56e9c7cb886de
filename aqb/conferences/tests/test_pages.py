"""The conference pages through HTTP: registering, the waiting list, who sees whose
registrations."""

import pytest
from django.test import Client
from django.urls import reverse

from aqb.conferences import services
from aqb.conferences.models import Registration

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_registering_by_form_and_landing_on_the_waiting_list(conference, people):
    for p in people[:2]:
        services.registration_create(actor=p, conference=conference)
    client = _client(people[3])
    response = client.post(reverse("conferences:register", args=[conference.pk]),
                           {"note": "Rollstuhlplatz"}, follow=True)
    assert "Warteliste (Platz 1)" in response.content.decode()
    assert Registration.objects.get(user=people[3]).status == "waiting"


def test_a_region_sees_only_its_own_peoples_registrations(conference, people, ministry):
    for p in people:
        services.registration_create(actor=p, conference=conference)
    body = _client(people[3]).get(reverse("conferences:detail",
                                          args=[conference.pk])).content.decode()
    assert "da-0" in body and "wf-0" not in body and "Waldeck" not in body
    assert "2 von 2 belegt" in body
    body = _client(ministry).get(reverse("conferences:detail",
                                         args=[conference.pk])).content.decode()
    assert "wf-0" in body and "da-0" in body


def test_providers_see_no_conferences(conference, provider):
    from conftest import make_user

    client = _client(make_user("tr", "provider", provider=provider))
    assert client.get(reverse("conferences:index")).status_code == 403
    assert client.get(reverse("conferences:detail", args=[conference.pk])).status_code == 403


def test_cancelling_through_the_page(conference, people):
    reg = services.registration_create(actor=people[0], conference=conference)
    client = _client(people[3])  # another region: not found
    assert client.post(reverse("conferences:cancel", args=[reg.pk])).status_code == 404
    client = _client(people[0])
    assert client.post(reverse("conferences:cancel", args=[reg.pk])).status_code == 302
    assert Registration.objects.get(pk=reg.pk).status == "cancelled"


def test_the_ministry_creates_edits_and_fills_the_programme_through_the_pages(ministry):
    from aqb.conferences.models import Conference

    client = _client(ministry)
    form = {"title": "Fachtag Übergänge", "starts_at": "2030-03-04T09:00",
            "ends_at": "2030-03-04T08:00", "place": "Gießen", "description": "",
            "capacity": "40", "registration_deadline": "2030-02-20", "status": "open"}
    response = client.post(reverse("conferences:create"), form)
    assert response.status_code == 400 and "Das Ende liegt vor dem Beginn" in \
        response.content.decode()
    assert not Conference.objects.exists()
    response = client.post(reverse("conferences:create"), {**form, "ends_at": "2030-03-04T16:00"})
    conference = Conference.objects.get()
    assert response["Location"] == reverse("conferences:programme", args=[conference.pk])
    page = client.get(reverse("conferences:edit", args=[conference.pk])).content.decode()
    assert 'value="2030-03-04T09:00"' in page
    response = client.post(reverse("conferences:programme", args=[conference.pk]),
                           {"programme": "09:00 | Begrüßung | Ministerium\nkaputt"})
    assert response.status_code == 400 and "Zeile 2" in response.content.decode()
    client.post(reverse("conferences:programme", args=[conference.pk]),
                {"programme": "09:00 | Begrüßung | Ministerium"})
    body = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "Begrüßung" in body and "0 von 40 belegt" in body


def test_the_ministry_registers_a_person_and_marks_attendance(ministry, people):
    from datetime import timedelta

    from django.utils import timezone

    from .conftest import conference_data

    start = timezone.now() - timedelta(hours=2)
    conf = services.conference_save(actor=ministry, data=conference_data(
        starts_at=start, ends_at=start + timedelta(hours=6),
        registration_deadline=timezone.localdate()))
    client = _client(ministry)
    client.post(reverse("conferences:register_other", args=[conf.pk]),
                {"user": people[0].pk, "note": ""})
    client.post(reverse("conferences:register_other", args=[conf.pk]),
                {"user": people[3].pk, "note": ""})
    regs = list(Registration.objects.order_by("pk"))
    assert len(regs) == 2
    response = client.post(reverse("conferences:attendance", args=[conf.pk]),
                           {"attended": [regs[0].pk]})
    assert response.status_code == 302
    body = client.get(reverse("conferences:detail", args=[conf.pk])).content.decode()
    assert "1 teilgenommen, 1 nicht erschienen" in body
    response = client.post(reverse("conferences:attendance", args=[conf.pk]),
                           {"attended": ["x"]})
    assert response.status_code == 400


def test_the_public_page_is_the_current_one_in_the_navigation(db):
    body = Client().get(reverse("conferences:public_practice")).content.decode()
    assert body.count('aria-current="page"') == 1
    assert 'href="/tagungen/gute-praxis/" aria-current="page"' in body
