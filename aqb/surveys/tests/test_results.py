"""The ministry's results: counts and shares per option, scale mean and distribution, number
statistics, dates and free texts with the region's name; the export read back."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from aqb.accounts.models import Role
from aqb.regions.models import Region
from aqb.surveys import results as res
from aqb.surveys import services as s
from conftest import make_user

from .factories import full_answers, people, sent


@pytest.fixture
def answered(db):
    p = people()
    survey, q = sent(p["ministry"])
    kassel = Region.objects.get(ags="06611")
    k_user = make_user("ks", Role.REGION, region=kassel)
    s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                    answers=full_answers(q, text="Kurze Wege"), submit=True)
    s.response_save(actor=p["da_user"], survey=survey, region=p["da"], submit=True, answers={
        q["single"].pk: ["nein"], q["multiple"].pk: ["Jobcenter"], q["scale"].pk: ["5"],
        q["number"].pk: ["3"], q["date"].pk: ["15.01.2026"]})
    # a draft does not count in the results
    s.response_save(actor=k_user, survey=survey, region=kassel, answers={
        q["single"].pk: ["ja"], q["text"].pk: ["Entwurfstext"]})
    return p, survey, q


def test_results_per_question(answered):
    p, survey, q = answered
    by_kind = {r.kind: r for r in res.results_unscoped(survey)}
    single = by_kind["single"]
    assert single.n == 2 and single.number == "1.1"
    assert [(r.label, r.count, r.share) for r in single.rows] == [
        ("ja", 1, Decimal("0.5000")), ("nein", 1, Decimal("0.5000")),
        ("in Planung", 0, Decimal("0.0000"))]
    assert 'role="img"' in single.chart and "Frage 1.1" in single.chart
    multiple = by_kind["multiple"]
    assert [(r.label, r.count, r.share) for r in multiple.rows] == [
        ("Jobcenter", 2, Decimal("1.0000")), ("Agentur für Arbeit", 0, Decimal("0.0000")),
        ("Kammern", 1, Decimal("0.5000"))]
    scale = by_kind["scale"]
    assert [r.count for r in scale.rows] == [0, 0, 0, 1, 1]
    assert scale.rows[0].label == "1 (gar nicht)" and scale.mean == Decimal("4.50")
    assert by_kind["number"].stats == {"n": 2, "sum": Decimal("15.5"),
                                       "mean": Decimal("7.75"), "min": Decimal("3"),
                                       "max": Decimal("12.5")}
    assert by_kind["date"].dates == [("Wissenschaftsstadt Darmstadt", date(2026, 1, 15)),
                                     ("Landkreis Waldeck-Frankenberg", date(2026, 2, 1))]
    assert by_kind["text"].texts == [("Landkreis Waldeck-Frankenberg", "Kurze Wege")]


def test_who_answered(answered):
    p, survey, q = answered
    standings = {x.ags: x for x in res.standings_unscoped(survey)}
    assert len(standings) == 26
    assert standings["06635"].status == "eingereicht" and standings["06635"].submitted_at
    assert standings["06611"].status == "Entwurf" and standings["06611"].submitted_at is None
    assert standings["06412"].status == "nicht begonnen"


def test_exports_read_back(answered):
    p, survey, q = answered
    client = Client()
    client.force_login(p["ministry"])
    url = f"/umfragen/{survey.pk}/ergebnisse/"
    page = client.get(url).content.decode()
    assert "Kurze Wege" in page and "Waldeck-Frankenberg" in page and "<svg" in page
    assert "Entwurfstext" not in page  # drafts are not results
    body = b"".join(client.get(url + "?format=csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:5] == ["AGS", "Gebietskörperschaft", "Status", "eingereicht am",
                           "1.1 Gibt es eine Steuerungsgruppe?"]
    assert len(rows) == 27
    wf = next(r for r in rows if r[0] == "06635")
    assert wf[2] == "eingereicht" and wf[4:] == [
        "ja", "Jobcenter; Kammern", "4", "12,50", "01.02.2026", "Kurze Wege"]
    ks = next(r for r in rows if r[0] == "06611")
    assert ks[2] == "Entwurf" and ks[-1] == "Entwurfstext"
    response = client.get(url + "?format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                             if response.streaming else response.content))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    assert header[4] == "1.1 Gibt es eine Steuerungsgruppe?"
    da = next(r for r in values if r[0] == "06411")
    assert da[4:9] == ("nein", "Jobcenter", 5, 3, da[8]) and da[8].date() == date(2026, 1, 15)


def test_formulas_in_free_texts_are_neutralised(answered):
    p, survey, q = answered
    s.response_reopen(actor=p["ministry"], response=survey.responses.get(region=p["wf"]),
                      reason="Test")
    s.response_save(actor=p["wf_user"], survey=survey, region=p["wf"],
                    answers=full_answers(q, text="=HYPERLINK(\"x\")"))
    table = res.export_table_unscoped(survey)
    from aqb.budgets.exports import csv_cell

    wf = next(r for r in table.rows if r[0] == "06635")
    assert csv_cell(wf[-1]).startswith("'=")
