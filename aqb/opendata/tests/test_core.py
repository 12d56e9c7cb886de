"""Publication of years, the dataset registry and the public cache."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from aqb.audit.models import AuditEntry
from aqb.opendata import datasets, services
from aqb.opendata.cache import public_cache
from aqb.opendata.selectors import public_year_get, public_years

from .helpers import year_with_allocations

pytestmark = pytest.mark.django_db


def test_only_published_years_are_public(ministry_user):
    year_with_allocations(ministry_user, 2024, publish=True)
    py25 = year_with_allocations(ministry_user, 2025, publish=False)
    assert public_years() == [2024]
    with pytest.raises(Http404):
        public_year_get(2025)
    rows = datasets.ALLOCATIONS.rows()
    assert {r["jahr"] for r in rows} == {2024} and len(rows) == 26
    with pytest.raises(Http404):
        datasets.ALLOCATIONS.rows(year=2025)
    services.year_publish(actor=ministry_user, programme_year=py25)
    assert public_years() == [2024, 2025]
    assert AuditEntry.objects.filter(action="opendata.year.publish").count() == 2
    services.year_withdraw(actor=ministry_user, programme_year=py25)
    assert public_years() == [2024]
    assert AuditEntry.objects.filter(action="opendata.year.withdraw").count() == 1


def test_publishing_needs_the_ministry_and_allocations(ministry_user, region_user):
    from aqb.budgets import services as budgets
    empty = budgets.programme_year_create(actor=ministry_user, year=2030, total=Decimal("1"))
    with pytest.raises(ValidationError, match="keine Zuweisungen"):
        services.year_publish(actor=ministry_user, programme_year=empty)
    py = year_with_allocations(ministry_user, 2024, publish=False)
    with pytest.raises(PermissionDenied):
        services.year_publish(actor=region_user, programme_year=py)


def test_allocation_and_change_rows_read_the_current_amounts(ministry_user, region_wf):
    year_with_allocations(ministry_user, 2024, publish=True)
    [row] = datasets.ALLOCATIONS.rows(region=region_wf)
    assert row["ags"] == "06635" and row["aenderungen"] == Decimal("-5000.00")
    assert row["zuweisung_aktuell"] == row["zuweisung"] - Decimal("5000")
    assert set(row) == set(datasets.ALLOCATIONS.field_names)
    [change] = datasets.CHANGES.rows(year=2024)
    assert change["art"] == "Kürzung" and change["betrag"] == Decimal("-5000.00")
    assert set(change) == set(datasets.CHANGES.field_names)


def test_public_cache_answers_from_cache_until_an_audited_change(ministry_user):
    from django.contrib.auth.models import AnonymousUser
    calls = []

    @public_cache
    def view(request):
        calls.append(1)
        return HttpResponse(f"Aufruf {len(calls)}")

    def get(**headers):
        request = RequestFactory().get("/oeffentlich/x/", **headers)
        request.user = AnonymousUser()
        return view(request)

    first = get()
    assert first.status_code == 200 and first["ETag"] and get().content == b"Aufruf 1"
    assert get(HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    year_with_allocations(ministry_user, 2024, publish=True)  # audited changes
    assert get().content == b"Aufruf 2"
    assert get(HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_page_that_used_the_visitors_csrf_token_is_not_shared(client):
    from django.middleware.csrf import get_token
    from django.test import Client

    calls = []

    @public_cache
    def view(request):
        calls.append(1)
        return HttpResponse(f"Token {get_token(request)}")

    from django.contrib.auth.models import AnonymousUser
    for _ in range(2):
        request = RequestFactory().get("/oeffentlich/y/")
        request.user = AnonymousUser()
        view(request)
    assert len(calls) == 2  # not cached
    page = Client().get("/oeffentlich/")
    assert "csrf" not in page.content.decode().lower() and not page.cookies
