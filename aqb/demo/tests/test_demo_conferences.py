"""The demo's conference: the Herbsttagung 2025 with programme, six places taken, a waiting
list with region-06635's user, a document; two published good-practice entries on the public
page; a second load adds nothing."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from aqb.conferences.models import Conference, PracticeEntry


@pytest.mark.django_db
def test_the_demo_has_a_conference_with_a_waiting_list_and_published_good_practice():
    call_command("demo_load")
    call_command("demo_load")
    conference = Conference.objects.get()
    assert conference.title == "Herbsttagung AQB 2025" and conference.is_demo
    assert conference.starts_at.year == 2025 and conference.starts_at.month == 11
    assert conference.programme.count() == 7 and conference.documents.count() == 1
    regs = {r.user.username: (r.status, r.position) for r in conference.registrations.all()}
    assert sum(s == "registered" for s, _ in regs.values()) == 6
    assert regs["region-06635"] == ("waiting", 2)
    entries = PracticeEntry.objects.filter(status="published")
    assert entries.count() == 2 and all(e.is_demo for e in entries)
    body = Client().get(reverse("conferences:public_practice"),
                        {"q": "Kinderbetreuung"}).content.decode()
    assert "Teilzeitausbildung mit Kinderbetreuung" in body
    assert "Lotsensprechstunde" not in body
    client = Client()
    client.login(username="region-06635", password="demo")
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "Warteliste (Platz 2)" in page
