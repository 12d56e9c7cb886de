"""The pages: a region fills in its own response and never sees another's; the ministry
builds, sends, follows and closes; providers and the authority see no survey list."""

import pytest
from django.test import Client

from aqb.accounts.models import Provider, Role
from aqb.surveys.models import Kind, Response, ResponseStatus, Survey, SurveyStatus
from conftest import make_user

from .factories import people, sent


@pytest.fixture
def p(db):
    return people()


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_ministry_builds_and_sends_through_the_pages(p):
    c = _client(p["ministry"])
    r = c.post("/umfragen/neu/", {"title": "Kurzumfrage", "description": ""})
    survey = Survey.objects.get(title="Kurzumfrage")
    assert r.status_code == 302 and r["Location"] == f"/umfragen/{survey.pk}/"
    c.post(f"/umfragen/{survey.pk}/abschnitte/", {"title": "Teil A"})
    section = survey.versions.get().sections.get()
    r = c.post(f"/umfragen/{survey.pk}/abschnitte/{section.pk}/neue-frage/",
               {"kind": Kind.SINGLE, "text": "Ja oder nein?", "options": "ja\n"})
    assert "mindestens zwei Antwortmöglichkeiten" in r.content.decode()
    c.post(f"/umfragen/{survey.pk}/abschnitte/{section.pk}/neue-frage/",
           {"kind": Kind.SINGLE, "text": "Ja oder nein?", "options": "ja\nnein",
            "required": "on"})
    assert section.questions.get().options == ["ja", "nein"]
    page = c.get(f"/umfragen/{survey.pk}/").content.decode()
    assert "Ja oder nein?" in page and "Versenden" in page
    r = c.post(f"/umfragen/{survey.pk}/versenden/", {"deadline": "2099-12-01",
                                                     "regions": [p["wf"].pk]})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN and not survey.all_regions
    page = c.get(f"/umfragen/{survey.pk}/").content.decode()
    assert "Umfrage versandt" in page and "Rücklauf" in page  # the history, who answered
    r = c.post(f"/umfragen/{survey.pk}/schliessen/", {})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN  # not without the confirmation
    c.post(f"/umfragen/{survey.pk}/schliessen/", {"bestaetigen": "ja"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_a_region_saves_a_draft_and_submits_by_the_page(p):
    survey, q = sent(p["ministry"])
    c = _client(p["wf_user"])
    url = f"/umfragen/{survey.pk}/antworten/06635/"
    assert "Umfrage Übergänge" in c.get("/umfragen/").content.decode()
    r = c.post(url, {"aktion": "entwurf", f"frage-{q['text'].pk}": "Halb fertig"})
    assert r.status_code == 302
    page = c.get(url).content.decode()
    assert "Halb fertig" in page and "Entwurf" in page
    r = c.post(url, {"aktion": "einreichen", f"frage-{q['text'].pk}": "Halb fertig"})
    page = r.content.decode()
    assert r.status_code == 400  # refused answers: 400 like every refused form
    assert "Frage „Gibt es eine Steuerungsgruppe?“: bitte beantworten (Pflichtfrage)." in page
    r = c.post(url, {"aktion": "einreichen", f"frage-{q['single'].pk}": "ja",
                     f"frage-{q['scale'].pk}": "3", f"frage-{q['number'].pk}": "7",
                     f"frage-{q['text'].pk}": "Fertig"})
    assert r.status_code == 302
    response = Response.objects.get(region=p["wf"])
    assert response.status == ResponseStatus.SUBMITTED
    page = c.get(url).content.decode()
    assert "Fertig" in page and "Einreichen" not in page and "eingereicht" in page


def test_a_region_sees_only_its_own_response(p):
    survey, q = sent(p["ministry"])
    c = _client(p["da_user"])
    assert c.get(f"/umfragen/{survey.pk}/antworten/06635/").status_code == 404
    assert c.get(f"/umfragen/{survey.pk}/").status_code == 403
    assert c.get(f"/umfragen/{survey.pk}/ergebnisse/").status_code == 403
    assert c.post(f"/umfragen/{survey.pk}/antworten/06635/", {}).status_code == 404
    assert not Response.objects.exists()


def test_providers_and_the_authority_see_no_surveys(p):
    sent(p["ministry"])
    provider = make_user("tr", Role.PROVIDER, provider=Provider.objects.create(name="T"))
    authority = make_user("rp", Role.AUTHORITY)
    for user in (provider, authority):
        page = _client(user).get("/umfragen/").content.decode()
        assert "Umfrage Übergänge" not in page and "Keine Umfragen" in page


def test_a_survey_in_preparation_is_not_shown_to_regions(p):
    from .factories import build

    survey, _ = build(p["ministry"], title="Noch geheim")
    c = _client(p["wf_user"])
    assert "Noch geheim" not in c.get("/umfragen/").content.decode()
    assert c.get(f"/umfragen/{survey.pk}/antworten/06635/").status_code == 404


def test_the_ministry_reopens_a_submission_from_its_page(p):
    from aqb.surveys import services as s

    from .factories import full_answers

    survey, q = sent(p["ministry"])
    s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                    answers=full_answers(q), submit=True)
    c = _client(p["ministry"])
    url = f"/umfragen/{survey.pk}/antworten/06635/"
    page = c.get(url).content.decode()
    assert "Wieder öffnen" in page and "1. Februar 2026" in page and "Jobcenter; Kammern" in page
    c.post(url + "wiederoeffnen/", {"reason": "Bitte Zahl prüfen"})
    assert Response.objects.get().status == ResponseStatus.DRAFT


def test_the_navigation_links_surveys_for_the_ministry_and_regions_only(p):
    provider = make_user("tr", Role.PROVIDER, provider=Provider.objects.create(name="T"))
    authority = make_user("rp", Role.AUTHORITY)
    link = '<a class="kern-link" href="/umfragen/"'
    for user, shown in ((p["ministry"], True), (p["wf_user"], True), (provider, False),
                        (authority, False)):
        assert (link in _client(user).get("/").content.decode()) is shown, user.username
