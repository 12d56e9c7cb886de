"""The DCAT-AP.de catalogue: validated with pyshacl against aqb/opendata/shapes (the official
DCAT-AP.de shapes are not available as a package), both serialisations, downloads, nothing
unpublished, cache validators and CORS."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from pyshacl import validate
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, SH, XSD

from aqb.agreements import services as ag
from aqb.agreements.models import Agreement
from aqb.budgets.models import ProgrammeYear
from aqb.opendata import catalog, datasets, services
from aqb.opendata.catalog import DCATDE, VCARD
from aqb.regions.models import Region

from .helpers import year_with_allocations

pytestmark = pytest.mark.django_db

SHAPES = Path(catalog.__file__).parent / "shapes" / "dcat-ap-de-aqb.ttl"
TTL = "/opendata/catalog.ttl"
JSONLD = "/opendata/catalog.jsonld"
BASE = "http://testserver"


def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def conforms(data: Graph, shapes_graph: Graph | None = None) -> tuple[bool, str]:
    ok, _, text = validate(data, shacl_graph=shapes_graph or shapes(), inference="none",
                           advanced=False)
    return ok, text


def fetch(client, url=TTL) -> Graph:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    fmt = "turtle" if url.endswith(".ttl") else "json-ld"
    return Graph().parse(data=response.content, format=fmt)


def published_agreement(ministry, programme_year: ProgrammeYear, ags: str, *,
                        publish: bool = True) -> Agreement:
    a = ag.agreement_create_draft(actor=ministry, region=Region.objects.get(ags=ags),
                                  programme_year=programme_year)
    ag.agreement_agree(actor=ministry, agreement=a)
    ag.agreement_sign(actor=ministry, agreement=a, party="ministry", place="Wiesbaden",
                      day=date(programme_year.year, 8, 2), name="Heike Hofmann",
                      title="Staatsministerin")
    a = ag.agreement_sign(actor=ministry, agreement=a, party="region", place="Korbach",
                          day=date(programme_year.year, 8, 13), name="Karl-Friedrich Frese",
                          title="Erster Kreisbeigeordneter")
    if publish:
        a = ag.agreement_publish(actor=ministry, agreement=a)
    return a


@pytest.fixture
def world(ministry_user):
    """2024 published (with a published signed agreement for 06635), 2025 not published
    (with a signed but unpublished agreement and a draft)."""
    py24 = year_with_allocations(ministry_user, 2024, publish=True)
    py25 = year_with_allocations(ministry_user, 2025, publish=False)
    published = published_agreement(ministry_user, py24, "06635")
    unpublished = published_agreement(ministry_user, py25, "06635", publish=False)
    draft = ag.agreement_create_draft(actor=ministry_user, region=Region.objects.get(ags="06611"),
                                      programme_year=py25)
    return {"py24": py24, "py25": py25, "published": published, "unpublished": unpublished,
            "draft": draft}


def dataset(g: Graph, identifier: str) -> URIRef:
    node = URIRef(f"{BASE}/opendata/datensaetze/{identifier}")
    assert (node, RDF.type, DCAT.Dataset) in g, identifier
    return node


# --- validation ------------------------------------------------------------------------------

def test_the_catalogue_conforms_to_the_dcat_ap_de_shapes(client, world):
    response = client.get(TTL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    g = Graph().parse(data=response.content, format="turtle")
    ok, report = conforms(g)
    assert ok, report
    for dist in g.subjects(RDF.type, DCAT.Distribution):
        assert len(list(g.objects(dist, DCAT.downloadURL))) == 1, dist
    [cat] = g.subjects(RDF.type, DCAT.Catalog)
    kinds = datasets.datasets()
    yearly = [ds for ds in kinds if ds.per_year]
    # across years + per published year (only 2024) + 26 regions
    assert len(list(g.objects(cat, DCAT.dataset))) == len(kinds) + len(yearly) + 26


def test_the_official_shapes_are_not_a_package_so_ours_cover_every_named_property():
    """The properties issue 12 names must each be required by our shapes (sh:minCount 1)."""
    g = shapes()
    required = {(shape, g.value(p, SH.path)) for shape in g.subjects(RDF.type, SH.NodeShape)
                for p in g.objects(shape, SH.property) if (g.value(p, SH.minCount) or 0) >= 1}
    paths = {path for _, path in required}
    named = {DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.theme,
             DCTERMS.temporal, DCTERMS.modified, DCATDE.politicalGeocodingLevelURI,
             DCATDE.politicalGeocodingURI, DCATDE.contributorID, DCTERMS.license,
             DCAT.distribution, DCAT.accessURL, DCAT.downloadURL, DCTERMS.format,
             DCAT.mediaType, DCAT.dataset, DCTERMS.identifier, DCAT.contactPoint,
             DCAT.keyword, DCTERMS.issued, DCTERMS.accrualPeriodicity, DCTERMS.spatial,
             DCAT.landingPage, DCTERMS.language, FOAF.homepage, FOAF.name, VCARD.hasEmail,
             DCAT.startDate, DCAT.endDate}
    assert named <= paths, named - paths


def _closure(g: Graph, start, keep_dataset: URIRef) -> Graph:
    """The catalogue reduced to one dataset: everything reachable from `start`, but only the
    one dataset (and no links to its sibling datasets)."""
    out, todo, seen = Graph(), [start], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in g.predicate_objects(node):
            if p == DCAT.dataset and o != keep_dataset:
                continue
            if p in (DCTERMS.isPartOf, DCTERMS.hasPart):
                continue
            out.add((node, p, o))
            if isinstance(o, (URIRef, BNode)):
                todo.append(o)
    return out


def test_removing_any_required_property_fails_validation(client, world):
    """The check really checks: for every property our shapes require, a catalogue without it
    (on one node) does not conform."""
    full = fetch(client)
    ds = dataset(full, "aqb-zuweisungen-2024")
    [cat] = full.subjects(RDF.type, DCAT.Catalog)
    small = _closure(full, cat, ds)
    sg = shapes()
    ok, report = conforms(small, sg)
    assert ok, report
    focus = {
        "CatalogShape": cat, "DatasetShape": ds,
        "DistributionShape": next(small.objects(ds, DCAT.distribution)),
        "AgentShape": small.value(ds, DCTERMS.publisher),
        "ContactShape": small.value(ds, DCAT.contactPoint),
        "PeriodShape": small.value(ds, DCTERMS.temporal),
    }
    checked = []
    for shape in sg.subjects(RDF.type, SH.NodeShape):
        name = str(shape).rsplit("#", 1)[1]
        for prop in sg.objects(shape, SH.property):
            if (sg.value(prop, SH.minCount) or Literal(0)).toPython() < 1:
                continue
            path = sg.value(prop, SH.path)
            node = focus[name]
            broken = Graph()
            for triple in small:
                broken.add(triple)
            assert (node, path, None) in broken, f"{name}: {path} fehlt schon vorher"
            broken.remove((node, path, None))
            ok, _ = conforms(broken, sg)
            assert not ok, f"{name}: ohne {path} trotzdem gültig"
            checked.append((name, path))
    assert len(checked) >= 35


@pytest.mark.parametrize("prop, bad", [
    (DCAT.theme, URIRef("http://example.org/theme/ECON")),
    (DCATDE.contributorID, URIRef("http://example.org/contributors/hessen")),
    (DCATDE.politicalGeocodingURI, URIRef("http://dcat-ap.de/def/politicalGeocoding/districtKey/6635")),
    (DCATDE.politicalGeocodingLevelURI, URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/land")),
    (DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")),
    (DCTERMS.modified, Literal("gestern")),
    (DCTERMS.title, Literal("Zuweisungen", lang="en")),
])
def test_a_value_outside_its_vocabulary_fails_validation(client, world, prop, bad):
    full = fetch(client)
    ds = dataset(full, "aqb-zuweisungen-2024")
    [cat] = full.subjects(RDF.type, DCAT.Catalog)
    small = _closure(full, cat, ds)
    small.remove((ds, prop, None))
    small.add((ds, prop, bad))
    ok, _ = conforms(small)
    assert not ok


def test_distribution_vocabularies_are_checked(client, world):
    full = fetch(client)
    ds = dataset(full, "aqb-zuweisungen-2024")
    [cat] = full.subjects(RDF.type, DCAT.Catalog)
    for prop, bad in [(DCTERMS.format, Literal("CSV")),
                      (DCAT.mediaType, URIRef("http://example.org/text/csv"))]:
        small = _closure(full, cat, ds)
        dist = next(small.objects(ds, DCAT.distribution))
        small.remove((dist, prop, None))
        small.add((dist, prop, bad))
        assert not conforms(small)[0], prop


# --- content -----------------------------------------------------------------------------

def test_both_serialisations_parse_to_the_same_graph(client, world):
    response = client.get(JSONLD)
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "@context" in json.loads(response.content)
    assert isomorphic(fetch(client, TTL), fetch(client, JSONLD))


def test_datasets_carry_geocoding_time_and_distributions(client, world):
    g = fetch(client)
    year = dataset(g, "aqb-zuweisungen-2024")
    assert (year, DCATDE.politicalGeocodingLevelURI,
            URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/state")) in g
    assert (year, DCATDE.politicalGeocodingURI,
            URIRef("http://dcat-ap.de/def/politicalGeocoding/stateKey/06")) in g
    assert (year, DCTERMS.license, URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")) in g
    assert (year, DCAT.theme,
            URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")) in g
    assert (year, DCAT.landingPage, URIRef(f"{BASE}/oeffentlich/2024/")) in g
    assert (year, DCTERMS.isPartOf, dataset(g, "aqb-zuweisungen")) in g
    period = g.value(year, DCTERMS.temporal)
    assert g.value(period, DCAT.startDate) == Literal(date(2024, 1, 1), datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == Literal(date(2024, 12, 31), datatype=XSD.date)
    files = {(str(g.value(d, DCAT.downloadURL)).rsplit("/", 1)[1],
              str(g.value(d, DCTERMS.format)).rsplit("/", 1)[1])
             for d in g.objects(year, DCAT.distribution)}
    assert files == {("zuweisungen-2024.csv", "CSV"), ("zuweisungen-2024.json", "JSON"),
                     ("zuweisungen-2024.xlsx", "XLSX"), ("datapackage.json", "JSON")}
    media = {str(g.value(d, DCAT.mediaType)) for d in g.objects(year, DCAT.distribution)}
    assert "https://www.iana.org/assignments/media-types/text/csv" in media
    assert ("https://www.iana.org/assignments/media-types/application/"
            "vnd.openxmlformats-officedocument.spreadsheetml.sheet") in media

    region = dataset(g, "aqb-region-06635")
    assert "Waldeck-Frankenberg" in str(g.value(region, DCTERMS.title))
    assert (region, DCATDE.politicalGeocodingLevelURI, URIRef(
        "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict")) in g
    assert (region, DCATDE.politicalGeocodingURI,
            URIRef("http://dcat-ap.de/def/politicalGeocoding/districtKey/06635")) in g
    urls = {str(g.value(d, DCAT.downloadURL)) for d in g.objects(region, DCAT.distribution)}
    assert f"{BASE}/opendata/daten/zuweisungen/zuweisungen-alle-jahre-06635.csv" in urls
    assert (region, DCAT.landingPage, URIRef(f"{BASE}/oeffentlich/regionen/06635/")) in g

    publisher = g.value(year, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in g and g.value(publisher, FOAF.name)
    contact = g.value(year, DCAT.contactPoint)
    assert str(g.value(contact, VCARD.hasEmail)).startswith("mailto:")
    assert g.value(year, DCATDE.contributorID) == URIRef(
        "http://dcat-ap.de/def/contributors/landHessen")


def test_signed_agreements_are_pdf_distributions_if_the_registry_has_them(client, world,
                                                                          monkeypatch):
    pdf = f"{BASE}/veroeffentlicht/zielvereinbarungen/{world['published'].pk}/unterzeichnet.pdf"
    if catalog.AGREEMENTS_SLUG not in {ds.slug for ds in datasets.datasets()}:
        assert pdf not in client.get(TTL).content.decode()
        fake = datasets.Dataset(
            slug=catalog.AGREEMENTS_SLUG, title="AQB: Zielvereinbarungen",
            description="Die veröffentlichten Zielvereinbarungen.", themes=("GOVE",),
            keywords=("Zielvereinbarung",), fields=(datasets.YEAR,),
            row_function=lambda years, region: [])
        monkeypatch.setitem(datasets._REGISTRY, catalog.AGREEMENTS_SLUG, fake)
    g = Graph().parse(data=catalog.catalog_turtle(BASE), format="turtle")
    for identifier in ("aqb-zielvereinbarungen", "aqb-zielvereinbarungen-2024",
                       "aqb-region-06635"):
        node = dataset(g, identifier)
        pdfs = [d for d in g.objects(node, DCAT.distribution)
                if str(g.value(d, DCAT.downloadURL)) == pdf]
        assert len(pdfs) == 1, identifier
        [d] = pdfs
        assert g.value(d, DCTERMS.format) == URIRef(
            "http://publications.europa.eu/resource/authority/file-type/PDF")
        assert g.value(d, DCAT.mediaType) == URIRef(
            "https://www.iana.org/assignments/media-types/application/pdf")
    assert conforms(g)[0]
    assert client.get(urlparse(pdf).path).status_code == 200


def test_a_newly_registered_dataset_appears_without_a_change_here(client, world, monkeypatch):
    fake = datasets.Dataset(
        slug="beispiel", title="AQB: Beispiel", description="Ein Beispiel.",
        themes=("EDUC",), keywords=("Beispiel",), fields=(datasets.YEAR,),
        row_function=lambda years, region: [], per_year=False)
    monkeypatch.setitem(datasets._REGISTRY, "beispiel", fake)
    g = Graph().parse(data=catalog.catalog_turtle(BASE), format="turtle")
    node = dataset(g, "aqb-beispiel")
    assert (URIRef(f"{BASE}/opendata/datensaetze/aqb-beispiel-2024"), None, None) not in g
    assert len(list(g.objects(node, DCAT.distribution))) == 4
    assert conforms(g)[0]


# --- only published material ---------------------------------------------------------------

def test_unpublished_years_and_drafts_never_appear(client, world, ministry_user):
    body = client.get(TTL).content.decode() + client.get(JSONLD).content.decode()
    for absent in ("-2025.", "/oeffentlich/2025/", "aqb-zuweisungen-2025", "2025-12-31",
                   f"/{world['unpublished'].pk}/unterzeichnet.pdf",
                   f"/{world['draft'].pk}/", "Hofmann", "Frese"):
        assert absent not in body, absent
    assert f"/{world['published'].pk}/" not in body or catalog.AGREEMENTS_SLUG in {
        ds.slug for ds in datasets.datasets()}

    services.year_publish(actor=ministry_user, programme_year=world["py25"])
    g = fetch(client)
    dataset(g, "aqb-zuweisungen-2025")
    assert conforms(g)[0]
    services.year_withdraw(actor=ministry_user, programme_year=world["py25"])
    assert "aqb-zuweisungen-2025" not in client.get(TTL).content.decode()


def test_without_a_published_year_the_catalogue_names_no_dataset(client, ministry_user):
    year_with_allocations(ministry_user, 2025, publish=False)
    g = fetch(client)
    [cat] = g.subjects(RDF.type, DCAT.Catalog)
    assert not list(g.objects(cat, DCAT.dataset))
    assert not list(g.subjects(RDF.type, DCAT.Dataset))


# --- downloads -----------------------------------------------------------------------------

def test_every_download_url_answers(client, world):
    """Every downloadURL (and accessURL) of the catalogue is served: 200 from its view."""
    g = fetch(client)
    urls = sorted({str(u) for p in (DCAT.downloadURL, DCAT.accessURL)
                   for u in g.objects(None, p)})
    assert len(urls) > 100
    for url in urls:
        assert url.startswith(BASE + "/"), url
        path = urlparse(url).path
        try:
            resolve(path)
        except Resolver404:
            pytest.fail(f"{path}: keine View")
        response = Client().get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"


# --- cache, base URL -------------------------------------------------------------------------

def test_etag_304_and_a_new_version_after_a_change(client, world, ministry_user):
    first = client.get(TTL)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(TTL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    jsonld = client.get(JSONLD)
    assert jsonld["ETag"] != first["ETag"]
    assert client.get(JSONLD, HTTP_IF_NONE_MATCH=jsonld["ETag"]).status_code == 304
    services.year_publish(actor=ministry_user, programme_year=world["py25"])
    fresh = client.get(TTL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200 and b"aqb-zuweisungen-2025" in fresh.content


def test_the_configured_public_base_url_is_used(client, world, settings):
    settings.AQB_PUBLIC_BASE_URL = "https://daten.example.de"
    g = fetch(client)
    subjects = {str(s) for s in g.subjects() if isinstance(s, URIRef)
                and not str(s).startswith("http://dcat-ap.de/def/")}
    assert subjects and all(s.startswith("https://daten.example.de/") for s in subjects)
    assert not any("testserver" in str(o) for o in g.objects())


def test_only_safe_methods(client, world):
    assert Client(enforce_csrf_checks=False).post(TTL).status_code == 405
