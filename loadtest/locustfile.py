"""Journeys of every role for `make loadtest` (scripts/loadtest.sh starts everything).

Run only as its own command (locust -f loadtest/locustfile.py ...), never imported into
pytest. It imports nothing of Django: the ids of the demo data come as JSON in the file
named by LOADTEST_DATA, the API tokens in LOADTEST_TOKEN_MINISTRY/_REGION/_PROVIDER.

Every request carries a `name` = page kind ("Steuerung: Jahr", "ZV: PDF", ...), so the
summary groups e.g. all agreement pages in one line whatever their id.
"""

from __future__ import annotations

import json
import os
import random
import re
from urllib.parse import urlsplit

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["LOADTEST_DATA"], encoding="utf-8").read())  # noqa: SIM115
YEAR = DATA["year"]
REGION = DATA["region"]
PASSWORD = "demo"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

HEADER = ("teilnehmer_id;eintritt;austritt;geschlecht;geburtsjahr;rechtskreis;bildung;"
          "wohnort_ags;verbleib_6_monate;einwilligung")


def participants_csv(rows: int = 20) -> bytes:
    """A small, valid participant list (the columns of docs/monitoring.md)."""
    tag = random.randrange(10**6)
    lines = [HEADER] + [
        f"L{tag}-{n};13.02.{YEAR};;{'wm'[n % 2]};{1995 + n % 10};SGB II;ISCED 0-2;{REGION};;nein"
        for n in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def pick(key: str):
    values = DATA.get(key) or []
    return random.choice(values) if values else None


class Browser(HttpUser):
    """A person in the browser: logs in through the real form (CSRF token from the page)."""

    abstract = True
    username = ""
    wait_time = between(0.5, 2)

    def on_start(self):
        if self.username:
            self.login()

    def csrf_of(self, response) -> str:
        match = CSRF.search(response.text)
        if match:
            return match.group(1)
        return self.client.cookies.get("csrftoken", "")

    def login(self):
        page = self.client.get("/anmelden/", name="Anmelden: Formular")
        with self.client.post("/anmelden/", name="Anmelden: senden", catch_response=True,
                              data={"username": self.username, "password": PASSWORD,
                                    "csrfmiddlewaretoken": self.csrf_of(page)},
                              headers={"Referer": f"{self.host}/anmelden/"}) as response:
            if urlsplit(response.url).path.startswith("/anmelden/"):
                response.failure(f"Anmeldung von {self.username} misslungen")

    def get(self, path: str, name: str, **kwargs):
        return self.client.get(path, name=name, **kwargs)


class Api(HttpUser):
    """Bearer-token calls of the authenticated API."""

    abstract = True
    token_env = ""
    wait_time = between(0.5, 2)

    def api(self, path: str, name: str, **kwargs):
        headers = {"Authorization": f"Bearer {os.environ[self.token_env]}",
                   "Accept": "application/json"}
        return self.client.get(path, name=name, headers=headers, **kwargs)


class Ministry(Browser):
    """The ministry: dashboards, figures, the year, agreements and their documents."""

    weight = 3
    username = "ministerium"

    @task(3)
    def steering(self):
        self.get("/steuerung/", "Steuerung: Start")
        self.get(f"/steuerung/{YEAR}/", "Steuerung: Jahr")

    @task(2)
    def steering_region(self):
        self.get(f"/steuerung/{YEAR}/gebiet/{pick('regions')}/", "Steuerung: Gebiet")

    @task(2)
    def figures(self):
        self.get(f"/kennzahlen/{YEAR}/", "Kennzahlen: Land")

    @task(1)
    def figures_region(self):
        self.get(f"/kennzahlen/{YEAR}/gebiet/{pick('regions')}/", "Kennzahlen: Gebiet")

    @task(2)
    def year(self):
        self.get(f"/programmjahre/{YEAR}/", "Programmjahr: Übersicht")

    @task(1)
    def year_more(self):
        self.get(f"/programmjahre/{YEAR}/planung/", "Programmjahr: Planung")
        self.get(f"/programmjahre/{YEAR}/grafiken/", "Programmjahr: Grafiken")
        self.get(f"/programmjahre/{YEAR}/gebietskoerperschaften/{pick('regions')}/",
                 "Programmjahr: Gebiet")

    @task(2)
    def agreements(self):
        self.get("/zielvereinbarungen/", "ZV: Liste")
        pk = pick("agreements")
        if pk:
            self.get(f"/zielvereinbarungen/{pk}/", "ZV: Seite")

    @task(1)
    def agreement_documents(self):
        pk = pick("agreements")
        if pk:
            self.get(f"/zielvereinbarungen/{pk}/dokument.pdf", "ZV: PDF")
            self.get(f"/zielvereinbarungen/{pk}/dokument.docx", "ZV: DOCX")

    @task(1)
    def regions(self):
        self.get("/regionen/", "Regionen: Liste")
        self.get(f"/regionen/{pick('regions')}/", "Regionen: Seite")


class Authority(Browser):
    """The Regierungspräsidium: funding work list, applications, notices, payments."""

    weight = 2
    username = "rp-kassel"

    @task(3)
    def worklist(self):
        self.get("/foerderung/arbeitsliste/", "Förderung: Arbeitsliste RP")

    @task(2)
    def applications(self):
        self.get("/foerderung/", "Förderung: Anträge")
        pk = pick("applications")
        if pk:
            self.get(f"/foerderung/antraege/{pk}/", "Förderung: Antrag")

    @task(2)
    def notices(self):
        pk = pick("all_notices")
        if pk:
            self.get(f"/foerderung/bescheide/{pk}/", "Förderung: Bescheid")
            self.get(f"/foerderung/bescheide/{pk}/mittelabrufe/", "Förderung: Mittelabrufe")

    @task(1)
    def ledger(self):
        self.get(f"/foerderung/haushalt/{YEAR}/", "Förderung: Haushalt Land")


class Region(Browser):
    """A region (Waldeck-Frankenberg): its applications, tasks, payment requests, agreement."""

    weight = 3
    username = f"region-{REGION}"

    @task(3)
    def funding(self):
        self.get("/foerderung/", "Förderung: Anträge")
        self.get(f"/foerderung/{REGION}/aufgaben/", "Förderung: Aufgaben Region")

    @task(2)
    def application(self):
        pk = pick("applications")
        if pk:
            self.get(f"/foerderung/antraege/{pk}/", "Förderung: Antrag")

    @task(2)
    def payments(self):
        pk = pick("notices")
        if pk:
            self.get(f"/foerderung/bescheide/{pk}/", "Förderung: Bescheid")
            self.get(f"/foerderung/bescheide/{pk}/mittelabrufe/", "Förderung: Mittelabrufe")

    @task(1)
    def agreement(self):
        pk = pick("region_agreements")
        if pk:
            self.get(f"/zielvereinbarungen/{pk}/", "ZV: Seite")
            self.get(f"/zielvereinbarungen/{pk}/dokument.pdf", "ZV: PDF")

    @task(1)
    def figures(self):
        self.get(f"/kennzahlen/{YEAR}/gebiet/{REGION}/", "Kennzahlen: Gebiet")
        self.get(f"/steuerung/{YEAR}/gebiet/{REGION}/", "Steuerung: Gebiet")


class Provider(Browser):
    """A provider: projects, records, and the participant import through the real form (a
    check job the job worker runs) and through the API (check only)."""

    weight = 2
    username = "traeger-demo"

    @task(2)
    def projects(self):
        self.get("/projekte/", "Projekte: Liste")
        self.get("/teilnehmende/", "Teilnehmende: Start")

    @task(2)
    def import_form(self):
        pk = pick("provider_projects")
        if not pk:
            return
        url = f"/teilnehmende/projekt/{pk}/{YEAR}/einlesen/"
        page = self.get(url, "Import: Seite")
        with self.client.post(url, name="Import: hochladen", catch_response=True,
                              data={"csrfmiddlewaretoken": self.csrf_of(page)},
                              files={"datei": ("liste.csv", participants_csv(), "text/csv")},
                              headers={"Referer": f"{self.host}{url}"}) as response:
            if "/auftraege/" not in response.url:
                response.failure("kein Prüfauftrag nach dem Hochladen")

    @task(1)
    def import_api(self):
        pk = pick("provider_projects")
        if not pk:
            return
        token = os.environ["LOADTEST_TOKEN_PROVIDER"]
        with self.client.post(
                f"/api/v1/monitoring/projects/{pk}/participants?year={YEAR}&check=true",
                name="API: Import prüfen", data=participants_csv(), catch_response=True,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
        ) as response:
            if response.status_code == 200 and response.json().get("errors"):
                response.failure(f"Importfehler: {response.json()['errors'][:2]}")


class Public(HttpUser):
    """Anyone: the public portal, open-data files, the catalogue and the public API."""

    weight = 4
    wait_time = between(0.5, 2)

    @task(2)
    def home(self):
        self.client.get("/oeffentlich/", name="Öffentlich: Start")

    @task(3)
    def year(self):
        year = pick("public_years") or YEAR
        self.client.get(f"/oeffentlich/{year}/", name="Öffentlich: Jahr")

    @task(3)
    def region(self):
        self.client.get(f"/oeffentlich/regionen/{pick('regions')}/", name="Öffentlich: Region")

    @task(2)
    def files(self):
        self.client.get("/opendata/", name="Opendata: Übersicht")
        year = pick("public_years") or YEAR
        fmt = random.choice(["csv", "json", "xlsx"])
        self.client.get(f"/opendata/daten/zuweisungen/zuweisungen-{year}.{fmt}",
                        name="Opendata: Datei")
        self.client.get("/opendata/daten/zuweisungen/datapackage.json",
                        name="Opendata: datapackage.json")

    @task(1)
    def catalogue(self):
        self.client.get("/opendata/catalog.ttl", name="Opendata: catalog.ttl")

    @task(2)
    def public_api(self):
        self.client.get("/api/v1/public/years", name="API öffentlich: Jahre")
        self.client.get(f"/api/v1/public/regions/{pick('regions')}",
                        name="API öffentlich: Region")


class ApiClient(Api):
    """A ministry's program with a token: regions, allocations, agreements, figures."""

    weight = 1
    token_env = "LOADTEST_TOKEN_MINISTRY"

    @task(2)
    def lists(self):
        self.api("/api/v1/regions", "API: Gebiete")
        self.api(f"/api/v1/allocations?year={YEAR}", "API: Zuweisungen")
        self.api(f"/api/v1/agreements?year={YEAR}", "API: Zielvereinbarungen")

    @task(1)
    def figures(self):
        self.api(f"/api/v1/monitoring/stats?year={YEAR}&by=region", "API: Kennzahlen")
        self.api(f"/api/v1/steering/assessment?year={YEAR}&region={pick('regions')}",
                 "API: Zielerreichung")

    @task(1)
    def projects(self):
        self.api("/api/v1/projects", "API: Projekte")
