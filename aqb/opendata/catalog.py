"""The DCAT-AP.de catalogue of the open data (docs/opendata.md), made with rdflib.

One `dcat:Catalog` names every dataset. The datasets come from the registry
(`datasets.datasets()`), so a dataset registered tomorrow appears here without a change:

- per registered dataset one dataset across all published years (stable URI
  `<base>/opendata/datensaetze/aqb-<slug>`), the one GovData should harvest first;
- per registered dataset with yearly files and published year one dataset for that year
  (`…/aqb-<slug>-<year>`), part of the one above (`dct:isPartOf`/`dct:hasPart`);
- per region (26) one dataset "AQB in <region>" with that region's files of every dataset;
- the published signed agreements as PDF distributions of the agreements dataset (if the
  registry has `zielvereinbarungen`).

Every dataset has one distribution per file format (CSV, JSON, XLSX) and, where a Data Package
descriptor describes its files, one for `datapackage.json`. Only published material appears:
years from `selectors.public_years()`, agreements from `published_list()` that have their
signed file. Without a published year the catalogue names no dataset.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from aqb.agreements.selectors import published_list
from aqb.regions.models import Region
from aqb.regions.selectors import MinistryNameMissing, ministry_on

from . import datasets as registry
from .cache import data_version
from .models import PublishedYear

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

THEME = "http://publications.europa.eu/resource/authority/data-theme/"
THEME_TAXONOMY = URIRef("http://publications.europa.eu/resource/authority/data-theme")
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
LANGUAGE_DE = URIRef("http://publications.europa.eu/resource/authority/language/DEU")
LICENSE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
LEVEL_STATE = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/state")
LEVEL_DISTRICT = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict")
HESSEN = URIRef("http://dcat-ap.de/def/politicalGeocoding/stateKey/06")
DISTRICT_KEY = "http://dcat-ap.de/def/politicalGeocoding/districtKey/"

AGREEMENTS_SLUG = "zielvereinbarungen"
PROGRAMME = "Ausbildungs- und Qualifizierungsbudget (AQB)"
PROGRAMME_GENITIVE = "Ausbildungs- und Qualifizierungsbudgets (AQB)"
FALLBACK_PUBLISHER = "Land Hessen, für das AQB zuständiges Ministerium"

PREFIXES = {
    "dcat": DCAT, "dct": DCTERMS, "dcatde": DCATDE, "foaf": FOAF, "vcard": VCARD,
    "xsd": XSD,
}
# The JSON-LD context: the same prefixes, so the JSON reads like the Turtle.
JSONLD_CONTEXT = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@dataclass(frozen=True)
class Dist:
    """One distribution: a file (or a descriptor) under `path`."""
    key: str            # unique within its dataset: "zuweisungen-csv", "pdf-17"
    title: str
    path: str           # site path; made absolute with the base URL
    media_type: str     # IANA media type, e.g. "text/csv"
    file_type: str      # EU file type, e.g. "CSV"
    modified: datetime.datetime | None = None
    issued: datetime.datetime | None = None


@dataclass
class Entry:
    """One dataset of the catalogue."""
    identifier: str
    title: str
    description: str
    themes: tuple[str, ...]
    keywords: tuple[str, ...]
    years: list[int]
    landing_path: str
    region: Region | None
    periodicity: str
    issued: datetime.datetime | None
    distributions: list[Dist] = field(default_factory=list)
    part_of: str | None = None   # identifier of the dataset across years


def base_url(request) -> str:
    """The public address the catalogue's URIs start with: the setting if configured, else the
    address of this request (`https://host`, no trailing slash)."""
    configured = getattr(settings, "AQB_PUBLIC_BASE_URL", None)
    if configured:
        return configured.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def _contact_email() -> str:
    from email.utils import parseaddr

    configured = getattr(settings, "AQB_OPENDATA_CONTACT_EMAIL", "")
    return configured or parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "aqb@localhost"


def _publisher_name(today: datetime.date) -> str:
    try:
        return ministry_on(today).name
    except MinistryNameMissing:
        return FALLBACK_PUBLISHER


def _file_dists(ds: registry.Dataset, label: str, *, year: int | None = None,
                ags: str | None = None, package: bool = True) -> list[Dist]:
    dists = [Dist(f"{ds.slug}-{fmt}", f"{ds.title} – {label} ({fmt.upper()})",
                  registry.file_url(ds, fmt, year=year, ags=ags), media, eu)
             for fmt, (media, eu) in registry.FORMATS.items()]
    if package:
        dists.append(Dist(f"{ds.slug}-datapackage",
                          f"{ds.title} – Data-Package-Beschreibung (datapackage.json)",
                          registry.package_url(ds), "application/json", "JSON"))
    return dists


def _pdf_dists(agreements: Iterable) -> list[Dist]:
    return [Dist(f"pdf-{a.pk}",
                 f"Zielvereinbarung {a.region.name} {a.programme_year.year} "
                 f"(Fassung {a.version}, unterzeichnet, PDF)",
                 reverse("public:pdf", args=[a.pk]), "application/pdf", "PDF",
                 modified=a.published_at, issued=a.published_at)
            for a in agreements]


def _in_region(region: Region) -> str:
    dative = region.forms.dative
    if dative.startswith("dem "):
        return "im " + dative[4:]
    return "in " + dative


def catalog_entries() -> list[Entry]:
    """Every dataset of the catalogue, from published material only."""
    published = dict(PublishedYear.objects.values_list("programme_year__year", "published_at"))
    years = sorted(published)
    if not years:
        return []
    first_issued = min(published.values())
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    kinds = registry.datasets()
    agreements = [a for a in published_list() if a.signed_file] \
        if any(ds.slug == AGREEMENTS_SLUG for ds in kinds) else []

    entries: list[Entry] = []
    for ds in kinds:
        whole = Entry(
            identifier=f"aqb-{ds.slug}", title=f"{ds.title} (alle Jahre)",
            description=f"{ds.description} Alle veröffentlichten Programmjahre ({span}) "
                        "in einer Tabelle.",
            themes=ds.themes, keywords=ds.keywords, years=years,
            landing_path="/opendata/", region=None, periodicity="ANNUAL",
            issued=first_issued,
            distributions=_file_dists(ds, "alle Jahre"))
        if ds.slug == AGREEMENTS_SLUG:
            whole.distributions += _pdf_dists(agreements)
        entries.append(whole)
        if not ds.per_year:
            continue
        for year in years:
            entry = Entry(
                identifier=f"aqb-{ds.slug}-{year}", title=f"{ds.title} – {year}",
                description=f"{ds.description} Programmjahr {year}.",
                themes=ds.themes, keywords=(*ds.keywords, str(year)), years=[year],
                landing_path=f"/oeffentlich/{year}/", region=None, periodicity="IRREG",
                issued=published[year], distributions=_file_dists(ds, str(year), year=year),
                part_of=whole.identifier)
            if ds.slug == AGREEMENTS_SLUG:
                entry.distributions += _pdf_dists(
                    a for a in agreements if a.programme_year.year == year)
            entries.append(entry)

    themes = tuple(dict.fromkeys(t for ds in kinds for t in ds.themes))
    keywords = tuple(dict.fromkeys(k for ds in kinds for k in ds.keywords))
    contents = ", ".join(ds.title.removeprefix("AQB: ") for ds in kinds)
    for region in Region.objects.order_by("ags"):
        dists: list[Dist] = []
        for ds in kinds:
            dists += _file_dists(ds, f"{region.name}, alle Jahre", ags=region.ags,
                                 package=False)
            if ds.slug == AGREEMENTS_SLUG:
                dists += _pdf_dists(a for a in agreements if a.region_id == region.pk)
        entries.append(Entry(
            identifier=f"aqb-region-{region.ags}", title=f"AQB {_in_region(region)}",
            description=(
                f"Die Daten des {PROGRAMME_GENITIVE} des Landes Hessen {_in_region(region)} "
                f"(Kreisschlüssel {region.ags}), alle veröffentlichten Programmjahre ({span}): "
                f"{contents}."),
            themes=themes, keywords=(*keywords, region.name), years=years,
            landing_path=f"/oeffentlich/regionen/{region.ags}/", region=region,
            periodicity="ANNUAL", issued=first_issued, distributions=dists))
    return entries


class _Builder:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        seq, when = data_version()
        self.version = _dt(when) if when else None
        today = timezone.localdate()
        self.publisher_name = _publisher_name(today)
        self.attribution = f"{self.publisher_name}, {PROGRAMME}"

    def url(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def dataset_iri(self, identifier: str) -> URIRef:
        return self.url(f"/opendata/datensaetze/{identifier}")

    def text(self, node, prop, value: str) -> None:
        self.g.add((node, prop, Literal(value, lang="de")))

    def agents(self) -> tuple[URIRef, URIRef]:
        g = self.g
        publisher = self.url("/opendata/herausgeber")
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, RDF.type, FOAF.Organization))
        self.text(publisher, FOAF.name, self.publisher_name)
        g.add((publisher, DCTERMS.type, PUBLISHER_TYPE))
        contact = self.url("/opendata/kontakt")
        g.add((contact, RDF.type, VCARD.Organization))
        self.text(contact, VCARD.fn, f"{self.publisher_name} – Offene Daten des AQB")
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{_contact_email()}")))
        g.add((contact, VCARD.hasURL, self.url("/opendata/")))
        return publisher, contact

    def build(self, entries: list[Entry]) -> Graph:
        g = self.g
        publisher, contact = self.agents()
        catalog = self.url("/opendata/catalog")
        g.add((catalog, RDF.type, DCAT.Catalog))
        self.text(catalog, DCTERMS.title, f"Offene Daten des {PROGRAMME_GENITIVE}")
        self.text(catalog, DCTERMS.description, (
            f"Offene Daten des {PROGRAMME_GENITIVE} des Landes Hessen: Zuweisungen an die 26 "
            "Landkreise und kreisfreien Städte, Änderungen im Jahresverlauf und die weiteren "
            "veröffentlichten Datensätze, je Programmjahr, über alle Jahre und je "
            "Gebietskörperschaft, als CSV, JSON und XLSX mit Data-Package-Beschreibung."))
        g.add((catalog, DCTERMS.publisher, publisher))
        g.add((catalog, DCTERMS.language, LANGUAGE_DE))
        g.add((catalog, FOAF.homepage, self.url("/opendata/")))
        g.add((catalog, DCTERMS.license, LICENSE))
        g.add((catalog, DCAT.themeTaxonomy, THEME_TAXONOMY))
        g.add((catalog, DCTERMS.spatial, HESSEN))
        issued = [e.issued for e in entries if e.issued]
        if issued:
            g.add((catalog, DCTERMS.issued, _dt(min(issued))))
        if self.version:
            g.add((catalog, DCTERMS.modified, self.version))
        for entry in entries:
            g.add((catalog, DCAT.dataset, self.dataset(entry, publisher, contact)))
        return g

    def dataset(self, entry: Entry, publisher: URIRef, contact: URIRef) -> URIRef:
        g = self.g
        node = self.dataset_iri(entry.identifier)
        g.add((node, RDF.type, DCAT.Dataset))
        self.text(node, DCTERMS.title, entry.title)
        self.text(node, DCTERMS.description, entry.description)
        g.add((node, DCTERMS.identifier, Literal(str(node))))
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCAT.contactPoint, contact))
        for theme in entry.themes:
            g.add((node, DCAT.theme, URIRef(THEME + theme)))
        for keyword in entry.keywords:
            self.text(node, DCAT.keyword, keyword)
        period = BNode()
        g.add((node, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(datetime.date(min(entry.years), 1, 1),
                                               datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(datetime.date(max(entry.years), 12, 31),
                                             datatype=XSD.date)))
        if entry.issued:
            g.add((node, DCTERMS.issued, _dt(entry.issued)))
        modified = self.version or (_dt(entry.issued) if entry.issued else None)
        if modified is not None:
            g.add((node, DCTERMS.modified, modified))
        if entry.region is None:
            level, place = LEVEL_STATE, HESSEN
        else:
            level, place = LEVEL_DISTRICT, URIRef(DISTRICT_KEY + entry.region.ags)
        g.add((node, DCATDE.politicalGeocodingLevelURI, level))
        g.add((node, DCATDE.politicalGeocodingURI, place))
        g.add((node, DCTERMS.spatial, place))
        g.add((place, RDF.type, DCTERMS.Location))
        g.add((node, DCATDE.contributorID, URIRef(settings.AQB_DCAT_CONTRIBUTOR_ID)))
        g.add((node, DCTERMS.license, LICENSE))
        g.add((node, DCTERMS.accrualPeriodicity, URIRef(FREQUENCY + entry.periodicity)))
        g.add((node, DCAT.landingPage, self.url(entry.landing_path)))
        g.add((node, DCTERMS.language, LANGUAGE_DE))
        if entry.part_of:
            whole = self.dataset_iri(entry.part_of)
            g.add((node, DCTERMS.isPartOf, whole))
            g.add((whole, DCTERMS.hasPart, node))
        for dist in entry.distributions:
            g.add((node, DCAT.distribution, self.distribution(node, dist, modified)))
        return node

    def distribution(self, dataset: URIRef, dist: Dist, modified) -> URIRef:
        g = self.g
        node = URIRef(f"{dataset}/{dist.key}")
        url = self.url(dist.path)
        g.add((node, RDF.type, DCAT.Distribution))
        self.text(node, DCTERMS.title, dist.title)
        g.add((node, DCAT.accessURL, url))
        g.add((node, DCAT.downloadURL, url))
        g.add((node, DCTERMS.format, URIRef(FILE_TYPE + dist.file_type)))
        g.add((node, DCAT.mediaType, URIRef(MEDIA_TYPE + dist.media_type)))
        g.add((node, DCTERMS.license, LICENSE))
        self.text(node, DCATDE.licenseAttributionByText, self.attribution)
        if dist.issued:
            g.add((node, DCTERMS.issued, _dt(dist.issued)))
        own = _dt(dist.modified) if dist.modified else modified
        if own is not None:
            g.add((node, DCTERMS.modified, own))
        return node


def _dt(value: datetime.datetime) -> Literal:
    if isinstance(value, Literal):
        return value
    local = timezone.localtime(value).replace(microsecond=0)
    return Literal(local.isoformat(), datatype=XSD.dateTime)


def catalog_graph(base: str) -> Graph:
    """The catalogue as an rdflib graph, its URIs starting with `base` (`https://host`)."""
    return _Builder(base).build(catalog_entries())


def catalog_turtle(base: str) -> bytes:
    return catalog_graph(base).serialize(format="turtle", encoding="utf-8")


def catalog_jsonld(base: str) -> bytes:
    return catalog_graph(base).serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1,
                                         encoding="utf-8")
