"""The public read API /api/v1/public/: the data of the open-data files, only published years,
ETag/304, the rate limit with a German 429, CORS, the OpenAPI document."""

import time
from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from aqb.api.models import RateWindow
from aqb.api.public import json_row
from aqb.api.ratelimit import rate_check
from aqb.budgets import changes
from aqb.budgets.models import ProgrammeYear
from aqb.opendata.datasets import dataset_get, datasets
from aqb.opendata.tests.helpers import year_with_allocations
from aqb.regions.models import Region

pytestmark = pytest.mark.django_db

BASE = "/api/v1/public"
PUBLISHED, HIDDEN = 2024, 2031
HIDDEN_BASE = 777_000  # allocations of the unpublished year: 777000.00, 778000.00, …


@pytest.fixture
def years(ministry_user):
    year_with_allocations(ministry_user, PUBLISHED, publish=True)
    year_with_allocations(ministry_user, HIDDEN, publish=False, base=HIDDEN_BASE)
    return ministry_user


def get(path, **headers):
    return Client().get(BASE + path, **headers)


def hidden_amounts() -> list[str]:
    return [f"{HIDDEN_BASE + 1000 * n}.00" for n in range(26)] + \
        [f"{HIDDEN_BASE + 1000 * n}" for n in range(0, 26, 5)]


# --- data ------------------------------------------------------------------------------------

def test_every_dataset_answers_the_rows_of_the_registry(years):
    own = Region.objects.get(ags="06635")
    for d in datasets():
        for query, kwargs in (("", {}), (f"?year={PUBLISHED}", {"year": PUBLISHED}),
                              ("?region=06635", {"region": own}),
                              (f"?year={PUBLISHED}&region=06635",
                               {"year": PUBLISHED, "region": own})):
            r = get(f"/datasets/{d.slug}{query}")
            if "year" in kwargs and PUBLISHED not in d.years():  # e.g. no agreement published
                assert r.status_code == 404, (d.slug, query)
                continue
            assert r.status_code == 200, (d.slug, query, r.content)
            body = r.json()
            assert body["rows"] == [json_row(row) for row in d.rows(**kwargs)], (d.slug, query)
            assert body["count"] == len(body["rows"])
            assert [f["name"] for f in body["fields"]] == d.field_names


def test_money_is_an_exact_decimal_string(years):
    rows = get("/datasets/zuweisungen?region=06635").json()["rows"]
    assert rows == [{"jahr": PUBLISHED, "ags": "06635",
                     "gebietskoerperschaft": Region.objects.get(ags="06635").name,
                     "zuweisung": "124000.00", "aenderungen": "-5000.00",
                     "zuweisung_aktuell": "119000.00"}]
    registry = dataset_get("zuweisungen").rows(region=Region.objects.get(ags="06635"))
    assert Decimal(rows[0]["zuweisung_aktuell"]) == registry[0]["zuweisung_aktuell"]
    changes = get("/datasets/aenderungen").json()["rows"]
    assert [(c["wirksam_ab"], c["betrag"]) for c in changes] == [(f"{PUBLISHED}-07-01",
                                                                  "-5000.00")]


def test_years_lists_published_years_with_totals(years):
    body = get("/years").json()
    assert [y["year"] for y in body] == [PUBLISHED]
    expected = sum(Decimal(100_000 + 1000 * n) for n in range(26)) - 5000
    assert body[0]["total"] == "5000000.00"
    assert body[0]["allocated"] == f"{expected}.00"
    assert body[0]["regions"] == 26


def test_datasets_describe_fields_files_and_the_api(years):
    body = get("/datasets").json()
    assert [d["slug"] for d in body] == [d.slug for d in datasets()]
    first = body[0]
    assert first["years"] == [PUBLISHED]
    assert first["api_url"].endswith(f"{BASE}/datasets/{first['slug']}")
    assert first["datapackage_url"].endswith(f"/opendata/daten/{first['slug']}/datapackage.json")
    urls = {(f["format"], f["year"]) for f in first["files"]}
    assert {("csv", None), ("json", None), ("xlsx", None), ("csv", PUBLISHED)} <= urls
    assert all(f["name"] and f["title"] and f["description"] for f in first["fields"])


def test_regions_and_one_region(years):
    body = get("/regions").json()
    assert len(body) == 26 and body[0]["ags"] == "06411"
    one = get("/regions/06635").json()
    assert one["name"] == Region.objects.get(ags="06635").name
    assert [a["jahr"] for a in one["allocations"]] == [PUBLISHED]
    assert one["allocations"][0]["zuweisung_aktuell"] == "119000.00"
    assert {d["slug"] for d in one["datasets"]} == {d.slug for d in datasets()}
    assert all(d["api_url"].endswith("region=06635") for d in one["datasets"])


def test_an_unpublished_year_is_absent_and_404(years):
    r = get(f"/datasets/zuweisungen?year={HIDDEN}")
    assert r.status_code == 404 and r["Content-Type"] == "application/problem+json"
    assert r.json()["detail"] == "Für dieses Jahr sind keine Daten veröffentlicht."
    for path in ["/years", "/datasets", "/regions", "/regions/06635",
                 *[f"/datasets/{d.slug}" for d in datasets()],
                 *[f"/datasets/{d.slug}?region=06635" for d in datasets()]]:
        r = get(path)
        assert r.status_code == 200, path
        text = r.content.decode()
        assert str(HIDDEN) not in text, path
        assert not [a for a in hidden_amounts() if a in text], path


def test_nothing_is_public_before_a_year_is_published(ministry_user):
    year_with_allocations(ministry_user, HIDDEN, publish=False)
    assert get("/years").json() == []
    assert get("/datasets/zuweisungen").json()["rows"] == []
    assert get("/regions/06635").json()["allocations"] == []


@pytest.mark.parametrize(("path", "status", "detail"), [
    ("/datasets/gibt-es-nicht", 404, "Diesen Datensatz gibt es nicht."),
    ("/regions/06999", 404, "Eine Gebietskörperschaft mit dem Schlüssel 06999 gibt es nicht."),
    ("/datasets/zuweisungen?region=06999", 404,
     "Eine Gebietskörperschaft mit dem Schlüssel 06999 gibt es nicht."),
    ("/datasets/zuweisungen?year=1999", 422, "year: Der Wert ist zu klein (mindestens 2000)."),
    ("/datasets/zuweisungen?year=zwei", 422, "year: Bitte eine ganze Zahl angeben."),
    ("/datasets/zuweisungen?region=6635", 422,
     "region: Das Format stimmt nicht (erwartet: ^\\d{5}$)."),
    ("/regions/abcde", 422, "ags: Das Format stimmt nicht (erwartet: ^\\d{5}$)."),
])
def test_errors_are_german_problem_details(years, path, status, detail):
    r = get(path)
    assert r.status_code == status
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["detail"] == detail
    assert r["Access-Control-Allow-Origin"] == "*"


def test_no_token_is_needed_and_a_bad_one_is_ignored(years):
    assert get("/years", HTTP_AUTHORIZATION="Bearer aqb_falsch").status_code == 200


def test_only_reading_methods(years):
    r = Client().post(f"{BASE}/years", {"x": "1"})
    assert r.status_code == 405 and r["Allow"] == "GET, HEAD, OPTIONS"
    assert r["Content-Type"] == "application/problem+json"
    head = Client().head(f"{BASE}/years")
    assert head.status_code == 200 and head["ETag"] and head.content == b""


# --- caching ---------------------------------------------------------------------------------

def test_etag_and_last_modified_give_304_until_the_data_change(years):
    first = get("/datasets/zuweisungen")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified and first["Cache-Control"].startswith("public")
    same = get("/datasets/zuweisungen", HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304 and same.content == b""
    assert same["ETag"] == etag and same["Access-Control-Allow-Origin"] == "*"
    assert get("/datasets/zuweisungen", HTTP_IF_NONE_MATCH=f'W/{etag}').status_code == 304
    assert get("/datasets/zuweisungen",
               HTTP_IF_NONE_MATCH=f'"anders", {etag}').status_code == 304
    assert get("/datasets/zuweisungen", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # another URL has another ETag
    assert get("/datasets/zuweisungen?region=06635", HTTP_IF_NONE_MATCH=etag).status_code == 200
    old = http_date(time.time() - 86400)
    assert get("/datasets/zuweisungen", HTTP_IF_MODIFIED_SINCE=old).status_code == 200

    # an audited change: a new version, the old validators no longer match
    changes.allocation_change_record(
        actor=years, programme_year=ProgrammeYear.objects.get(year=PUBLISHED), kind="cut",
        effective_date=date(PUBLISHED, 9, 1), reason="Zweite Sperre",
        lines=[changes.ChangeLine(Region.objects.get(ags="06635"), None, Decimal("-1000"))])
    changed = get("/datasets/zuweisungen", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    row = [r for r in changed.json()["rows"] if r["ags"] == "06635"][0]
    assert row["aenderungen"] == "-6000.00" and row["zuweisung_aktuell"] == "118000.00"


def test_later_answers_come_from_the_cache(years):
    with CaptureQueriesContext(connection) as first:
        a = get("/regions/06635")
    with CaptureQueriesContext(connection) as later:
        b = get("/regions/06635")
    assert a.content == b.content
    # the counter and the data version; no query for the data itself
    reads = [q["sql"] for q in later.captured_queries if q["sql"].startswith("SELECT")]
    assert len(later.captured_queries) < len(first.captured_queries)
    assert all("audit" in sql for sql in reads), reads


# --- rate limit ------------------------------------------------------------------------------

@override_settings(AQB_PUBLIC_API_RATE=3)
def test_more_than_the_limit_is_429_in_german_with_retry_after(years):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert client.get(f"{BASE}/years").status_code == 200
    r = client.get(f"{BASE}/regions")
    assert r.status_code == 429
    assert r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["title"] == "Zu viele Anfragen" and body["status"] == 429
    assert body["detail"].startswith("Zu viele Anfragen: Die öffentliche Schnittstelle "
                                     "beantwortet höchstens 3 Anfragen je Minute und Client.")
    assert 1 <= int(r["Retry-After"]) <= 60
    assert r["Access-Control-Allow-Origin"] == "*"
    # a conditional request counts too; a preflight does not
    assert client.get(f"{BASE}/years", HTTP_IF_NONE_MATCH='"x"').status_code == 429
    assert client.options(f"{BASE}/years").status_code == 204
    # another client is not affected; the token API has no such limit
    assert Client(REMOTE_ADDR="203.0.113.8").get(f"{BASE}/years").status_code == 200
    assert client.get("/api/v1/regions").status_code == 401


@override_settings(AQB_PUBLIC_API_RATE=2, AQB_TRUSTED_PROXIES=0)
def test_a_forwarded_for_header_is_ignored_without_a_trusted_proxy(years):
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.get(f"{BASE}/years", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
                for n in range(3)]
    assert statuses == [200, 200, 429]


@override_settings(AQB_PUBLIC_API_RATE=2, AQB_TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_the_forwarded_address_counts(years):
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    statuses = [proxy.get(f"{BASE}/years", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
                for n in (1, 2, 3, 1, 1)]
    assert statuses == [200, 200, 200, 200, 429]


@override_settings(AQB_PUBLIC_API_RATE=2)
def test_a_new_minute_opens_a_new_window_and_old_windows_are_deleted(years):
    from django.test import RequestFactory

    request = RequestFactory().get(f"{BASE}/years", REMOTE_ADDR="192.0.2.1")
    other = RequestFactory().get(f"{BASE}/years", REMOTE_ADDR="192.0.2.2")
    start = 60 * 29_000_000 + 5.0
    assert [rate_check(request, now=start).allowed for _ in range(3)] == [True, True, False]
    assert rate_check(other, now=start + 10).allowed
    assert RateWindow.objects.count() == 2
    assert "192.0.2" not in str(list(RateWindow.objects.values_list("client", flat=True)))
    later = rate_check(request, now=start + 60)
    assert later.allowed and later.hits == 1
    assert RateWindow.objects.count() == 3  # the previous minute is kept
    rate_check(request, now=start + 180)
    assert list(RateWindow.objects.values_list("minute", "hits")) == [(int(start // 60) + 3, 1)]
    assert rate_check(request, now=start + 234).retry_after == 1  # 4 min 59 s


@override_settings(AQB_PUBLIC_API_RATE=0)
def test_limit_zero_switches_the_limit_off(years):
    client = Client()
    assert all(client.get(f"{BASE}/years").status_code == 200 for _ in range(5))
    assert not RateWindow.objects.exists()


# --- CORS ------------------------------------------------------------------------------------

def test_cors_is_open_for_reading_without_credentials(years):
    r = get("/years", HTTP_ORIGIN="https://daten.example.org")
    assert r["Access-Control-Allow-Origin"] == "*"
    assert {"ETag", "Last-Modified", "Retry-After"} <= {
        h.strip() for h in r["Access-Control-Expose-Headers"].split(",")}
    assert "Access-Control-Allow-Credentials" not in r
    pre = Client().options(f"{BASE}/datasets/zuweisungen", HTTP_ORIGIN="https://x.example",
                           HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                           HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match")
    assert pre.status_code == 204
    assert pre["Access-Control-Allow-Origin"] == "*"
    assert pre["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    allowed = {h.strip().lower() for h in pre["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "if-modified-since"} <= allowed
    assert "Access-Control-Allow-Credentials" not in pre


def test_the_token_api_stays_without_cors(years):
    r = Client().get("/api/v1/regions", HTTP_ORIGIN="https://x.example")
    assert "Access-Control-Allow-Origin" not in r
    pre = Client().options("/api/v1/regions", HTTP_ORIGIN="https://x.example",
                           HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert "Access-Control-Allow-Origin" not in pre


# --- OpenAPI ---------------------------------------------------------------------------------

def test_the_openapi_document_lists_the_public_endpoints():
    schema = Client().get("/api/v1/openapi.json").json()
    paths = {p for p in schema["paths"] if p.startswith(BASE)}
    assert paths == {f"{BASE}/years", f"{BASE}/datasets", f"{BASE}/datasets/{{slug}}",
                     f"{BASE}/regions", f"{BASE}/regions/{{ags}}"}
    for p in paths:
        op = schema["paths"][p]["get"]
        assert op["tags"] == ["Öffentliche Daten"]
        assert not op.get("security")  # no token
        assert "application/problem+json" in op["responses"]["429"]["content"]
        assert op["responses"]["429"]["description"] == "Zu viele Anfragen"
    assert "/api/v1/regions" in schema["paths"]
    assert schema["paths"]["/api/v1/regions"]["get"]["security"]


# --- fuzz ------------------------------------------------------------------------------------

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()) \
    .include(path_regex=r"^/api/v1/public/")


@pytest.fixture
def keep_test_connection():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(max_examples=20, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow, HealthCheck.filter_too_much])
@override_settings(AQB_PUBLIC_API_RATE=0)
def test_the_public_api_conforms_to_its_schema(case, years, keep_test_connection):
    case.call_and_validate()
