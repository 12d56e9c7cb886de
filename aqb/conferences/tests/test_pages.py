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
