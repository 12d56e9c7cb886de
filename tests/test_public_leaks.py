"""Nothing unpublished leaks (issue 12, item 5): an anonymous visitor walks every public page,
file, catalogue entry and public API answer it can reach by following links from the public
start points, and nothing in any answer (HTML, CSV, JSON, XLSX, PDF, Turtle, JSON-LD) shows:

- an unpublished programme year's data (marker amounts of 2026, a project only funded there),
- draft or unsigned agreement versions (their public URLs are 404),
- record-level participant data (pseudonyms) or a participant count of 1 or 2,
- personal names other than the signatories of published agreements (the users' names, the
  ministry official who published the year).

The data: the demo (2025 published with funding, participants and Waldeck-Frankenberg's signed
and published agreement; 25 drafts), plus an unpublished 2026 with marker amounts.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from aqb.accounts.models import Membership, Role, User
from aqb.agreements.models import Agreement, Status
from aqb.budgets import services as budgets
from aqb.monitoring.models import Participant
from aqb.projects import services as projects
from aqb.regions.models import Region, Signatory

pytestmark = pytest.mark.django_db

START = ["/", "/oeffentlich/", "/oeffentlich/suche/?q=Demo", "/oeffentlich/suche/?q=Geheim",
         "/opendata/", "/opendata/catalog.ttl", "/opendata/catalog.jsonld",
         "/api/v1/public/years", "/api/v1/public/datasets", "/api/v1/public/regions",
         "/veroeffentlicht/zielvereinbarungen/", "/tagungen/gute-praxis/"]
SKIP = ("/static/", "/media/", "/anmelden", "/abmelden", "/login", "/accounts/", "/konto/",
        "/api/v1/docs", "/api/v1/openapi")
MAX_URLS = 4000
HIDDEN_AMOUNT = Decimal("4242424.24")
HIDDEN_TEXTS = ["4242424.24", "4.242.424,24", "4242424,24", "Geheimprojekt Zukunftswerkstatt"]
OFFICIAL = ("Zacharias", "Quellenbrunn")
COUNT_COLUMNS = ("eintritte", "austritte", "anzahl", "teilnehmende", "bestand")


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(" ".join("" if c is None else str(c) for c in row)
                         for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
    if "pdf" in kind:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", errors="replace")


def _links(text: str, base: str) -> set[str]:
    found = set(re.findall(r'href="([^"#]+)', text))
    found |= set(re.findall(r'https?://testserver(/[^\s"\'<>\\]*)', text))
    found |= set(re.findall(r'"(/(?:opendata|oeffentlich|api/v1/public|veroeffentlicht)'
                            r'/[^"\s]*)"', text))
    out = set()
    for link in found:
        link = link.replace("&amp;", "&")
        parts = urlsplit(urljoin(base, link))
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http", "https"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIP):
            out.add(path)
    return out


def _rows_of(response, text: str) -> list[dict]:
    """Dataset rows in a JSON or CSV answer (for the structured checks)."""
    kind = response.get("Content-Type", "")
    if "json" in kind:
        try:
            data = json.loads(text)
        except ValueError:
            return []
        rows = data.get("rows") if isinstance(data, dict) else data
        return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
    if "csv" in kind:
        import csv

        return list(csv.DictReader(io.StringIO(text)))
    return []


@pytest.fixture
def world(django_user_model):
    call_command("demo_load", stdout=io.StringIO())
    official = User.objects.create_user("zq", password="x" * 20, first_name=OFFICIAL[0],
                                         last_name=OFFICIAL[1])
    Membership.objects.create(user=official, role=Role.MINISTRY)
    py = budgets.programme_year_create(actor=official, year=2026, total=Decimal("30000000"))
    wf = Region.objects.get(ags="06635")
    budgets.allocation_set(actor=official, programme_year=py, region=wf, amount=HIDDEN_AMOUNT)
    projects.project_create(actor=official, region=wf, measure_number=1, first_year=2026,
                            name="Geheimprojekt Zukunftswerkstatt")
    return official


def test_an_anonymous_walk_over_all_public_answers_shows_nothing_unpublished(client, world):
    signatories = {s.name for s in Signatory.objects.all()}
    names = {u.get_full_name() for u in User.objects.all()} - {""} - signatories
    assert f"{OFFICIAL[0]} {OFFICIAL[1]}" in names
    pseudonyms = list(Participant.objects.values_list("pseudonym", flat=True)[:200])
    assert pseudonyms
    forbidden = HIDDEN_TEXTS + sorted(names) + pseudonyms

    seen: dict[str, int] = {}
    todo = list(START)
    rows_checked = 0
    while todo and len(seen) < MAX_URLS:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        assert response.status_code in (200, 302, 304, 404), (url, response.status_code)
        if response.status_code == 302:
            assert "/anmelden" in response["Location"] or "login" in response["Location"], url
            continue
        if response.status_code != 200:
            continue
        text = _text(response)
        for marker in forbidden:
            assert marker not in text, f"{marker!r} steht in {url}"
        for row in _rows_of(response, text):
            rows_checked += 1
            assert str(row.get("jahr", "")) != "2026", url
            for column in COUNT_COLUMNS:
                value = str(row.get(column, "") or "").strip()
                assert value not in ("1", "2"), (url, column, row)
        if url.endswith((".pdf", ".xlsx")):
            continue
        todo.extend(sorted(_links(text, url) - set(seen)))
    assert len(seen) < MAX_URLS, "Der Rundgang endet nicht"
    ok = [u for u, s in seen.items() if s == 200]
    for must in ("/oeffentlich/2025/", "/oeffentlich/regionen/06635/",
                 "/opendata/catalog.ttl", "/opendata/daten/zuweisungen/zuweisungen-2025.csv",
                 "/opendata/daten/teilnehmende/teilnehmende-2025.csv"):
        assert must in ok, f"{must} wurde nicht erreicht"
    assert rows_checked > 100
    assert not any("2026" in u for u in ok), [u for u in ok if "2026" in u]

    # no draft or unsigned version has a public address (one test: the demo loads once)
    for agreement in Agreement.objects.exclude(status=Status.PUBLISHED):
        assert client.get(f"/veroeffentlicht/zielvereinbarungen/{agreement.pk}/").status_code \
            == 404
        assert client.get(
            f"/veroeffentlicht/zielvereinbarungen/{agreement.pk}/unterzeichnet.pdf"
        ).status_code == 404
    for url in ("/oeffentlich/2026/", "/opendata/daten/zuweisungen/zuweisungen-2026.csv",
                "/api/v1/public/datasets/zuweisungen?year=2026"):
        assert client.get(url).status_code == 404, url
