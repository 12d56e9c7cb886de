"""Demo autumn reviews: three held (frozen figures, minutes, actions, shared; 06635 confirmed
with one action done), one scheduled; loading twice adds nothing; the pages show them."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from aqb.accounts.models import User
from aqb.demo import reviews as demo
from aqb.steering.models import ActionStatus, Review, ReviewStatus
from aqb.steering.reviews_pdf import render_pdf


@pytest.mark.django_db
def test_demo_reviews_held_and_scheduled():
    call_command("demo_load")
    reviews = {r.region.ags: r for r in Review.objects.select_related("region")}
    assert set(reviews) == set(demo.HELD) | set(demo.PLANNED)
    wf = reviews["06635"]
    assert wf.status == ReviewStatus.CONFIRMED and wf.snapshot is not None
    assert wf.snapshot["projects"] and wf.actions.count() == 3
    assert wf.actions.filter(status=ActionStatus.DONE).count() == 1
    for ags in demo.HELD:
        assert reviews[ags].snapshot is not None and reviews[ags].decisions
    assert reviews["06414"].status == ReviewStatus.PLANNED and reviews["06414"].agenda.exists()
    assert demo.load(ministry=User.objects.get(username="ministerium")) == 0
    assert render_pdf(wf).startswith(b"%PDF")
    c = Client()
    c.force_login(User.objects.get(username="region-06635"))
    body = c.get(reverse("steering:review_detail", kwargs={"pk": wf.pk})).content.decode()
    assert "Bestätigt von" in body and "Eintritte gegenüber den Zielen" in body
    listing = c.get(reverse("steering:review_index")).content.decode()
    assert "Waldeck-Frankenberg" in listing and reviews["06611"].region.name not in listing
