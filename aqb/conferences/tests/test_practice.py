"""Good practice: a region writes its own entries, the ministry edits and publishes; the
public page shows published entries only, searchable and filtered."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from aqb.audit.models import AuditEntry
from aqb.conferences import services
from aqb.conferences.models import PracticeEntry
from aqb.conferences.selectors import practice_list, published_practice_search
from aqb.projects.models import Project

pytestmark = pytest.mark.django_db


def data(measure, **over):
    base = dict(measure_type=measure, title="Teilzeitausbildung für Alleinerziehende",
                what_worked="Kinderbetreuung direkt beim Träger organisiert.",
                contact_office="Fachdienst Arbeit, Koordination AQB",
                contact_email="aqb@example.org")
    base.update(over)
    return services.PracticeData(**base)


@pytest.fixture
def entries(ministry, people, region_wf, region_foreign, measure):
    own = services.practice_save(actor=people[0], region=region_wf, data=data(measure))
    foreign = services.practice_save(actor=people[3], region=region_foreign, data=data(
        measure, title="Lotsen im Jobcenter", what_worked="Sprechstunde in der Schule."))
    return own, foreign


def test_a_region_writes_only_for_itself(people, region_foreign, measure):
    with pytest.raises(PermissionDenied):
        services.practice_save(actor=people[0], region=region_foreign, data=data(measure))
    assert not PracticeEntry.objects.exists()


def test_a_project_must_be_of_the_region(people, region_wf, region_foreign, measure):
    project = Project.objects.create(region=region_foreign, measure_number=2, name="Fremd",
                                     first_year=2025)
    with pytest.raises(ValidationError) as exc:
        services.practice_save(actor=people[0], region=region_wf,
                               data=data(measure, project=project))
    assert "project" in exc.value.message_dict


def test_a_region_sees_its_own_entries_only(entries, people, ministry):
    assert [e.title for e in practice_list(user=people[0])] == [entries[0].title]
    assert len(practice_list(user=ministry)) == 2


def test_publishing_is_the_ministrys_and_audited(entries, ministry, people, measure):
    own, _ = entries
    with pytest.raises(PermissionDenied):
        services.practice_publish(actor=people[0], entry=own)
    services.practice_publish(actor=ministry, entry=own)
    assert AuditEntry.objects.filter(action="practice.publish").exists()
    own.refresh_from_db()
    with pytest.raises(PermissionDenied, match="nur das Ministerium"):
        services.practice_save(actor=people[0], region=own.region, data=data(measure),
                               entry=own)
    services.practice_save(actor=ministry, region=own.region,
                           data=data(measure, title="Geändert"), entry=own)
    assert PracticeEntry.objects.get(pk=own.pk).title == "Geändert"


def test_the_public_search_shows_published_entries_only(entries, ministry):
    own, foreign = entries
    services.practice_publish(actor=ministry, entry=own)
    assert list(published_practice_search(query="")) == [own]
    assert list(published_practice_search(query="kinderbetreuung waldeck")) == [own]
    assert list(published_practice_search(query="Lotsen")) == []  # a draft
    assert list(published_practice_search(region="06411")) == []
    assert list(published_practice_search(measure=2)) == [own]
    assert list(published_practice_search(measure=1)) == []
    client = Client()  # no login
    page = client.get(reverse("conferences:public_practice"), {"q": "Teilzeit"})
    body = page.content.decode()
    assert page.status_code == 200 and own.title in body and foreign.title not in body
    assert "aqb@example.org" not in body  # the contact is on the entry's own page
    detail = client.get(reverse("conferences:public_practice_detail", args=[own.pk]))
    assert "aqb@example.org" in detail.content.decode()
    assert client.get(reverse("conferences:public_practice_detail",
                              args=[foreign.pk])).status_code == 404


def test_a_region_creates_an_entry_through_its_page(people, measure):
    client = Client()
    client.force_login(people[0])
    url = reverse("conferences:practice_create", args=["06635"])
    response = client.post(url, {"measure_type": measure.pk, "title": "",
                                 "what_worked": "x", "contact_office": "Amt",
                                 "contact_email": "amt@example.org"})
    assert response.status_code == 400 and "Titel" in response.content.decode()
    assert not PracticeEntry.objects.exists()
    response = client.post(url, {"measure_type": measure.pk, "title": "Gutes Beispiel",
                                 "what_worked": "x", "contact_office": "Amt",
                                 "contact_email": "amt@example.org"})
    assert response.status_code == 302
    assert PracticeEntry.objects.get().region.ags == "06635"
    assert client.get(reverse("conferences:practice_create",
                              args=["06411"])).status_code == 404
