"""The public pages under /oeffentlich/: programme, year, region, year-region, search, cache."""

import string
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aqb.accounts import policy
from aqb.german.dates import format_date
from aqb.german.money import format_eur
from aqb.monitoring.suppression import EXPLANATION
from aqb.opendata import datasets
from aqb.opendata.datasets import AGS, REGION, YEAR, Dataset, Field, file_url
from aqb.regions.models import Region

from .helpers import year_with_allocations

pytestmark = pytest.mark.django_db

WF = "06635"


def get(url, data=None, client=None, **extra):
    return (client or Client()).get(url, data, **extra)


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def years(ministry_user):
    """2024 published (allocations 100 000 + 1 000 n), 2025 not (200 000 + 1 000 n)."""
    year_with_allocations(ministry_user, 2024, publish=True)
    year_with_allocations(ministry_user, 2025, publish=False, base=200_000)


def _unpublished_amounts() -> list[str]:
    # every amount of 2025 (allocations, current after the cut) in the pages' format
    amounts = [Decimal(200_000 + 1000 * n) for n in range(26)]
    return [format_eur(a) for a in amounts] + [format_eur(Decimal(200_000 - 5000)),
                                              format_date(date(2025, 7, 1))]


# --- the programme ---------------------------------------------------------------------------

def test_the_programme_page_shows_published_years_regions_search_and_links(years):
    response = get("/oeffentlich/")
    assert response.status_code == 200
    html = body(response)
    assert "Ausbildungs- und Qualifizierungsbudget" in html
    assert 'href="/oeffentlich/2024/"' in html and "/oeffentlich/2025/" not in html
    # the sum of 2024's current allocations: 26 x 100 000 + 1 000 x (0 + ... + 25) - 5 000
    assert format_eur(Decimal("2920000")) in html
    assert html.count('href="/oeffentlich/regionen/') == 26
    assert 'role="search"' in html and 'action="/oeffentlich/suche/"' in html
    for link in ('href="/opendata/"', 'href="/veroeffentlicht/zielvereinbarungen/"',
                 'href="/tagungen/gute-praxis/"'):
        assert link in html


def test_home_page_and_navigation_link_the_public_pages(db):
    html = body(get("/"))
    assert html.count('href="/oeffentlich/"') == 2  # navigation and text
    assert 'aria-current="page"' in body(get("/oeffentlich/"))


# --- one year --------------------------------------------------------------------------------

def test_a_published_year_shows_its_amounts_changes_figures_and_downloads(years):
    response = get("/oeffentlich/2024/")
    assert response.status_code == 200
    html = body(response)
    for row in datasets.ALLOCATIONS.rows(year=2024):
        assert format_eur(row["zuweisung_aktuell"]) in html
        assert f'href="/oeffentlich/2024/regionen/{row["ags"]}/"' in html
    assert format_eur(Decimal("125000")) in html  # the largest original allocation
    assert format_eur(Decimal("5000000")) in html  # the programme's total
    assert format_eur(Decimal("2920000")) in html  # sum of the current allocations
    # the cut of Waldeck-Frankenberg on 1 July
    assert format_eur(Decimal("-5000")) in html and format_date(date(2024, 7, 1)) in html
    assert html.count('role="img"') == 2  # bar chart and map, each beside the table
    assert "<caption" in html
    for slug in ("zuweisungen", "aenderungen"):
        for fmt in ("csv", "json", "xlsx"):
            assert f'href="{file_url(slug, fmt, year=2024)}"' in html
    for amount in _unpublished_amounts():
        assert amount not in html


@pytest.mark.parametrize("url", ["/oeffentlich/2025/", "/oeffentlich/2031/",
                                 "/oeffentlich/2025/regionen/06635/",
                                 "/oeffentlich/regionen/99999/", "/oeffentlich/regionen/abc/",
                                 "/oeffentlich/2024/regionen/0663/"])
def test_unpublished_years_and_unknown_regions_are_404(years, url):
    response = get(url)
    assert response.status_code == 404
    for amount in _unpublished_amounts():
        assert amount not in body(response)


def test_the_unpublished_year_appears_on_no_public_page(years):
    urls = ["/oeffentlich/", "/oeffentlich/2024/", "/oeffentlich/suche/?q=2025",
            "/oeffentlich/suche/?q=Waldeck"]
    for region in Region.objects.all():
        urls += [f"/oeffentlich/regionen/{region.ags}/",
                 f"/oeffentlich/2024/regionen/{region.ags}/"]
    for url in urls:
        response = get(url)
        assert response.status_code == 200, url
        html = body(response)
        assert "/oeffentlich/2025/" not in html, url
        assert "AQB 2025" not in html, url
        for amount in _unpublished_amounts():
            assert amount not in html, (url, amount)


# --- one region ------------------------------------------------------------------------------

def test_the_region_page_shows_its_allocation_over_the_published_years(ministry_user):
    year_with_allocations(ministry_user, 2023, publish=True, base=300_000)
    year_with_allocations(ministry_user, 2024, publish=True)
    year_with_allocations(ministry_user, 2025, publish=False, base=200_000)
    response = get(f"/oeffentlich/regionen/{WF}/")
    assert response.status_code == 200
    html = body(response)
    region = Region.objects.get(ags=WF)
    assert f"<h1 class=\"kern-heading-large\">{region.name}</h1>" in html
    rows = datasets.ALLOCATIONS.rows(region=region)
    assert [r["jahr"] for r in rows] == [2023, 2024]
    for r in rows:
        assert format_eur(r["zuweisung_aktuell"]) in html
        assert f'href="/oeffentlich/{r["jahr"]}/regionen/{WF}/"' in html
    assert format_eur(sum(r["zuweisung_aktuell"] for r in rows)) in html  # Summe
    assert 'role="img"' in html  # the bar chart over the years, beside the table
    for fmt in ("csv", "json", "xlsx"):
        assert f'href="{file_url("zuweisungen", fmt, ags=WF)}"' in html
    for amount in _unpublished_amounts():
        assert amount not in html


def test_the_year_region_page_names_year_and_region(years):
    response = get(f"/oeffentlich/2024/regionen/{WF}/")
    assert response.status_code == 200
    html = body(response)
    [row] = datasets.ALLOCATIONS.rows(year=2024, region=Region.objects.get(ags=WF))
    assert "Waldeck-Frankenberg: AQB 2024" in html
    assert format_eur(row["zuweisung"]) in html and format_eur(row["zuweisung_aktuell"]) in html
    assert format_date(date(2024, 7, 1)) in html
    assert f'href="/oeffentlich/regionen/{WF}/"' in html and 'href="/oeffentlich/2024/"' in html
    # the region's files across the years and the year's files
    assert f'href="{file_url("zuweisungen", "csv", ags=WF)}"' in html
    assert f'href="{file_url("zuweisungen", "csv", year=2024)}"' in html


def _published_agreement(ministry, py, region):
    from aqb.agreements import services as ag

    a = ag.agreement_create_draft(actor=ministry, region=region, programme_year=py)
    ag.agreement_add_project(actor=ministry, agreement=a, measure_number=1,
                             name="Werkstatt Zukunft")
    ag.agreement_agree(actor=ministry, agreement=a)
    ag.agreement_sign(actor=ministry, agreement=a, party="ministry", place="Wiesbaden",
                      day=date(2024, 3, 2), name="Heike Hofmann", title="Staatsministerin")
    ag.agreement_sign(actor=ministry, agreement=a, party="region", place="Korbach",
                      day=date(2024, 3, 13), name="Jürgen van der Horst", title="Landrat")
    return ag.agreement_publish(actor=ministry, agreement=a)


def _published_practice(ministry, py, region, title):
    from aqb.conferences import services as cs

    entry = cs.practice_save(actor=policy.SYSTEM, region=region, data=cs.PracticeData(
        measure_type=py.measure_types.get(number=1), title=title,
        what_worked="Feste Ansprechpersonen im Betrieb.", contact_office="Fachdienst Arbeit",
        contact_email="arbeit@example.org"))
    return cs.practice_publish(actor=ministry, entry=entry)


def test_the_region_page_lists_published_agreements_and_good_practice(ministry_user):
    py = year_with_allocations(ministry_user, 2024, publish=True)
    region = Region.objects.get(ags=WF)
    agreement = _published_agreement(ministry_user, py, region)
    _published_practice(ministry_user, py, region, "Ausbildung in Teilzeit")
    from aqb.conferences import services as cs
    draft = cs.practice_save(actor=policy.SYSTEM, region=region, data=cs.PracticeData(
        measure_type=py.measure_types.get(number=1), title="Entwurf ohne Freigabe",
        what_worked="x", contact_office="y", contact_email="y@example.org"))
    assert draft.status != "published"
    for url in (f"/oeffentlich/regionen/{WF}/", f"/oeffentlich/2024/regionen/{WF}/"):
        html = body(get(url))
        assert f'href="/veroeffentlicht/zielvereinbarungen/{agreement.pk}/"' in html
        assert "Ausbildung in Teilzeit" in html
        assert "Entwurf ohne Freigabe" not in html
    # another region's page has neither
    html = body(get("/oeffentlich/regionen/06411/"))
    assert "Ausbildung in Teilzeit" not in html
    assert f"/veroeffentlicht/zielvereinbarungen/{agreement.pk}/" not in html


# --- datasets registered by other parts (projects, participants): read generically -------------

def _projects_dataset(rows):
    return Dataset(
        slug="projekte", title="AQB: geförderte Projekte", description="Test",
        themes=("ECON",), keywords=("AQB",),
        fields=(YEAR, AGS, REGION,
                Field("projekt", "integer", "Projekt (Nummer)", "Laufende Nummer."),
                Field("name", "string", "Projekt", "Name des Projekts."),
                Field("massnahmeart", "integer", "Maßnahmeart", "Nummer 1 bis 4."),
                Field("massnahmeart_titel", "string", "Maßnahmeart (Bezeichnung)", "Titel."),
                Field("traeger", "string", "Träger", "Name des Trägers."),
                Field("bewilligt", "number", "Bewilligt (Euro)", "Bewilligter Betrag.")),
        row_function=lambda years, region: [
            r for r in rows if r["jahr"] in years and (region is None or
                                                       r["ags"] == region.ags)])


def _participants_dataset(rows):
    return Dataset(
        slug="teilnehmende", title="AQB: Teilnehmende", description="Test",
        themes=("SOCI",), keywords=("AQB",),
        fields=(YEAR, AGS, REGION,
                Field("eintritte", "integer", "Eintritte", "Anzahl."),
                Field("eintritte_geheim", "boolean", "Eintritte geheim", "Geheim gehalten."),
                Field("austritte", "integer", "Austritte", "Anzahl."),
                Field("austritte_geheim", "boolean", "Austritte geheim", "Geheim gehalten.")),
        row_function=lambda years, region: [
            r for r in rows if r["jahr"] in years and (region is None or
                                                       r["ags"] == region.ags)])


def _row(year, ags, **values):
    return {"jahr": year, "ags": ags,
            "gebietskoerperschaft": Region.objects.get(ags=ags).name, **values}


@pytest.fixture
def registered(monkeypatch, years):
    projects = [
        _row(2024, WF, projekt=17, name="Werkstatt Zukunft", massnahmeart=1,
             massnahmeart_titel="Ausbildungsvorbereitung", traeger="Bildungswerk Korbach",
             bewilligt=Decimal("48250.50")),
        _row(2024, WF, projekt=18, name="Teilzeit starten", massnahmeart=2,
             massnahmeart_titel="Ausbildung", traeger="Frauen in Arbeit e. V.",
             bewilligt=Decimal("31000.00")),
        _row(2025, WF, projekt=19, name="Geheimes Vorhaben", massnahmeart=1,
             massnahmeart_titel="Ausbildungsvorbereitung", traeger="Niemand",
             bewilligt=Decimal("99999.00")),
        _row(2024, "06411", projekt=20, name="Darmstädter Weg", massnahmeart=3,
             massnahmeart_titel="Qualifizierung", traeger="Bildungswerk Korbach",
             bewilligt=Decimal("12000.00")),
    ]
    participants = [
        _row(2024, WF, eintritte=None, eintritte_geheim=True, austritte=None,
             austritte_geheim=True),
        _row(2024, "06411", eintritte=1234, eintritte_geheim=False, austritte=0,
             austritte_geheim=False),
    ]
    monkeypatch.setitem(datasets._REGISTRY, "projekte", _projects_dataset(projects))
    monkeypatch.setitem(datasets._REGISTRY, "teilnehmende", _participants_dataset(participants))


def test_funded_projects_by_measure_type_with_provider_and_amount(registered):
    html = body(get(f"/oeffentlich/regionen/{WF}/"))
    assert "Maßnahmeart 1 – Ausbildungsvorbereitung" in html
    assert "Maßnahmeart 2 – Ausbildung" in html
    assert html.index("Werkstatt Zukunft") < html.index("Teilzeit starten")
    assert "Bildungswerk Korbach" in html and format_eur(Decimal("48250.50")) in html
    assert "Geheimes Vorhaben" not in html  # 2025 is not published (rows(year=...) decides)
    assert "Darmstädter Weg" not in html
    assert f'href="{file_url("projekte", "xlsx", ags=WF)}"' in html
    # the year's region page shows only that year
    html = body(get(f"/oeffentlich/2024/regionen/{WF}/"))
    assert "Werkstatt Zukunft" in html and "Geheimes Vorhaben" not in html


def test_participant_figures_show_the_suppression_sign_and_its_explanation(registered):
    html = body(get(f"/oeffentlich/regionen/{WF}/"))
    assert 'id="teilnehmende"' in html
    assert '<span aria-hidden="true">.</span><span class="kern-sr-only">geheim gehalten' in html
    assert EXPLANATION in html and "None" not in html
    html = body(get("/oeffentlich/2024/"))
    assert "1.234" in html and EXPLANATION in html
    assert f'href="{file_url("teilnehmende", "csv", year=2024)}"' in html


def test_sections_of_unregistered_datasets_are_absent(monkeypatch, years):
    for slug in ("projekte", "teilnehmende", "finanzen", "zielvereinbarungen"):
        monkeypatch.delitem(datasets._REGISTRY, slug, raising=False)
    for url in (f"/oeffentlich/regionen/{WF}/", "/oeffentlich/2024/"):
        html = body(get(url))
        assert 'id="projekte"' not in html and 'id="teilnehmende"' not in html
        assert "/opendata/daten/projekte/" not in html
        assert "/opendata/daten/teilnehmende/" not in html


# --- search ----------------------------------------------------------------------------------

def test_search_finds_regions_agreements_projects_and_practice(registered, ministry_user):
    from aqb.budgets.models import ProgrammeYear
    py = ProgrammeYear.objects.get(year=2024)
    region = Region.objects.get(ags=WF)
    agreement = _published_agreement(ministry_user, py, region)
    _published_practice(ministry_user, py, region, "Waldecker Ausbildungslotsen")
    html = body(get("/oeffentlich/suche/?q=waldeck"))
    assert "Suchergebnisse" in html
    assert 'href="/oeffentlich/regionen/06635/"' in html
    assert f'href="/veroeffentlicht/zielvereinbarungen/{agreement.pk}/"' in html
    assert "Werkstatt Zukunft" in html  # a project of the region
    assert "Waldecker Ausbildungslotsen" in html
    assert "Geheimes Vorhaben" not in html
    # by provider, by measure type, several words (all must match)
    html = body(get("/oeffentlich/suche/?q=Bildungswerk+Korbach"))
    assert "Werkstatt Zukunft" in html and "Darmstädter Weg" in html
    html = body(get("/oeffentlich/suche/?q=Qualifizierung+darmstadt"))
    assert "Darmstädter Weg" in html and "Werkstatt Zukunft" not in html
    html = body(get("/oeffentlich/suche/?q=Zielvereinbarung+2024+Waldeck"))
    assert f"/veroeffentlicht/zielvereinbarungen/{agreement.pk}/" in html


def test_search_without_a_query_or_with_a_short_one_answers_politely(years):
    html = body(get("/oeffentlich/suche/"))
    assert "Suchbegriff" in html and "Treffer" not in html
    response = get("/oeffentlich/suche/?q=a")
    assert response.status_code == 200
    assert "mindestens 2 Zeichen" in body(response)
    html = body(get("/oeffentlich/suche/?q=Xylophonorchester"))
    assert "Keine Treffer" in html


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300) | st.text(alphabet=string.punctuation + "%_\\'\"<>&;\x00 ",
                                       max_size=50))
def test_search_answers_any_text_without_error(years, text):
    response = Client().get("/oeffentlich/suche/", {"q": text})
    assert response.status_code == 200
    assert "<h1" in body(response)


def test_the_query_is_shown_escaped(years):
    html = body(get("/oeffentlich/suche/", {"q": "<script>alert(1)</script>"}))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_search_survives_repeated_and_huge_parameters(years):
    assert get("/oeffentlich/suche/?q=Kassel&q=Fulda").status_code == 200
    assert get("/oeffentlich/suche/?q=" + "Kassel%20" * 2000).status_code == 200
    assert get("/oeffentlich/suche/?q=%00%01%ff").status_code == 200


# --- cache and methods -----------------------------------------------------------------------

def test_public_pages_are_served_from_cache_until_the_data_change(ministry_user,
                                                                  django_assert_max_num_queries):
    py24 = year_with_allocations(ministry_user, 2024, publish=True)
    py25 = year_with_allocations(ministry_user, 2025, publish=False, base=200_000)
    first = get("/oeffentlich/")
    assert first.status_code == 200 and first["ETag"] and "Last-Modified" in first
    with django_assert_max_num_queries(1):  # the version of the data only
        again = get("/oeffentlich/")
    assert again.content == first.content
    assert get("/oeffentlich/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    from aqb.opendata.services import year_publish
    year_publish(actor=ministry_user, programme_year=py25)
    fresh = get("/oeffentlich/")
    assert 'href="/oeffentlich/2025/"' in body(fresh) and fresh["ETag"] != first["ETag"]
    assert get("/oeffentlich/2025/").status_code == 200
    assert py24.year == 2024


def test_logged_in_users_see_the_pages_with_their_navigation(years, region_user):
    client = Client()
    client.force_login(region_user)
    html = body(client.get(f"/oeffentlich/regionen/{WF}/"))
    assert "Abmelden" in html and "Waldeck-Frankenberg" in html


def test_the_pages_only_read(years):
    assert Client().post("/oeffentlich/suche/", {"q": "x"}).status_code in (403, 405)
    assert Client(enforce_csrf_checks=False).post("/oeffentlich/").status_code == 405
