"""The demo's survey: open in mid-autumn 2025, sent to all regions with a deadline a few
weeks ahead, four regions submitted, Waldeck-Frankenberg with a draft; loaded once."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client

from aqb.accounts.models import User
from aqb.surveys import results
from aqb.surveys.models import Response, Survey, SurveyStatus


@pytest.mark.django_db
def test_the_demo_has_one_open_survey_with_answers():
    call_command("demo_load")
    call_command("demo_load")
    survey = Survey.objects.get()
    assert survey.is_demo and survey.status == SurveyStatus.OPEN and survey.all_regions
    assert survey.deadline == date(2025, 11, 28) and survey.sent_at.date() == date(2025, 10, 20)
    standings = {x.ags: x.status for x in results.standings_unscoped(survey)}
    assert list(standings.values()).count("eingereicht") == 4
    assert standings["06635"] == "Entwurf"
    assert Response.objects.filter(is_demo=True).count() == 5
    by_kind = {r.kind: r for r in results.results_unscoped(survey)}
    assert by_kind["number"].stats["sum"] == 263
    client = Client()
    client.force_login(User.objects.get(username="region-06635"))
    page = client.get(f"/umfragen/{survey.pk}/antworten/06635/").content.decode()
    assert "Berufsorientierung in Korbach" in page and "Einreichen" in page
