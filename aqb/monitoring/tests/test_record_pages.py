"""Record pages through HTTP: the provider enters a person by name (pseudonymised at once,
the name kept nowhere), re-entries and corrections, German messages per field, deleting with
confirmation; the region reads and may correct; the state never sees a record; every opening
is logged."""

import datetime

import pytest
from django.test import Client

from aqb.audit.models import AuditEntry
from aqb.monitoring import pseudonym
from aqb.monitoring.models import Participant, RecordAccess, Tally
from aqb.monitoring.records import participants_store

from .conftest import person

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def form(**more) -> dict:
    data = {"vorname": "Jürgen", "nachname": "Müller", "geburtsdatum": "17.05.2004",
            "eintritt": "03.02.2025", "geschlecht": "m", "rechtskreis": "sgb2",
            "wohnort_ags": "06635", "bildung": "isced02"}
    data.update(more)
    return {k: v for k, v in data.items() if v is not None}


def test_the_provider_enters_a_person_by_name_and_the_name_is_kept_nowhere(
        project, provider_user):
    c = client_for(provider_user)
    page = c.get(f"/teilnehmende/projekt/{project.pk}/2025/neu/").content.decode()
    assert "weder gespeichert noch protokolliert" in page
    r = c.post(f"/teilnehmende/projekt/{project.pk}/2025/neu/", form())
    record = Participant.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/teilnehmende/datensatz/{record.pk}/"
    assert record.pseudonym == pseudonym.from_person("Jürgen", "Müller",
                                                     datetime.date(2004, 5, 17))
    assert (record.birth_year, record.education, record.gender) == (2004, "isced02", "m")
    assert Tally.objects.get(project=project, attribute="", quarter=1).entries == 1
    # the name is nowhere: not in the audit chain, the access log or the record's page
    text = str(list(AuditEntry.objects.values())) + str(list(RecordAccess.objects.values()))
    page = c.get(r["Location"]).content.decode()
    for secret in ("Jürgen", "Müller", "17.05.2004", "2004-05-17"):
        assert secret not in text and secret not in page
    assert pseudonym.shown(record.pseudonym) in page
    # the same person again with another entry date: a re-entry, marked in the list
    c.post(f"/teilnehmende/projekt/{project.pk}/2025/neu/",
           form(vorname="JUERGEN", eintritt="01.09.2025"))
    record.refresh_from_db()
    assert Participant.objects.count() == 1 and record.entries == 2
    page = c.get(f"/teilnehmende/projekt/{project.pk}/2025/").content.decode()
    assert "Wiedereintritt 01.09.2025 (2 Eintritte)" in page


def test_errors_are_named_per_field_in_german_and_the_name_is_not_shown_back(
        project, provider_user):
    c = client_for(provider_user)
    r = c.post(f"/teilnehmende/projekt/{project.pk}/2025/neu/", form(
        geburtsdatum="17.05.2004", geburtsjahr="2003", austritt="01.01.2025",
        wohnort_ags="99999", verbleib_6_monate="ausbildung"))
    page = r.content.decode()
    assert r.status_code == 400 and not Participant.objects.exists()
    assert "Das Geburtsjahr 2003 passt nicht zum Geburtsdatum 17.05.2004." in page
    assert "Der Austritt (01.01.2025) liegt vor dem Eintritt (03.02.2025)." in page
    assert "Auswahl gültig" in page or "gültige Auswahl" in page  # residence not a district
    assert "nur mit Einwilligung" in page
    assert 'value="Jürgen"' not in page and 'value="Müller"' not in page
    r = c.post(f"/teilnehmende/projekt/{project.pk}/2025/neu/",
               form(geburtsdatum="", geburtsjahr="2015", vorname=""))
    page = r.content.decode()
    assert "Bitte auch den Vornamen angeben." in page
    assert "Bitte auch das Geburtsdatum angeben." in page
    assert "Alter bei Eintritt muss zwischen 14 und 80 Jahren liegen (hier 10 Jahre)" in page
    r = c.post(f"/teilnehmende/projekt/{project.pk}/2025/neu/",
               form(teilnehmer_id="TN-1"))
    assert "nicht beides" in r.content.decode()


def test_correcting_keeps_the_identity_and_deleting_asks_first(project, provider_user,
                                                                region_user):
    participants_store(actor=provider_user, project=project, year=2025,
                       rows=[person("t:TN-7")])
    record = Participant.objects.get()
    c = client_for(region_user)  # the region may correct as well
    page = c.get(f"/teilnehmende/datensatz/{record.pk}/korrigieren/").content.decode()
    assert "TN-7" in page and 'name="teilnehmer_id"' not in page and 'name="vorname"' not in page
    r = c.post(f"/teilnehmende/datensatz/{record.pk}/korrigieren/", form(
        vorname=None, nachname=None, geburtsdatum=None, teilnehmer_id="TN-anders",
        geburtsjahr="2004", geschlecht="w", austritt="30.06.2025", austrittsgrund="regulaer",
        verbleib="ausbildung"))
    assert r.status_code == 302
    record.refresh_from_db()
    assert record.pseudonym == "t:TN-7" and record.outcome == "ausbildung"
    assert AuditEntry.objects.filter(action="monitoring.record.correct").exists()
    assert Tally.objects.get(attribute="", quarter=2).exits == 1
    page = c.get(f"/teilnehmende/datensatz/{record.pk}/loeschen/").content.decode()
    assert "irrtümlich erfasst" in page and Participant.objects.exists()
    r = c.post(f"/teilnehmende/datensatz/{record.pk}/loeschen/")
    assert r.status_code == 302 and not Participant.objects.exists()
    assert not Tally.objects.exists()


def test_the_list_filters_by_status_pages_and_logs_each_opening(project, provider_user,
                                                                region_user):
    rows = [person(f"t:P-{i:03}", entry=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
                   exit_date=datetime.date(2025, 12, 1) if i % 3 == 0 else None)
            for i in range(60)]
    participants_store(actor=provider_user, project=project, year=2025, rows=rows)
    c = client_for(region_user)
    page = c.get(f"/teilnehmende/projekt/{project.pk}/2025/").content.decode()
    assert "60 Datensätze" in page and "P-000" in page and "P-055" not in page
    assert "Seite 1 von 2" in page
    page = c.get(f"/teilnehmende/projekt/{project.pk}/2025/?seite=2").content.decode()
    assert "P-055" in page
    page = c.get(f"/teilnehmende/projekt/{project.pk}/2025/?status=aus").content.decode()
    assert "20 Datensätze" in page and "P-001" not in page and "P-003" in page
    page = c.get(f"/teilnehmende/projekt/{project.pk}/2025/?status=in").content.decode()
    assert "40 Datensätze" in page and "P-003" not in page
    logged = list(RecordAccess.objects.order_by("at", "pk").values_list("kind", "records",
                                                                        "user"))
    assert logged == [("list", 50, region_user.pk), ("list", 10, region_user.pk),
                      ("list", 20, region_user.pk), ("list", 40, region_user.pk)]
    record = Participant.objects.get(pseudonym="t:P-003")
    c.get(f"/teilnehmende/datensatz/{record.pk}/")
    r = c.get(f"/teilnehmende/projekt/{project.pk}/2025/export.csv")
    body = b"".join(r.streaming_content).decode()
    assert "P-003" in body and body.count("\r\n") == 61
    assert list(RecordAccess.objects.order_by("-pk").values_list("kind", "records")[:2]) == [
        ("export", 60), ("record", 1)]


def test_the_state_never_sees_a_record_and_strangers_get_nothing(
        project, provider_user, ministry_user, authority_user, foreign_region_user):
    participants_store(actor=provider_user, project=project, year=2025, rows=[person()])
    record = Participant.objects.get()
    for user, status in ((ministry_user, 403), (authority_user, 403),
                         (foreign_region_user, 404)):
        c = client_for(user)
        assert c.get(f"/teilnehmende/projekt/{project.pk}/2025/").status_code == status
        assert c.get(f"/teilnehmende/datensatz/{record.pk}/").status_code == status
        assert c.post(f"/teilnehmende/datensatz/{record.pk}/loeschen/").status_code == status
    assert Participant.objects.exists() and not RecordAccess.objects.exists()
    page = client_for(ministry_user).get(f"/projekte/{project.pk}/").content.decode()
    assert "/teilnehmende/projekt/" not in page and "Person erfassen" not in page


def test_the_access_log_shows_the_region_its_projects_and_the_ministry_everything(
        project, foreign_project, provider_user, region_user, foreign_region_user,
        ministry_user):
    from aqb.monitoring.access_log import access_log

    access_log(user=provider_user, kind="list", project=project, year=2025, records=3)
    access_log(user=foreign_region_user, kind="record", project=foreign_project, year=2025,
               records=1)
    page = client_for(region_user).get("/teilnehmende/zugriffe/").content.decode()
    assert project.label in page and foreign_project.label not in page
    page = client_for(ministry_user).get("/teilnehmende/zugriffe/").content.decode()
    assert project.label in page and foreign_project.label in page and "2 Zugriffe" in page
    page = client_for(provider_user).get("/teilnehmende/zugriffe/").content.decode()
    assert project.label not in page and "Ministerium als Datenschutzaufsicht" in page
    nav = client_for(provider_user).get("/teilnehmende/").content.decode()
    assert ">Teilnehmende<" in nav and project.label in nav
